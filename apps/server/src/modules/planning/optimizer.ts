import type { PlanInstance, PlanProgress, PlanResult } from '@yilian/domain';
import loadHighs, { type Highs } from 'highs';
import { buildModel, type BuiltModel } from './build-model.js';
import { decompose } from './decompose.js';
import { indexInstance, objectiveValue, type InstanceIndex, type Pair } from './instance-index.js';
import { greedyPairs } from './greedy.js';
import { failedResult, toResult } from './result.js';
import { checkLocks, violations } from './rules.js';

// The dispatch-plan optimizer: a MIP (see build-model.ts for the model and instance-index.ts for
// the objective) solved by HiGHS compiled to WebAssembly, in the calling thread. It blocks while
// HiGHS runs, so the server calls it through solveInWorker.
//
// Bound and gap: HiGHS' persistent API reports the best proven bound of the branch-and-bound
// (info "mip_dual_bound", an upper bound since we maximise). We report that bound, and the gap
// (bound − objective) / max(1, |objective|) computed from it and from the objective of the plan
// we return, recomputed by objectiveValue(). No log parsing and no separate LP relaxation.

export interface OptimizeOptions {
  /** Wall-clock limit for HiGHS in seconds (default 30). */
  timeLimitSeconds?: number;
  /** Stop when the relative gap is at most this (default 1e-6, i.e. prove optimality). */
  relativeGap?: number;
  onProgress?: (p: PlanProgress) => void;
  /** Try solving by parts first (decompose.ts); off, HiGHS solves the whole model (default on). */
  byParts?: boolean;
}

let highsLoading: Promise<Highs> | null = null;
/** HiGHS is loaded once per thread: compiling the WebAssembly takes a few hundred milliseconds. */
function highs(): Promise<Highs> {
  return (highsLoading ??= loadHighs());
}

