import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanInstance, PlanLock } from '@yilian/domain';
import { usable } from './build-model.js';
import { generateInstance, seededRandom } from './generate-instance.js';
import { greedyPairs } from './greedy.js';
import { indexInstance, objectiveValue, type Pair } from './instance-index.js';
import { optimizePlan } from './optimizer.js';
import { checkHardRules } from './rules.js';

// Pure-logic tests of the optimizer: hard rules on random instances, the optimum against brute
// force on small ones, and locks.

/** Every valid plan of a small instance, scored with the same objective, by depth-first search. */
function bruteForceOptimum(instance: PlanInstance): number {
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
function smallInstance(seed: number): PlanInstance {
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

describe('optimizePlan against brute force', () => {
  it('reaches the brute-force optimum on 60 small instances', async () => {
    let nonTrivial = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const instance = smallInstance(seed);
      const result = await optimizePlan(instance, { relativeGap: 0, timeLimitSeconds: 20 });
      expect(result.status, `seed ${seed}`).toBe('optimal');
      expect(result.objective!, `seed ${seed}`).toBeCloseTo(bruteForceOptimum(instance), 6);
      expect(result.gap!).toBeLessThan(1e-6);
      expect(checkHardRules(instance, result.assignments)).toEqual([]);
      if (result.assignments.length >= 3) nonTrivial++;
    }
    // Guard against a generator that drifts into empty plans, where the check proves nothing.
    expect(nonTrivial).toBeGreaterThan(30);
  });
});

describe('optimizePlan on random instances', () => {
  it('returns plans that keep every hard rule and every (valid, random) lock', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          experts: fc.integer({ min: 2, max: 14 }),
          sites: fc.integer({ min: 1, max: 4 }),
          periods: fc.integer({ min: 1, max: 6 }),
          lockShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
        }),
        async ({ seed, lockShare, ...size }) => {
          const instance = generateInstance({ ...size, seed });
          // Valid locks: a random part of a valid plan (the greedy one).
          const { index } = indexInstance(instance);
          const rnd = seededRandom(seed);
          const locks: PlanLock[] = greedyPairs(index)
            .filter(() => rnd() < lockShare)
            .map(({ expertId, demandId }) => ({ expertId, demandId }));
          instance.locks = locks;
          const result = await optimizePlan(instance, { timeLimitSeconds: 5 });
          expect(['optimal', 'time_limit']).toContain(result.status);
          expect(checkHardRules(instance, result.assignments)).toEqual([]);
          for (const lock of locks) {
            const kept = result.assignments.find(
              (a) => a.expertId === lock.expertId && a.demandId === lock.demandId,
            );
            expect(kept?.locked).toBe(true);
          }
          expect(result.objective!).toBeLessThanOrEqual(result.bound! + 1e-6);
          expect(result.coverage.filled).toBe(result.assignments.length);
        },
      ),
      { numRuns: 30, seed: 20261125 },
    );
  });
});

describe('locks', () => {
  const instance = generateInstance({ experts: 12, sites: 3, periods: 4, seed: 42 });

  it('keeps an assignment locked elsewhere when solving again', async () => {
    const first = await optimizePlan(instance, { timeLimitSeconds: 30 });
    expect(first.status).toBe('optimal');
    const { index } = indexInstance(instance);
    // Move a planned expert to a demand at another site in the same period, if the rules allow it alone.
    let lock: PlanLock | null = null;
    for (const a of first.assignments) {
      const e = index.expert.get(a.expertId)!;
      const other = instance.demands.find(
        (d) => d.periodIndex === a.periodIndex && d.siteId !== a.siteId && usable(index, e, d),
      );
      if (other) {
        lock = { expertId: e.id, demandId: other.id };
        break;
      }
    }
    expect(lock).not.toBeNull();
    const second = await optimizePlan({ ...instance, locks: [lock!] }, { timeLimitSeconds: 30 });
    expect(second.status).toBe('optimal');
    expect(second.assignments).toContainEqual(expect.objectContaining({ ...lock!, locked: true }));
    expect(checkHardRules({ ...instance, locks: [lock!] }, second.assignments)).toEqual([]);
    expect(second.objective!).toBeLessThanOrEqual(first.objective! + 1e-6);
  });

  it('answers infeasible, naming the expert and demand, for a lock that breaks a rule', async () => {
    const e = instance.experts[0];
    const wrong = instance.demands.find((d) => d.specialty !== e.specialty)!;
    const result = await optimizePlan({ ...instance, locks: [{ expertId: e.id, demandId: wrong.id }] });
    expect(result.status).toBe('infeasible');
    expect(result.message).toContain(e.name);
    expect(result.message).toContain(wrong.id);
    expect(result.assignments).toEqual([]);
  });

  it('answers infeasible for two locks that put one expert in two places at once', async () => {
    const { index } = indexInstance(instance);
    let locks: PlanLock[] = [];
    for (const e of instance.experts) {
      for (const p of instance.periods) {
        const ds = instance.demands.filter((d) => d.periodIndex === p.index && usable(index, e, d));
        if (ds.length >= 2) locks = ds.slice(0, 2).map((d) => ({ expertId: e.id, demandId: d.id }));
        if (locks.length) break;
      }
      if (locks.length) break;
    }
    expect(locks).toHaveLength(2);
    const result = await optimizePlan({ ...instance, locks });
    expect(result.status).toBe('infeasible');
    expect(result.message).toMatch(/more than one place/);
    expect(result.message).toContain(locks[0].expertId);
  });
});
