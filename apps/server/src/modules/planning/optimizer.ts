import type { PlanInstance, PlanProgress, PlanResult } from '@yilian/domain';
import loadHighs, { type Highs } from 'highs';
import { buildModel } from './build-model.js';
import { indexInstance, type Pair } from './instance-index.js';
import { lpGuidedStart } from './lp-start.js';
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
  progress('solving', `LP relaxation: ${built.data.numCols} variables, ${built.data.numRows} constraints`);
  const { plan: start } = lpGuidedStart(solver, index, built, timeLimit / 2);
  const model = solver.createModel(built.data);
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.1, timeLimit - elapsed()),
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
      [callbackType.mipInterrupt](event) {
        const now = elapsed();
        if (now - lastReport < 1) return;
        lastReport = now;
        const { mip_primal_bound: inc, mip_dual_bound: bnd, mip_gap: gap } = event.data;
        progress('solving', `incumbent ${fmt(inc)}, bound ${fmt(bnd)}, gap ${fmt((gap ?? NaN) * 100)}%`);
      },
    });
    const status = run.modelStatus;
    const hasPlan = Number(model.info.get('primal_solution_status')) === 2;
    const dualBound = Number(model.info.get('mip_dual_bound'));
    const bound = Number.isFinite(dualBound) ? dualBound : null;
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
    const plan: Pair[] = [];
    built.pairs.forEach((p, j) => {
      if (x[j] > 0.5) plan.push({ expertId: p.expert.id, demandId: p.demand.id });
    });
    // A safety net against numerical trouble: the returned plan must pass the independent rule check.
    const broken = violations(index, plan, true);
    if (broken.length)
      return failedResult(index, 'error', `Solver plan breaks rules: ${broken.join('; ')}`, elapsed());
    return finish(plan, status === modelStatus.optimal ? 'optimal' : 'time_limit', bound);
  } finally {
    model.dispose();
  }
}

function fmt(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(2);
}
