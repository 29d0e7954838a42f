import type { Highs } from 'highs';
import { buildModel, type BuiltModel } from './build-model.js';
import { greedyPairs } from './greedy.js';
import type { InstanceIndex, Pair } from './instance-index.js';
import { floorToStep } from './objective-step.js';

// The LP relaxation of one part (with the run-length rows, see run-length-rows.ts), kept open so
// that its bound and then a dive come from one solve. The dive repeatedly fixes one fractional pair
// to 1 or to 0 and solves the LP again from the last basis, preferring the fixing that keeps the
// LP value at its bound rounded to the objective's step (`target`): while it does, a plan of that
// value may still exist below, and when the LP turns integral it is one. Only when every fixing
// tried loses does the target drop to what the best of them keeps. HiGHS' own heuristics needed
// tens of seconds to find such plans on the benchmark's parts; the dive finds most of them in a
// fraction of a second, because it knows the objective's step.

/** Fractional pairs tried per step before the target is given up. */
const CANDIDATES = 3;
const INT_EPS = 1e-6;

export class DivingLp {
  private constructor(
    private readonly solver: Highs,
    private readonly ix: InstanceIndex,
    private readonly built: BuiltModel,
    private readonly lp: ReturnType<Highs['createModel']> | null,
    /** The LP relaxation's value: an upper bound on every plan of the part. */
    readonly bound: number,
  ) {}

  /** Builds and solves the LP; null when it has no solution (locks beyond the part's cap). */
  static open(solver: Highs, ix: InstanceIndex, deadline: number): DivingLp | null {
    const built = buildModel(ix, solver.infinity, solver.constants.objectiveSense.maximize, {
      runRows: true,
    });
    if (!built.pairs.length) return new DivingLp(solver, ix, built, null, 0);
    const lp = solver.createModel({ ...built.data, integrality: undefined });
    const opened = new DivingLp(solver, ix, built, lp, 0);
    const value = opened.solve(deadline);
    if (value === -Infinity) {
      lp.dispose();
      return null;
    }
    return new DivingLp(solver, ix, built, lp, value);
  }

  /** The number of pairs: what a dive's work grows with. */
  get size(): number {
    return this.built.pairs.length;
  }

  dispose() {
    this.lp?.dispose();
  }

  /** Dives once (the fixings stay in the model); past the deadline, rounds the LP as it stands. */
  dive(step: number, deadline: number): Pair[] {
    const { built, lp } = this;
    if (!lp) return [];
    const n = built.pairs.length;
    let target = floorToStep(this.bound, step);
    let x = Float64Array.from(lp.getSolution().colValue);
    const fixed = new Uint8Array(n);
    const fix = (j: number, v: number) => {
      lp.changeColBounds(j, v, v);
      fixed[j] = 1;
    };
    for (;;) {
      // Pairs already at 0 or 1 stay free: fixing them too would take room the LP may need later.
      const fractional: number[] = [];
      for (let j = 0; j < n; j++) if (!fixed[j] && x[j] > INT_EPS && x[j] < 1 - INT_EPS) fractional.push(j);
      if (!fractional.length) return this.toPlan(x);
      if (performance.now() > deadline) return this.round(x);
      fractional.sort((a, b) => x[b] - x[a]);
      let kept = false;
      let best = { j: -1, v: 0, value: -Infinity };
      for (const j of fractional.slice(0, CANDIDATES)) {
        for (const v of [1, 0]) {
          fix(j, v);
          const value = this.solve(deadline);
          if (value >= target - 1e-7) {
            kept = true;
            break;
          }
          if (value > best.value) best = { j, v, value };
        }
        if (kept) break;
        lp.changeColBounds(j, built.data.colLower[j] as number, 1);
        fixed[j] = 0;
      }
      if (!kept) {
        // Fixing a pair to 0 always leaves the LP feasible, so `best` is set unless time ran out.
        if (best.j < 0) return this.round(x);
        fix(best.j, best.v);
        const value = this.solve(deadline);
        if (value === -Infinity) return this.round(x);
        target = floorToStep(value, step);
      }
      x = Float64Array.from(lp.getSolution().colValue);
    }
  }

  private solve(deadline: number): number {
    const lp = this.lp!;
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) return -Infinity;
    lp.options.set({ output_flag: false, time_limit: Number.isFinite(left) ? left : Infinity });
    const status = lp.run().modelStatus;
    return status === this.solver.constants.modelStatus.optimal ? lp.getObjectiveValue() : -Infinity;
  }

  private toPlan(x: ArrayLike<number>): Pair[] {
    return this.built.pairs.flatMap((p, j) =>
      x[j] > 0.5 ? [{ expertId: p.expert.id, demandId: p.demand.id }] : [],
    );
  }

  /** Out of time: the LP's pairs, largest values first, each kept if it keeps every rule. */
  private round(x: ArrayLike<number>): Pair[] {
    const order = this.built.pairs
      .map((p, j) => ({ expertId: p.expert.id, demandId: p.demand.id, v: x[j] }))
      .filter((p) => p.v > INT_EPS)
      .sort((a, b) => b.v - a.v);
    return greedyPairs(this.ix, order);
  }
}
