import type { PlanInstance, PlanProgress, PlanResult, PlanVersionSummary } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, notFound } from '../../errors.js';
import { notify } from '../notification/notify.js';
import { solveInWorker } from '../planning/solve-in-worker.js';
import { audited } from '../shared/audited.js';
import { buildInstance } from './plan-instance.js';
import { transition } from './plan.machine.js';
import * as plans from './plan.service.js';

// A solve runs in the background: the request stores a new version with its input snapshot and
// answers 202; the optimizer works in a worker thread; progress goes into the version row (the
// page polls it) and the end sends the planner a notification (the SSE stream). The server's
// event loop never waits on the solver.

interface Running {
  controller: AbortController;
  done: Promise<void>;
}
const running = new WeakMap<Services, Map<string, Running>>();

/** Stops the solves of an app that is closing and waits for them to record their end. */
export async function stopSolves(s: Services): Promise<void> {
  const jobs = running.get(s);
  if (!jobs) return;
  for (const j of jobs.values()) j.controller.abort();
  await Promise.all([...jobs.values()].map((j) => j.done));
}

/** A version still "solving" long after its time limit belonged to a process that stopped. */
function stale(startedAt: string, timeLimitSeconds: number, now: Date) {
  return now.getTime() - Date.parse(startedAt) > (timeLimitSeconds + 120) * 1000;
}

type VersionRow = {
  id: string;
  planId: string;
  version: number;
  status: 'solving' | 'solved' | 'failed';
  result: unknown;
  progress: unknown;
  solvedBy: string;
  startedAt: string;
  finishedAt: string | null;
};
export function summarise(v: VersionRow): PlanVersionSummary {
  const r = v.result as PlanResult | null;
  return {
    id: v.id,
    planId: v.planId,
    version: v.version,
    status: v.status,
    solveStatus: r?.status ?? null,
    objective: r?.objective ?? null,
    gap: r?.gap ?? null,
    coverage: r?.coverage ?? null,
    progress: (v.progress as PlanProgress | null) ?? null,
    solvedBy: v.solvedBy,
    startedAt: v.startedAt,
    finishedAt: v.finishedAt,
  };
}

