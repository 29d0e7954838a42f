import type { PlanInstance } from '@yilian/domain';
import type { Highs } from 'highs';
import { DivingLp } from './dive.js';
import { greedyPairs } from './greedy.js';
import { indexInstance, objectiveValue, type InstanceIndex, type Pair } from './instance-index.js';
import { floorToStep, objectiveStep } from './objective-step.js';
import { solvePartMip } from './part-mip.js';
import { independentParts, largestWeeksAway, locksFit, partInstance, type Part } from './parts.js';
import { violations } from './rules.js';

// Solving by parts, with the busiest expert's weeks away (W, the fairness term) capped in turn.
// For a cap C on every expert's weeks away, the parts are independent (parts.ts), so
//     S(C) := best plan value without fairness and with W <= C  =  Σ_parts best part plan under C,
// and the optimum is max over C of S(C) − fairness × W. Each part's LP (with the run-length rows),
// rounded down to the objective's step, bounds its share of S. The caps are walked down from the
// largest possible (see capLevels) while a lower cap could still win; then the cap
// with the best bound is solved: each part by diving (dive.ts), and where the dive falls short of
// the part's bound, by HiGHS on that part alone (part-mip.ts), whose proven optimum replaces the
// bound. If that lowers the cap's bound below another's, that cap is solved next. A plan that
// reaches the best bound of all caps is optimal, without branch and bound on the whole model.

export interface Decomposition {
  plan: Pair[];
  /** An upper bound on every valid plan's objective. */
  bound: number;
  proven: boolean;
}

interface PartAtCap {
  index: InstanceIndex;
  lp: DivingLp;
  /** Upper bound on the part's value under the cap: the rounded LP, then what solving proved. */
  bound: number;
  solved?: { plan: Pair[]; value: number };
}

interface Level {
  cap: number;
  /** fairness × the least W the level stands for */
  penalty: number;
  parts: PartAtCap[];
}

export interface DecomposeOptions {
  deadline: number;
  /** Relative gap at which a part's HiGHS run may stop, as for the whole model. */
  relativeGap: number;
  progress?: (message: string) => void;
}

export function decompose(solver: Highs, ix: InstanceIndex, opts: DecomposeOptions): Decomposition | null {
  const parts = independentParts(ix);
  if (!parts.length) return null;
  const run = new ByParts(solver, ix, parts, opts);
  try {
    const levels = run.walkCaps();
    return levels ? run.solveBest(levels) : null;
  } finally {
    run.dispose();
  }
}

class ByParts {
  private readonly step: number;
  private readonly progress: (message: string) => void;
  /** What each part's experts could be away at most: a cap above it changes nothing there. */
  private readonly most: number[];
  private readonly cache = new Map<string, PartAtCap | null>();

  constructor(
    private readonly solver: Highs,
    private readonly ix: InstanceIndex,
    private readonly parts: Part[],
    private readonly opts: DecomposeOptions,
  ) {
    this.step = objectiveStep(ix.instance.weights.continuity);
    this.progress = opts.progress ?? (() => {});
    this.most = parts.map((part) => largestWeeksAway(indexOf(partInstance(ix, part, Infinity))));
  }

  dispose() {
    for (const p of this.cache.values()) p?.lp.dispose();
  }

  /** The caps walked down while a lower cap could still beat the best bound; null out of time. */
  walkCaps(): Level[] | null {
    const { ix, opts } = this;
    const fairness = ix.instance.weights.fairness;
    const levels: Level[] = [];
    let best = -Infinity;
    for (const { cap, least } of capLevels(
      ix.instance.periods.map((p) => p.weeks),
      largestWeeksAway(ix),
    )) {
      const here = this.parts.map((_, i) => this.atCap(i, cap));
      if (performance.now() > opts.deadline) return null;
      // A lock needs more weeks than the cap: so it does under every lower cap.
      if (here.some((p) => !p)) break;
      const level: Level = { cap, penalty: fairness * least, parts: here as PartAtCap[] };
      // Even with W = 0 no lower cap would beat the best level: stop. (So the best bound of the
      // levels walked bounds the caps below too.)
      if (boundOf(level) + level.penalty <= best + 1e-9) break;
      levels.push(level);
      best = Math.max(best, boundOf(level));
      this.progress(`cap ${fmt(cap)} weeks: bound ${fmt(boundOf(level))}`);
      if (fairness === 0) break;
    }
    return levels.length ? levels : null;
  }

