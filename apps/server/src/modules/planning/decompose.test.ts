import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build-model.js';
import { capLevels, decompose } from './decompose.js';
import { floorToStep, objectiveStep } from './objective-step.js';
import { generateInstance } from './generate-instance.js';
import { greedyPairs } from './greedy.js';
import { indexInstance, objectiveValue } from './instance-index.js';
import { checkHardRules } from './rules.js';
import { bruteForceOptimum, smallInstance } from './small-instances.js';

// Solving by parts reports a bound and, when its plan reaches it, claims optimality without branch
// and bound on the whole model. Both claims are checked here directly (optimizePlan would hide a
// bound below its plan's value): against brute force on small instances with random weights and
// periods of different lengths, and against HiGHS on the whole model for generated instances.

const solver = await loadHighs();
const run = (instance: Parameters<typeof indexInstance>[0]) =>
  decompose(solver, indexInstance(instance).index, { deadline: performance.now() + 20_000, relativeGap: 0 });

describe('decompose', () => {
  it('never bounds below the optimum, and is right when it claims the optimum (60 small instances)', () => {
    let proven = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const instance = smallInstance(seed);
      const optimum = bruteForceOptimum(instance);
      const result = run(instance);
      if (!result) continue; // no expert can fill any demand
      expect(checkHardRules(instance, result.plan), `seed ${seed}`).toEqual([]);
      const value = objectiveValue(indexInstance(instance).index, result.plan);
      expect(result.bound, `seed ${seed}`).toBeGreaterThanOrEqual(optimum - 1e-6);
      expect(value, `seed ${seed}`).toBeLessThanOrEqual(optimum + 1e-6);
      if (result.proven) {
        proven++;
        expect(value, `seed ${seed}`).toBeCloseTo(optimum, 6);
      }
    }
    // Most of them are proven by parts: the check above is not vacuous.
    expect(proven).toBeGreaterThan(40);
  });

  it('matches HiGHS on the whole model for generated instances with the fairness term', () => {
    for (const seed of [3, 4, 5]) {
      const instance = generateInstance({ experts: 16, sites: 4, periods: 6, seed });
      const ix = indexInstance(instance).index;
      const result = run(instance)!;
      expect(result.proven, `seed ${seed}`).toBe(true);
      const built = buildModel(ix, solver.infinity, solver.constants.objectiveSense.maximize);
      const whole = solver.createModel(built.data);
      whole.options.set({ output_flag: false, mip_rel_gap: 0 });
      expect(whole.run().modelStatus).toBe(solver.constants.modelStatus.optimal);
      expect(objectiveValue(ix, result.plan), `seed ${seed}`).toBeCloseTo(whole.getObjectiveValue(), 6);
      whole.dispose();
    }
  });

  it('keeps every plan at or below its bound (greedy plans of 20 generated instances)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const instance = generateInstance({ experts: 10, sites: 3, periods: 5, seed });
      const ix = indexInstance(instance).index;
      const result = run(instance);
      if (!result) continue;
      expect(result.bound, `seed ${seed}`).toBeGreaterThanOrEqual(objectiveValue(ix, greedyPairs(ix)) - 1e-9);
    }
  });
});

describe('the objective step and the caps walked', () => {
  it('finds the step of Σ priority + continuity × stays', () => {
    expect(objectiveStep(0.5)).toBe(0.5);
    expect(objectiveStep(0.3)).toBeCloseTo(0.1, 12);
    expect(objectiveStep(1.5)).toBe(0.5);
    expect(objectiveStep(0)).toBe(1);
    expect(objectiveStep(2)).toBe(1);
    expect(objectiveStep(Math.PI / 10)).toBe(0); // no step: bounds are not rounded
  });

  it('rounds a bound down to the step, allowing for rounding error', () => {
    expect(floorToStep(379.9545, 0.5)).toBe(379.5);
    expect(floorToStep(379.49999999999, 0.5)).toBe(379.5);
    expect(floorToStep(12.34, 0)).toBe(12.34);
  });

  it('walks every sum of period lengths, each standing for itself', () => {
    expect(capLevels([2, 2, 2], 6)).toEqual([6, 4, 2, 0].map((c) => ({ cap: c, least: c })));
    expect(capLevels([1, 3], 3).map((l) => l.cap)).toEqual([3, 1, 0]);
  });

  it('steps by the shortest period when the sums are too many, each cap standing for an interval', () => {
    const weeks = Array.from({ length: 40 }, (_, i) => 1 + i / 1000);
    const levels = capLevels(weeks, 30);
    expect(levels[0]).toEqual({ cap: 30, least: 29 });
    expect(levels[1]).toEqual({ cap: 29, least: 28 });
    expect(levels.at(-1)).toEqual({ cap: 0, least: 0 });
  });
});
