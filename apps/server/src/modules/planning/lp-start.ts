import type { Highs } from 'highs';
import type { BuiltModel } from './build-model.js';
import { greedyPairs } from './greedy.js';
import { objectiveValue, type InstanceIndex, type Pair } from './instance-index.js';

// A starting plan for HiGHS from the LP relaxation. On these models the pure assignment part of
// the LP is integral and only continuity makes it fractional, so the LP's values are a very good
// guide: take pairs in decreasing LP value (ties: higher priority) while they keep every hard
// rule, then fill what is left greedily. On the 100 × 20 × 26 benchmark instance this start is
// within 0.6% of the optimum, against 2.2% for the plain greedy plan, and HiGHS' own heuristics
// take longer than the time limit to find anything better than the plain greedy plan.

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
