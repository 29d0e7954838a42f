// The step of a part's objective values. Without the fairness term a plan is worth
// Σ priority + continuity × stays, with whole-number priorities, so every value is a multiple of
// gcd(1, continuity): 0.5 for the default continuity of 0.5, 0.1 for 0.3. An upper bound from an
// LP can then be rounded down to that step, and a plan that reaches the rounded bound is optimal.
// Weights that are not a fraction with a small denominator have no usable step (0).

export function objectiveStep(continuity: number): number {
  if (continuity === 0) return 1;
  for (let k = 1; k <= 1000; k++) {
    const v = continuity * k;
    if (Math.abs(v - Math.round(v)) < 1e-9 * k) return 1 / k;
  }
  return 0;
}

/** The largest multiple of `step` not above x (allowing for rounding error); x itself without a step. */
export function floorToStep(x: number, step: number): number {
  if (!(step > 0) || !Number.isFinite(x)) return x;
  return Math.floor(x / step + 1e-7) * step;
}
