import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { score, scoringItemProblem, type ScoringItem } from './scoring.js';

const linearUp: ScoringItem = {
  rule: 'linear',
  direction: 'higher_better',
  weight: 10,
  target: 80,
  floor: 40,
};
const linearDown: ScoringItem = {
  rule: 'linear',
  direction: 'lower_better',
  weight: 10,
  target: 5,
  floor: 15,
};

describe('scoring rules', () => {
  it('full at target: the target itself earns full marks, a hair below earns none', () => {
    const item: ScoringItem = {
      rule: 'full_at_target',
      direction: 'higher_better',
      weight: 6,
      target: 65,
      floor: null,
    };
    expect(score(item, 65)).toBe(6);
    expect(score(item, 64.999)).toBe(0);
    expect(score(item, 100)).toBe(6);
    const down: ScoringItem = { ...item, direction: 'lower_better', target: 10 };
    expect(score(down, 10)).toBe(6);
    expect(score(down, 10.001)).toBe(0);
  });

  it('linear, higher is better: nothing at the floor, full at the target, half way earns half', () => {
    expect(score(linearUp, 40)).toBe(0);
    expect(score(linearUp, 39)).toBe(0);
    expect(score(linearUp, 60)).toBe(5);
    expect(score(linearUp, 80)).toBe(10);
    expect(score(linearUp, 95)).toBe(10);
  });

  it('linear, lower is better: the floor is the high end', () => {
    expect(score(linearDown, 15)).toBe(0);
    expect(score(linearDown, 20)).toBe(0);
    expect(score(linearDown, 10)).toBe(5);
    expect(score(linearDown, 5)).toBe(10);
    expect(score(linearDown, 0)).toBe(10);
  });

  it('policy items: carried out = full, issued only = half, none = 0 (2018 细则)', () => {
    const item: ScoringItem = {
      rule: 'policy',
      direction: 'higher_better',
      weight: 4,
      target: null,
      floor: null,
    };
    expect(score(item, 2)).toBe(4);
    expect(score(item, 1)).toBe(2);
    expect(score(item, 0)).toBe(0);
  });

  it('a missing value earns nothing', () => {
    expect(score(linearUp, null)).toBe(0);
    expect(score(linearUp, Number.NaN)).toBe(0);
  });

  it('refuses items that cannot be scored, naming the field', () => {
    expect(scoringItemProblem({ ...linearUp, floor: 90 })).toBe('floor');
    expect(scoringItemProblem({ ...linearUp, floor: 80 })).toBe('floor');
    expect(scoringItemProblem({ ...linearDown, floor: 2 })).toBe('floor');
    expect(scoringItemProblem({ ...linearUp, target: null })).toBe('target');
    expect(scoringItemProblem({ ...linearUp, weight: 0 })).toBe('weight');
    expect(() => score({ ...linearUp, floor: null }, 50)).toThrow(/floor/);
  });

  it('marks stay within [0, weight] and never fall as the value improves', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        finite,
        finite,
        finite,
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        fc.boolean(),
        (a, b, v, w, up) => {
          if (a === b) return;
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const item: ScoringItem = up
            ? { rule: 'linear', direction: 'higher_better', weight: w, target: hi, floor: lo }
            : { rule: 'linear', direction: 'lower_better', weight: w, target: lo, floor: hi };
          const s = score(item, v);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(w);
          const better = up ? v + 1 : v - 1;
          expect(score(item, better)).toBeGreaterThanOrEqual(s - 1e-9);
        },
      ),
    );
  });
});
