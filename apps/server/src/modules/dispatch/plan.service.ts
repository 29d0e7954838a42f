import type { DispatchPlan, Page, PlanCreate, PlanListQuery, PlanLockBody, PlanUpdate } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { audited } from '../shared/audited.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { consortiumToActIn } from './access.js';
import { transition } from './plan.machine.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// Rotation plans (轮派计划): a horizon cut into periods, the sites to plan for, the weights of
// continuity and fairness, and the assignments the planner has locked. Each solve is a version
// (plan-solve.ts). The office plans; members of the consortium may read.

const DEFAULT_WEIGHTS = { continuity: 0.5, fairness: 0.05 };

function base(s: Services, p: Principal) {
  return s.db.selectFrom('dispatchPlans as pl').where(consortiumVisible(p, 'pl.consortiumId'));
}
const columns = [
  'pl.id',
  'pl.consortiumId',
  'pl.name',
  'pl.horizonStart',
  'pl.horizonEnd',
  'pl.periodKind',
  'pl.hostInstitutionIds',
  'pl.weights',
  'pl.timeLimitSeconds',
  'pl.locks',
  'pl.status',
  'pl.currentVersion',
  'pl.appliedVersion',
  'pl.appliedBatchId',
  'pl.createdBy',
  'pl.createdAt',
  'pl.updatedAt',
] as const;

export async function list(s: Services, p: Principal, q: PlanListQuery): Promise<Page<DispatchPlan>> {
  let qb = base(s, p);
  if (q.q) qb = qb.where('pl.name', 'ilike', likePattern(q.q));
  if (q.status) qb = qb.where('pl.status', '=', q.status);
  return paginate(qb, q, (b) =>
    b.select(columns).orderBy('pl.horizonStart', 'desc').orderBy('pl.createdAt', 'desc'),
  );
}

export async function get(s: Services, p: Principal, id: string): Promise<DispatchPlan> {
  const row = await base(s, p).select(columns).where('pl.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('plan');
  return row;
}

/** A plan the user may change (the office of its consortium), or 403. */
export async function getManaged(s: Services, p: Principal, id: string): Promise<DispatchPlan> {
  const plan = await get(s, p, id);
  if (!managesConsortium(p, plan.consortiumId)) throw forbidden();
  return plan;
}

const entity = (consortiumId: string) => ({
  table: 'dispatchPlans' as const,
  entityType: 'dispatch_plan',
  consortiumId,
});

async function checkSites(s: Services, consortiumId: string, ids: string[] | null | undefined) {
  if (!ids?.length) return;
  const rows = await s.db
    .selectFrom('memberships')
    .select('institutionId')
    .where('consortiumId', '=', consortiumId)
    .where('institutionId', 'in', ids)
    .execute();
  if (new Set(rows.map((r) => r.institutionId)).size !== new Set(ids).size)
    throw invalid('hostInstitutionIds', 'every site must be a member institution of the consortium');
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: PlanCreate,
): Promise<DispatchPlan> {
  const consortiumId = await consortiumToActIn(s.db, p, body.consortiumId, {});
  if (!managesConsortium(p, consortiumId)) throw forbidden();
  await checkSites(s, consortiumId, body.hostInstitutionIds);
  const id = await insertRow(s, actor, entity(consortiumId), {
    consortiumId,
    name: body.name,
    horizonStart: body.horizonStart,
    horizonEnd: body.horizonEnd,
    periodKind: body.periodKind,
    hostInstitutionIds: JSON.stringify(body.hostInstitutionIds?.length ? body.hostInstitutionIds : null),
    weights: JSON.stringify(body.weights ?? DEFAULT_WEIGHTS),
    timeLimitSeconds: body.timeLimitSeconds ?? 20,
    locks: '[]',
    createdBy: actor.username ?? 'system',
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: PlanUpdate,
): Promise<DispatchPlan> {
  const current = await getManaged(s, p, id);
  transition(current.status, 'edit');
  const next = { ...current, ...patch };
  if (next.horizonEnd < next.horizonStart) throw invalid('horizonEnd', 'must not be before horizonStart');
  await checkSites(s, current.consortiumId, patch.hostInstitutionIds);
  const { hostInstitutionIds, weights, ...plain } = patch;
  const values = {
    ...plain,
    ...(hostInstitutionIds !== undefined
      ? { hostInstitutionIds: JSON.stringify(hostInstitutionIds?.length ? hostInstitutionIds : null) }
      : {}),
    ...(weights ? { weights: JSON.stringify(weights) } : {}),
  };
  await updateRow(s, actor, { ...entity(current.consortiumId), id, current, patch, values }, async (trx) => {
    const row = await trx
      .selectFrom('dispatchPlans')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (row) transition(row.status, 'edit');
  });
  return get(s, p, id);
}

/** An applied plan stays as the record of what was posted (409). */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getManaged(s, p, id);
  if (current.status === 'applied' || current.status === 'solving')
    throw conflict(`a ${current.status} plan cannot be deleted`);
  await deleteRow(s, actor, {
    ...entity(current.consortiumId),
    id,
    before: { ...current, locks: undefined },
  });
}

/**
 * Locks or unlocks one assignment (an expert on a demand of a period). A lock must name an
 * expert and a demand of the plan's latest input; the next solve keeps it.
 */
export async function setLock(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: PlanLockBody,
): Promise<DispatchPlan> {
  const plan = await getManaged(s, p, id);
  transition(plan.status, 'lock');
  if (body.locked) {
    const latest = await s.db
      .selectFrom('dispatchPlanVersions')
      .select('input')
      .where('planId', '=', id)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    const input = latest?.input as { experts: { id: string }[]; demands: { id: string }[] } | undefined;
    if (!input?.experts.some((e) => e.id === body.expertId))
      throw invalid('expertId', 'not an expert of the plan (solve it first)');
    if (!input.demands.some((d) => d.id === body.demandId))
      throw invalid('demandId', 'not a demand of the plan');
  }
  await audited(s, actor, async (trx) => {
    const row = await trx
      .selectFrom('dispatchPlans')
      .select(['status', 'locks'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    transition(row.status, 'lock');
    const same = (l: { expertId: string; demandId: string }) =>
      l.expertId === body.expertId && l.demandId === body.demandId;
    // One lock per expert and period: locking an expert elsewhere in the same period replaces it.
    const period = body.demandId.split(':')[1];
    const others = row.locks.filter(
      (l) =>
        !same(l) && !(body.locked && l.expertId === body.expertId && l.demandId.split(':')[1] === period),
    );
    const locks = body.locked ? [...others, { expertId: body.expertId, demandId: body.demandId }] : others;
    await trx
      .updateTable('dispatchPlans')
      .set({ locks: JSON.stringify(locks), updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    return {
      result: null,
      event: {
        action: body.locked ? 'dispatch_plan.lock' : 'dispatch_plan.unlock',
        entityType: 'dispatch_plan',
        entityId: id,
        consortiumId: plan.consortiumId,
        before: { locks: row.locks.length },
        after: { expertId: body.expertId, demandId: body.demandId, locks: locks.length },
      },
    };
  });
  return get(s, p, id);
}
