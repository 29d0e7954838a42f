import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanInstance, PlanLock } from '@yilian/domain';
import { usable } from './build-model.js';
import { generateInstance, seededRandom } from './generate-instance.js';
import { greedyPairs } from './greedy.js';
import { indexInstance, objectiveValue, type Pair } from './instance-index.js';
import { optimizePlan } from './optimizer.js';
import { checkHardRules } from './rules.js';
import { bruteForceOptimum, smallInstance } from './small-instances.js';

// Pure-logic tests of the optimizer: hard rules on random instances, the optimum against brute
// force on small ones, and locks.

describe('optimizePlan against brute force', () => {
  it.each([
    ['by parts first', true],
    ['HiGHS on the whole model', false],
  ])('reaches the brute-force optimum on 60 small instances (%s)', async (_, byParts) => {
    let nonTrivial = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const instance = smallInstance(seed);
      const result = await optimizePlan(instance, { relativeGap: 0, timeLimitSeconds: 20, byParts });
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
