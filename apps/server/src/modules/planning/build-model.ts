import type { PlanDemand, PlanExpert } from '@yilian/domain';
import type { ModelData } from 'highs';
import { ineligibility, type InstanceIndex, type Pair } from './instance-index.js';
import { runLengthRows } from './run-length-rows.js';

// The MIP, built as sparse rows for HiGHS (no LP text to write and parse again):
//   columns  x[e,d] binary, only for eligible pairs that could ever be used (see `usable`);
//            y[e,s,p] in [0,1], continuity at site s from period p to p+1, only where e has
//            columns at s in both periods; W >= 0, the largest time away, only if fairness > 0.
//   rows     demand      Σ_e x[e,d] <= count_d
//            one place   Σ_{d in p} x[e,d] <= 1                 per expert and period
//            home        Σ_{e in dept, d in p} x[e,d] <= maxAway per department and period
//            time away   Σ_d weeks_d x[e,d] <= maxWeeksAway     per expert
//            fairness    Σ_d weeks_d x[e,d] - W <= 0            per expert
//            continuity  y[e,s,p] - Σ_{d at s,p} x[e,d] <= 0, same for p+1
// A row is only emitted when it can bind (e.g. a demand with fewer candidates than places has
// no demand row), which keeps the largest benchmark model small. y needs no integrality: it only
// appears with a positive weight, so at an optimum it equals the smaller of two 0/1 presences.
// Objective (maximise): Σ priority_d x + continuity Σ y - fairness W, which is exactly
// objectiveValue() in instance-index.ts.

export interface BuiltModel {
  data: ModelData;
  /** Column j < pairs.length is x for pairs[j]. */
  pairs: { expert: PlanExpert; demand: PlanDemand }[];
  /** Complete column vector for a valid plan, used as HiGHS' starting solution. */
  startFrom(plan: readonly Pair[]): Float64Array;
}

export interface Row {
  cols: number[];
  vals: number[];
  upper: number;
}

/** Whether a pair can appear in any valid plan: eligible, fits the time away, and the department can spare someone. */
export function usable(ix: InstanceIndex, e: PlanExpert, d: PlanDemand): boolean {
  if (ineligibility(ix, e, d)) return false;
  return (
    ix.period.get(d.periodIndex)!.weeks <= e.maxWeeksAway + 1e-9 &&
    ix.department.get(e.departmentId)!.maxAway >= 1
  );
}

export interface BuildOptions {
  /** Add the run-length rows of run-length-rows.ts: a tighter LP for diving, but slower branch and bound. */
  runRows?: boolean;
}