export async function optimizePlan(instance: PlanInstance, opts: OptimizeOptions = {}): Promise<PlanResult> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const progress = (phase: PlanProgress['phase'], message?: string) =>
    opts.onProgress?.({ phase, elapsedSeconds: elapsed(), ...(message ? { message } : {}) });

  progress('building');
  const { index, problems } = indexInstance(instance);
  if (problems.length) return failedResult(index, 'error', problems.join('; '), elapsed());
  const lockProblems = checkLocks(index);
  if (lockProblems.length) return failedResult(index, 'infeasible', lockProblems.join('; '), elapsed());

  const solver = await highs();
  const built = buildModel(index, solver.infinity, solver.constants.objectiveSense.maximize);
  const stats = () => ({
    variables: built.data.numCols,
    constraints: built.data.numRows,
    seconds: elapsed(),
  });
  const finish = (plan: Pair[], status: PlanResult['status'], bound: number | null, message?: string) => {
    progress('explaining');
    const result = toResult(index, plan, { status, bound, stats: stats(), message });
    result.stats.seconds = elapsed();
    progress('done', `${status}, objective ${result.objective?.toFixed(2)}`);
    return result;
  };
  if (built.pairs.length === 0) return finish([], 'optimal', 0, 'No expert can fill any demand');

  const timeLimit = Math.max(0.1, opts.timeLimitSeconds ?? 30);
  // First by parts (decompose.ts), which on the benchmark's instances proves the optimum without
  // branch and bound on the whole model. It may use 90% of the limit; what it leaves unproven goes
  // to HiGHS whole for the time left, with its plan as the start and its bound kept.
  progress('solving', `by parts: ${built.data.numCols} variables, ${built.data.numRows} constraints in all`);
  const byParts =
    opts.byParts === false
      ? null
      : decompose(solver, index, {
          deadline: t0 + timeLimit * 900,
          relativeGap: opts.relativeGap ?? 1e-6,
          progress: (m) => progress('solving', m),
        });
  const partsPlan = byParts && !violations(index, byParts.plan, true).length ? byParts : null;
  if (partsPlan?.proven) return finish(partsPlan.plan, 'optimal', partsPlan.bound);
  // Too little time left for branch and bound on the whole model to improve on the parts (its
  // root LP alone takes longer on large models, and HiGHS cannot always be stopped there).
  if (partsPlan && timeLimit - elapsed() < timeLimit * 0.25)
    return finish(partsPlan.plan, 'time_limit', partsPlan.bound);
  const { plan: start, lpBound } = partsPlan
    ? { plan: partsPlan.plan, lpBound: partsPlan.bound }
    : // At most 45% of the limit for the LP: on the largest benchmark model (40k columns) the LP
      // takes about 8 CPU seconds, and without it there is neither a good start nor a usable bound.
      lpGuidedStart(solver, index, built, Math.max(0.1, (timeLimit - elapsed()) * 0.45));
  const model = solver.createModel(built.data);
  try {
    model.options.set({
      output_flag: false,
      // What is left of the caller's limit, less a moment to read, check and explain the plan.
      time_limit: Math.max(0.1, timeLimit - elapsed() - 0.25),
      mip_rel_gap: opts.relativeGap ?? 1e-6,
      random_seed: 0,
    });
    // The LP-guided plan as a starting incumbent: HiGHS checks it and starts branch-and-bound with
    // a feasible plan, so even a run cut short by the time limit has something to improve on.
    model.setSolution({ colValue: built.startFrom(start) });
    progress('solving', 'branch and bound');
    let lastReport = 0;
    const { callbackType, modelStatus } = solver.constants;
    const run = model.run({
      // The root LP of a large model runs long before the first MIP checkpoint: guard it too.
      [callbackType.simplexInterrupt](event) {
        if (elapsed() > timeLimit - 0.25) event.interrupt();
      },
      [callbackType.mipInterrupt](event) {
        const now = elapsed();
        // HiGHS' own clock starts after our LP and can overrun in presolve; the caller's limit is
        // on the whole call, so stop at the first checkpoint past it.
        if (now > timeLimit - 0.25) {
          event.interrupt();
          return;
        }
        const { mip_primal_bound: inc, mip_dual_bound: bnd, mip_gap: gap } = event.data;
        // The parts' bound may be tighter than HiGHS' own: a plan that reaches it is optimal.
        if (lpBound !== null && inc !== undefined && inc >= lpBound - 1e-7) {
          event.interrupt();
          return;
        }
        if (now - lastReport < 1) return;
        lastReport = now;
        progress('solving', `incumbent ${fmt(inc)}, bound ${fmt(bnd)}, gap ${fmt((gap ?? NaN) * 100)}%`);
      },
    });
    const status = run.modelStatus;
    const hasPlan = Number(model.info.get('primal_solution_status')) === 2;
    const dualBound = Number(model.info.get('mip_dual_bound'));
    // Both are proven upper bounds (the LP relaxation's optimum and branch and bound's); report the
    // tighter. When HiGHS stops before its root LP, its own bound is the trivial sum of all gains.
    const bounds = [dualBound, lpBound ?? Infinity].filter(Number.isFinite);
    const bound = bounds.length ? Math.min(...bounds) : null;
    if (status === modelStatus.infeasible)
      return failedResult(index, 'infeasible', 'HiGHS proved that no plan keeps every hard rule', elapsed());
    if (
      status !== modelStatus.optimal &&
      status !== modelStatus.timeLimit &&
      status !== modelStatus.interrupted
    )
      return failedResult(index, 'error', `HiGHS stopped with model status ${status}`, elapsed());
    if (!hasPlan)
      return finish(
        start,
        'time_limit',
        bound,
        'HiGHS found no plan in time; the LP-guided greedy plan is returned',
      );

    const x = model.getSolution().colValue;
    const found: Pair[] = [];
    built.pairs.forEach((p, j) => {
      if (x[j] > 0.5) found.push({ expertId: p.expert.id, demandId: p.demand.id });
    });
    // A safety net against numerical trouble: the returned plan must pass the independent rule check.
    const broken = violations(index, found, true);
    if (broken.length)
      return failedResult(index, 'error', `Solver plan breaks rules: ${broken.join('; ')}`, elapsed());
    const plan = objectiveValue(index, start) > objectiveValue(index, found) ? start : found;
    // Reaching a bound proves optimality, whoever found the bound (HiGHS or the parts' LPs).
    const proven =
      status === modelStatus.optimal || (bound !== null && objectiveValue(index, plan) >= bound - 1e-7);
    return finish(plan, proven ? 'optimal' : 'time_limit', bound);
  } finally {
    model.dispose();
  }
}

function fmt(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(2);
}

// A starting plan for HiGHS from the LP relaxation. On these models the pure assignment part of
// the LP is integral and only continuity makes it fractional, so the LP's values are a very good
// guide: take pairs in decreasing LP value (ties: higher priority) while they keep every hard
// rule, then fill what is left greedily. On the 100 × 20 × 26 benchmark instance this start is
// within 0.6% of the optimum, against 2.1% for the plain greedy plan, and in our runs HiGHS' own heuristics
// needed more than 20 s to find anything better than the plain greedy plan.

export function lpGuidedStart(
  solver: Highs,
  ix: InstanceIndex,
  built: BuiltModel,
  timeLimitSeconds: number,
): { plan: Pair[]; lpBound: number | null } {
  const greedy = greedyPairs(ix);
  const lp = solver.createModel({ ...built.data, integrality: undefined });
  try {
    lp.options.set({ output_flag: false, time_limit: Math.max(0.1, timeLimitSeconds) });
    const run = lp.run();
    if (run.modelStatus !== solver.constants.modelStatus.optimal) return { plan: greedy, lpBound: null };
    const x = lp.getSolution().colValue;
    const order = built.pairs
      .map((p, j) => ({ expertId: p.expert.id, demandId: p.demand.id, v: x[j], priority: p.demand.priority }))
      .filter((p) => p.v > 1e-6)
      .sort((a, b) => b.v - a.v || b.priority - a.priority);
    const rounded = greedyPairs(ix, order);
    const plan = objectiveValue(ix, rounded) >= objectiveValue(ix, greedy) ? rounded : greedy;
    return { plan, lpBound: lp.getObjectiveValue() };
  } finally {
    lp.dispose();
  }
}