  /** Solves the level with the best bound until the best bound belongs to a solved level. */
  solveBest(levels: Level[]): Decomposition | null {
    let plan: Pair[] | null = null;
    let value = -Infinity;
    for (;;) {
      const level = levels.reduce((a, b) => (boundOf(b) > boundOf(a) + 1e-9 ? b : a));
      const open = level.parts.filter((p) => !p.solved);
      if (!open.length || performance.now() > this.opts.deadline) break;
      this.solveParts(open);
      const here = level.parts.flatMap((p) => p.solved!.plan);
      const v = objectiveValue(this.ix, here);
      if (v > value) [plan, value] = [here, v];
      this.progress(`cap ${fmt(level.cap)} weeks solved: ${fmt(v)}, bound ${fmt(boundOf(level))}`);
    }
    if (!plan) return null;
    const bound = Math.max(value, ...levels.map(boundOf));
    // HiGHS' own tolerance (mip_abs_gap, 1e-6) may be left in each part's bound.
    const slack = this.opts.relativeGap * Math.max(1, Math.abs(value)) + 1e-6 * this.parts.length;
    return { plan, bound, proven: bound - value <= slack };
  }

  /** Part i under the cap, with its LP solved (shared by every cap at or above what it can use). */
  private atCap(i: number, cap: number): PartAtCap | null {
    const key = `${i}\u0000${Math.min(cap, this.most[i])}`;
    if (!this.cache.has(key)) {
      if (!locksFit(this.ix, this.parts[i], cap)) return null;
      const index = indexOf(partInstance(this.ix, this.parts[i], cap));
      const lp = DivingLp.open(this.solver, index, this.opts.deadline);
      this.cache.set(key, lp ? { index, lp, bound: floorToStep(lp.bound, this.step) } : null);
    }
    return this.cache.get(key)!;
  }

  /** Dives on every part, then gives the parts the dive left short of their bound to HiGHS. */
  private solveParts(open: PartAtCap[]) {
    const { solver, step, opts } = this;
    // Small parts first, each diving for a share of the time left in proportion to its size (a
    // dive's LP solves grow with it), keeping a fifth for HiGHS on the parts left short.
    open.sort((a, b) => a.lp.size - b.lp.size);
    const short: PartAtCap[] = [];
    let sizeLeft = open.reduce((n, p) => n + p.lp.size, 0);
    for (const p of open) {
      const share = ((opts.deadline - performance.now()) * 0.8 * p.lp.size) / Math.max(1, sizeLeft);
      sizeLeft -= p.lp.size;
      const dived = p.lp.dive(step, performance.now() + Math.max(0, share));
      const got = violations(p.index, dived, true).length ? greedyPairs(p.index) : dived;
      p.solved = { plan: got, value: objectiveValue(p.index, got) };
      if (p.solved.value < p.bound - 1e-7) short.push(p);
    }
    for (const [k, p] of short.entries()) {
      const limit = (opts.deadline - performance.now()) / 1000 / (short.length - k);
      if (limit < 0.05) continue;
      const mip = solvePartMip(solver, p.index, p.solved!.plan, p.bound, limit, opts.relativeGap);
      if (!mip) continue;
      if (mip.value > p.solved!.value) p.solved = { plan: mip.plan, value: mip.value };
      // What HiGHS proved, rounded to the step, may be tighter than the LP.
      p.bound = Math.max(p.solved!.value, Math.min(p.bound, floorToStep(mip.bound, step)));
    }
  }
}

function boundOf(l: Level): number {
  return l.parts.reduce((s, p) => s + p.bound, 0) - l.penalty;
}

/**
 * The caps to walk, from `top` down to 0, each with the least W it stands for. W is a sum of some
 * periods' weeks, so when there are not too many such sums each cap is one of them and stands for
 * W = cap exactly; otherwise the caps step down by the shortest period, each standing for the
 * W in (cap − shortest, cap].
 */
export function capLevels(weeks: number[], top: number): { cap: number; least: number }[] {
  let sums = new Map<string, number>([['0', 0]]);
  for (const w of weeks) {
    const next = new Map(sums);
    for (const s of sums.values()) if (s + w <= top + 1e-9) next.set((s + w).toFixed(6), s + w);
    sums = next;
    if (sums.size > 2000) break;
  }
  if (sums.size <= 2000) return [...sums.values()].sort((a, b) => b - a).map((cap) => ({ cap, least: cap }));
  const shortest = Math.min(...weeks);
  const out: { cap: number; least: number }[] = [];
  for (let cap = top; cap > 1e-9; cap -= shortest) out.push({ cap, least: Math.max(0, cap - shortest) });
  return [...out, { cap: 0, least: 0 }];
}

function indexOf(instance: PlanInstance): InstanceIndex {
  return indexInstance(instance).index;
}

function fmt(n: number): string {
  return n.toFixed(2);
}