export function buildModel(
  ix: InstanceIndex,
  infinity: number,
  maximize: ModelData['sense'],
  opts: BuildOptions = {},
): BuiltModel {
  const { instance } = ix;
  const { continuity, fairness } = instance.weights;
  const weeksOf = (d: PlanDemand) => ix.period.get(d.periodIndex)!.weeks;
  const bySpecialty = new Map<string, PlanDemand[]>();
  for (const d of instance.demands) group(bySpecialty, d.specialty, d);
  const locked = new Set(instance.locks.map((l) => `${l.expertId}\u0000${l.demandId}`));

  // Pass 1: the x columns, grouped the ways the rows need them.
  const pairs: BuiltModel['pairs'] = [];
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const perDemand = new Map<string, number[]>();
  const perDeptPeriod = new Map<string, number[]>();
  const awayCandidates = new Map<string, Set<string>>();
  const perExpert: {
    e: PlanExpert;
    cols: number[];
    perPeriod: Map<number, number[]>;
    perSitePeriod: Map<string, number[]>;
  }[] = [];
  for (const e of instance.experts) {
    const mine = {
      e,
      cols: [] as number[],
      perPeriod: new Map<number, number[]>(),
      perSitePeriod: new Map<string, number[]>(),
    };
    for (const d of bySpecialty.get(e.specialty) ?? []) {
      if (!usable(ix, e, d)) continue;
      const col = pairs.length;
      pairs.push({ expert: e, demand: d });
      cost.push(d.priority);
      lower.push(locked.has(`${e.id}\u0000${d.id}`) ? 1 : 0);
      upper.push(1);
      mine.cols.push(col);
      group(perDemand, d.id, col);
      group(mine.perPeriod, d.periodIndex, col);
      group(mine.perSitePeriod, `${d.siteId}\u0000${d.periodIndex}`, col);
      const dp = `${e.departmentId}\u0000${d.periodIndex}`;
      group(perDeptPeriod, dp, col);
      if (!awayCandidates.has(dp)) awayCandidates.set(dp, new Set());
      awayCandidates.get(dp)!.add(e.id);
    }
    if (mine.cols.length) perExpert.push(mine);
  }

  // Pass 2: rows, and the y and W columns after all x columns.
  const rows: Row[] = [];
  const ones = (cols: number[]) => cols.map(() => 1);
  for (const [id, cols] of perDemand) {
    const d = ix.demand.get(id)!;
    if (cols.length > d.count) rows.push({ cols, vals: ones(cols), upper: d.count });
  }
  for (const [key, cols] of perDeptPeriod) {
    const dep = ix.department.get(key.split('\u0000')[0])!;
    if (awayCandidates.get(key)!.size > dep.maxAway)
      rows.push({ cols, vals: ones(cols), upper: dep.maxAway });
  }
  const yOf = new Map<string, number>(); // "e|s|p" -> y column, for the starting solution
  for (const { e, cols, perPeriod, perSitePeriod } of perExpert) {
    for (const c of perPeriod.values()) if (c.length > 1) rows.push({ cols: c, vals: ones(c), upper: 1 });
    // The most weeks the expert could be away: at most one demand per period.
    const possible = [...perPeriod.keys()].reduce((s, p) => s + ix.period.get(p)!.weeks, 0);
    if (possible > e.maxWeeksAway + 1e-9)
      rows.push({ cols, vals: cols.map((c) => weeksOf(pairs[c].demand)), upper: e.maxWeeksAway });
    if (continuity <= 0) continue;
    for (const [key, here] of perSitePeriod) {
      const [site, p] = key.split('\u0000');
      const next = perSitePeriod.get(`${site}\u0000${Number(p) + 1}`);
      if (!next) continue;
      const y = cost.length;
      yOf.set(`${e.id}\u0000${key}`, y);
      cost.push(continuity);
      lower.push(0);
      upper.push(1);
      rows.push({ cols: [y, ...here], vals: [1, ...here.map(() => -1)], upper: 0 });
      rows.push({ cols: [y, ...next], vals: [1, ...next.map(() => -1)], upper: 0 });
    }
    if (opts.runRows) rows.push(...runLengthRows(ix, e, perSitePeriod, yOf));
  }
  let wCol = -1;
  if (fairness > 0 && pairs.length > 0) {
    wCol = cost.length;
    cost.push(-fairness);
    lower.push(0);
    upper.push(infinity);
    for (const { cols } of perExpert)
      rows.push({
        cols: [...cols, wCol],
        vals: [...cols.map((c) => weeksOf(pairs[c].demand)), -1],
        upper: 0,
      });
  }

  const numCols = cost.length;
  const starts = new Int32Array(rows.length + 1);
  let nnz = 0;
  rows.forEach((r, i) => (starts[i + 1] = nnz += r.cols.length));
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (const r of rows) {
    indices.set(r.cols, k);
    values.set(r.vals, k);
    k += r.cols.length;
  }
  const integrality = new Int32Array(numCols);
  integrality.fill(1, 0, pairs.length);
  const data: ModelData = {
    numCols,
    numRows: rows.length,
    sense: maximize,
    colCost: new Float64Array(cost),
    colLower: new Float64Array(lower),
    colUpper: new Float64Array(upper),
    rowLower: new Float64Array(rows.length).fill(-infinity),
    rowUpper: new Float64Array(rows.map((r) => r.upper)),
    matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values },
    integrality,
  };

  const colOf = new Map(pairs.map((p, j) => [`${p.expert.id}\u0000${p.demand.id}`, j]));
  const startFrom = (plan: readonly Pair[]) => {
    const v = new Float64Array(numCols);
    const weeks = new Map<string, number>();
    const present = new Set<string>();
    for (const a of plan) {
      const j = colOf.get(`${a.expertId}\u0000${a.demandId}`);
      if (j === undefined) continue;
      v[j] = 1;
      const d = pairs[j].demand;
      weeks.set(a.expertId, (weeks.get(a.expertId) ?? 0) + weeksOf(d));
      present.add(`${a.expertId}\u0000${d.siteId}\u0000${d.periodIndex}`);
    }
    for (const [key, y] of yOf) {
      const [e, s, p] = key.split('\u0000');
      if (present.has(key) && present.has(`${e}\u0000${s}\u0000${Number(p) + 1}`)) v[y] = 1;
    }
    if (wCol >= 0) v[wCol] = Math.max(0, ...weeks.values());
    return v;
  };
  return { data, pairs, startFrom };
}

function group<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
