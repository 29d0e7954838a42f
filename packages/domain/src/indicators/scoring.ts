import type { IndicatorDirection } from './library.js';

// How an assessment scheme (考核方案) turns an indicator's value into marks. Shared by the
// server (results, snapshots) and the web app (a live preview while a scheme is edited).

export const SCORING_RULES = [
  'full_at_target', // full marks when the target is reached, none otherwise
  'linear', // none at the floor, full at the target, a straight line between
  'policy', // 2018 医联体综合绩效考核细则: issued and carried out = full, issued only = half, none = 0
] as const;
export type ScoringRule = (typeof SCORING_RULES)[number];

/** The states of a policy item, as the 2018 细则 scores them. */
export const POLICY_STATES = ['implemented', 'issued', 'none'] as const;
export type PolicyState = (typeof POLICY_STATES)[number];

/** A policy item is reported as a number: 2 = issued and carried out, 1 = issued only, 0 = none. */
export const POLICY_VALUE: Record<PolicyState, number> = { implemented: 2, issued: 1, none: 0 };

export interface ScoringItem {
  rule: ScoringRule;
  direction: IndicatorDirection;
  weight: number; // the marks this item is worth
  target: number | null; // required for full_at_target and linear
  floor: number | null; // required for linear: the value that earns nothing
}

/** Why an item cannot be scored as configured; null when it can. */
export function scoringItemProblem(item: ScoringItem): string | null {
  if (!(item.weight > 0)) return 'weight';
  if (item.rule === 'policy') return null;
  if (item.target === null || !Number.isFinite(item.target)) return 'target';
  if (item.rule === 'linear') {
    if (item.floor === null || !Number.isFinite(item.floor)) return 'floor';
    // The floor must lie on the worse side of the target, or the line runs backwards.
    const worse = item.direction === 'higher_better' ? item.floor < item.target : item.floor > item.target;
    if (!worse) return 'floor';
  }
  return null;
}

/** Whether `value` reaches `target` in the indicator's direction. */
export function reachesTarget(direction: IndicatorDirection, value: number, target: number): boolean {
  return direction === 'higher_better' ? value >= target : value <= target;
}

/**
 * The marks `value` earns under `item`. A missing value earns nothing (the assessment shows
 * it as missing rather than guessing). The result lies in [0, weight].
 */
export function score(item: ScoringItem, value: number | null): number {
  const problem = scoringItemProblem(item);
  if (problem) throw new Error(`scoring item cannot be scored: ${problem}`);
  if (value === null || !Number.isFinite(value)) return 0;
  switch (item.rule) {
    case 'policy':
      if (value >= POLICY_VALUE.implemented) return item.weight;
      if (value >= POLICY_VALUE.issued) return item.weight / 2;
      return 0;
    case 'full_at_target':
      return reachesTarget(item.direction, value, item.target!) ? item.weight : 0;
    case 'linear': {
      const target = item.target!;
      const floor = item.floor!;
      if (reachesTarget(item.direction, value, target)) return item.weight;
      const progress = (value - floor) / (target - floor); // same sign on both sides of the line
      if (progress <= 0) return 0;
      return item.weight * progress;
    }
  }
}

/** Marks rounded for display and ranking: two decimals, as score sheets print them. */
export function roundMarks(marks: number): number {
  return Math.round(marks * 100) / 100;
}