export async function startSolve(s: Services, p: Principal, actor: Actor, planId: string) {
  const plan = await plans.getManaged(s, p, planId);
  const latest = await s.db
    .selectFrom('dispatchPlanVersions')
    .select(['status', 'startedAt'])
    .where('planId', '=', planId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  const abandoned =
    plan.status === 'solving' && latest && stale(latest.startedAt, plan.timeLimitSeconds, s.now());
  const from = abandoned ? 'draft' : plan.status;
  transition(from, 'solve');
  const instance = await buildInstance(s.db, plan);
  if (instance.demands.length === 0)
    throw conflict('no demand falls in the horizon at the plan’s sites: file demand first');
  const startedAt = s.now().toISOString();
  const version = await audited(s, actor, async (trx) => {
    // The row lock and the state re-read make a second click answer 409, not start a second solve.
    const row = await trx
      .selectFrom('dispatchPlans')
      .select(['status', 'currentVersion'])
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== plan.status || row.currentVersion !== plan.currentVersion)
      throw conflict('the plan changed at the same time; reload it');
    // A solve abandoned by a stopped process is closed as failed before the new one starts.
    if (abandoned)
      await trx
        .updateTable('dispatchPlanVersions')
        .set({ status: 'failed', finishedAt: startedAt })
        .where('planId', '=', planId)
        .where('status', '=', 'solving')
        .execute();
    const next = row.currentVersion + 1;
    await trx
      .updateTable('dispatchPlans')
      .set({ status: 'solving', currentVersion: next, updatedAt: new Date().toISOString() })
      .where('id', '=', planId)
      .execute();
    const v = await trx
      .insertInto('dispatchPlanVersions')
      .values({
        consortiumId: plan.consortiumId,
        planId,
        version: next,
        status: 'solving',
        input: JSON.stringify(instance),
        result: null,
        progress: JSON.stringify({ phase: 'building', elapsedSeconds: 0 }),
        solvedBy: actor.username ?? 'system',
        startedAt,
        finishedAt: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: v as VersionRow,
      event: {
        action: 'dispatch_plan.solve' as const,
        entityType: 'dispatch_plan',
        entityId: planId,
        consortiumId: plan.consortiumId,
        after: {
          version: next,
          experts: instance.experts.length,
          demands: instance.demands.length,
          periods: instance.periods.length,
          locks: instance.locks.length,
        },
      },
    };
  });
  launch(
    s,
    actor,
    { id: plan.id, name: plan.name, consortiumId: plan.consortiumId },
    version,
    instance,
    p.userId,
    plan.timeLimitSeconds,
  );
  return { plan: await plans.get(s, p, planId), version: summarise(version) };
}

function launch(
  s: Services,
  actor: Actor,
  plan: { id: string; name: string; consortiumId: string },
  version: VersionRow,
  instance: PlanInstance,
  userId: string,
  timeLimitSeconds: number,
) {
  const jobs = running.get(s) ?? new Map<string, Running>();
  running.set(s, jobs);
  const controller = new AbortController();
  let lastWrite = 0;
  const onProgress = (pr: PlanProgress) => {
    // At most one progress write a second; the final state is written by finish().
    const now = Date.now();
    if (now - lastWrite < 1000 && pr.phase !== 'explaining') return;
    lastWrite = now;
    void s.db
      .updateTable('dispatchPlanVersions')
      .set({ progress: JSON.stringify(pr) })
      .where('id', '=', version.id)
      .where('status', '=', 'solving')
      .execute()
      .catch(() => undefined);
  };
  const done = solveInWorker(instance, { timeLimitSeconds, onProgress, signal: controller.signal })
    .catch((err: unknown): PlanResult => ({
      status: 'error',
      objective: null,
      bound: null,
      gap: null,
      assignments: [],
      unmet: [],
      coverage: { filled: 0, demanded: instance.demands.reduce((n, d) => n + d.count, 0), weighted: 0 },
      stats: { variables: 0, constraints: 0, seconds: 0 },
      message: controller.signal.aborted
        ? 'the server stopped during the solve'
        : String((err as Error)?.message ?? err),
    }))
    .then((result: PlanResult) => finish(s, actor, plan, version, result, userId))
    .catch((err: unknown) => {
      // The database may be gone (the app is closing); the version stays "solving" and a later
      // solve treats it as abandoned.
      console.error('dispatch plan solve could not be recorded', err);
    })
    .finally(() => jobs.delete(version.id));
  jobs.set(version.id, { controller, done });
}

async function finish(
  s: Services,
  actor: Actor,
  plan: { id: string; name: string; consortiumId: string },
  version: VersionRow,
  result: PlanResult,
  userId: string,
) {
  const ok = result.status === 'optimal' || result.status === 'time_limit';
  await audited(s, actor, async (trx) => {
    const row = await trx
      .selectFrom('dispatchPlans')
      .select(['status', 'currentVersion'])
      .where('id', '=', plan.id)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .updateTable('dispatchPlanVersions')
      .set({
        status: ok ? 'solved' : 'failed',
        result: JSON.stringify(result),
        progress: JSON.stringify({ phase: 'done', elapsedSeconds: result.stats.seconds }),
        finishedAt: new Date().toISOString(),
      })
      .where('id', '=', version.id)
      .execute();
    if (row && row.status === 'solving' && row.currentVersion === version.version)
      await trx
        .updateTable('dispatchPlans')
        .set({ status: transition('solving', ok ? 'finish' : 'fail'), updatedAt: new Date().toISOString() })
        .where('id', '=', plan.id)
        .execute();
    await notify(trx, [userId], {
      kind: ok ? 'dispatch_plan.solved' : 'dispatch_plan.failed',
      title: ok
        ? `下沉排班「${plan.name}」第 ${version.version} 版已求解 / plan solved`
        : `下沉排班「${plan.name}」第 ${version.version} 版未能求解 / plan not solved`,
      body: ok ? `${result.coverage.filled}/${result.coverage.demanded}` : (result.message ?? result.status),
      consortiumId: plan.consortiumId,
    });
    return {
      result: null,
      event: {
        action: ok ? ('dispatch_plan.solved' as const) : ('dispatch_plan.failed' as const),
        entityType: 'dispatch_plan',
        entityId: plan.id,
        consortiumId: plan.consortiumId,
        after: {
          version: version.version,
          status: result.status,
          objective: result.objective,
          gap: result.gap,
          filled: result.coverage.filled,
          demanded: result.coverage.demanded,
        },
      },
    };
  });
}

const versionColumns = [
  'id',
  'planId',
  'version',
  'status',
  'result',
  'progress',
  'solvedBy',
  'startedAt',
  'finishedAt',
] as const;

export async function versions(s: Services, p: Principal, planId: string): Promise<PlanVersionSummary[]> {
  await plans.get(s, p, planId);
  const rows = await s.db
    .selectFrom('dispatchPlanVersions')
    .select(versionColumns)
    .where('planId', '=', planId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => summarise(r as VersionRow));
}

export async function version(s: Services, p: Principal, planId: string, n: number) {
  await plans.get(s, p, planId);
  const row = await s.db
    .selectFrom('dispatchPlanVersions')
    .select([...versionColumns, 'input'])
    .where('planId', '=', planId)
    .where('version', '=', n)
    .executeTakeFirst();
  if (!row) throw notFound('plan version');
  return {
    ...summarise(row as VersionRow),
    input: row.input as PlanInstance,
    result: (row.result as PlanResult | null) ?? null,
  };
}
