import type { PlanInstance } from '@yilian/domain';
import { usable } from './build-model.js';
import { seededRandom } from './generate-instance.js';
import { indexInstance, objectiveValue, type Pair } from './instance-index.js';
import { checkHardRules } from './rules.js';

// Small instances and their optimum by exhaustive search, for the optimizer's tests (imported by
// *.test.ts files only).

/** Every valid plan of a small instance, scored with the same objective, by depth-first search. */
export function bruteForceOptimum(instance: PlanInstance): number {
  const { index: ix } = indexInstance(instance);
  const slots: { expert: string; options: string[] }[] = [];
  for (const e of instance.experts) {
    for (const p of instance.periods) {
      const options = instance.demands
        .filter((d) => d.periodIndex === p.index && usable(ix, e, d))
        .map((d) => d.id);
      if (options.length) slots.push({ expert: e.id, options });
    }
  }
  const plan: Pair[] = [];
  let best = -Infinity;
  const visit = (i: number) => {
    if (i === slots.length) {
      best = Math.max(best, objectiveValue(ix, plan));
      return;
    }
    visit(i + 1); // this expert stays home in this period
    for (const demandId of slots[i].options) {
      plan.push({ expertId: slots[i].expert, demandId });
      if (checkHardRules({ ...instance, locks: [] }, plan).length === 0) visit(i + 1);
      plan.pop();
    }
  };
  visit(0);
  return best;
}

/**
 * Small, dense instances for brute force: the realistic generator leaves too few candidates at
 * this size (availability gaps and staffing limits), so these are drawn uniformly instead.
 */
export function smallInstance(seed: number): PlanInstance {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const nPeriods = int(2, 3);
  const specialties = ['a', 'b'].slice(0, int(1, 2));
  const periods = Array.from({ length: nPeriods }, (_, i) => ({
    index: i,
    start: '',
    end: '',
    weeks: int(1, 3),
  }));
  const departments = [0, 1].map((i) => ({ id: `dep${i}`, name: `Dep ${i}`, maxAway: int(1, 2) }));
  const experts = Array.from({ length: int(3, 4) }, (_, i) => ({
    id: `e${i}`,
    name: `Expert ${i}`,
    specialty: specialties[int(0, specialties.length - 1)],
    titleRank: int(1, 4),
    departmentId: departments[int(0, 1)].id,
    availablePeriods: periods.map((p) => p.index).filter(() => rnd() < 0.85),
    maxWeeksAway: int(1, 3 * nPeriods),
  }));
  const demands = [];
  for (const site of ['s0', 's1'])
    for (const p of periods)
      for (const specialty of specialties)
        if (rnd() < 0.6)
          demands.push({
            id: `d${demands.length}`,
            siteId: site,
            periodIndex: p.index,
            specialty,
            minTitleRank: int(1, 3),
            count: int(1, 2),
            priority: int(1, 5),
          });
  const sites = [
    { id: 's0', name: 'Site 0' },
    { id: 's1', name: 'Site 1' },
  ];
  // Weights large enough that continuity and fairness change which plan is best.
  const weights = { continuity: int(0, 30) / 10, fairness: int(0, 60) / 100 };
  return { periods, sites, departments, experts, demands, locks: [], weights };
}
