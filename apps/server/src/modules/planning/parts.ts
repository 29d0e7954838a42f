import type { PlanInstance } from '@yilian/domain';
import { usable } from './build-model.js';
import type { InstanceIndex } from './instance-index.js';

// The independent parts of an instance. Experts who can never fill the same demand and never
// belong to the same department (in practice: different specialties) meet in the objective only
// through the fairness term, the busiest expert's weeks away. Once that busiest figure is capped
// (decompose.ts), each part is a planning problem of its own, a fraction of the whole model's size.

export interface Part {
  expertIds: string[];
}

/** Groups of experts that share no usable demand and no department with another group. */
export function independentParts(ix: InstanceIndex): Part[] {
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    let r = a;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(a, r);
    return r;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const firstOfDemand = new Map<string, string>();
  const firstOfDept = new Map<string, string>();
  for (const e of ix.instance.experts) {
    const mine = ix.instance.demands.filter((d) => usable(ix, e, d));
    if (!mine.length) continue;
    parent.set(e.id, e.id);
    for (const d of mine) {
      const other = firstOfDemand.get(d.id);
      if (other) union(e.id, other);
      else firstOfDemand.set(d.id, e.id);
    }
    const other = firstOfDept.get(e.departmentId);
    if (other) union(e.id, other);
    else firstOfDept.set(e.departmentId, e.id);
  }
  const parts = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const r = find(id);
    parts.set(r, [...(parts.get(r) ?? []), id]);
  }
  return [...parts.values()].map((expertIds) => ({ expertIds }));
}

/**
 * A part as an instance of its own: its experts with their weeks away capped at `capWeeks`, the
 * demands of their specialties, their locks, and no fairness term (the cap stands for it).
 */
export function partInstance(ix: InstanceIndex, part: Part, capWeeks: number): PlanInstance {
  const { instance } = ix;
  const members = new Set(part.expertIds);
  const experts = instance.experts
    .filter((e) => members.has(e.id))
    .map((e) => ({ ...e, maxWeeksAway: Math.min(e.maxWeeksAway, capWeeks) }));
  const specialties = new Set(experts.map((e) => e.specialty));
  return {
    ...instance,
    experts,
    demands: instance.demands.filter((d) => specialties.has(d.specialty)),
    locks: instance.locks.filter((l) => members.has(l.expertId)),
    weights: { ...instance.weights, fairness: 0 },
  };
}

/** The most weeks an expert of the part could be away: the cap never needs to start higher. */
export function largestWeeksAway(ix: InstanceIndex): number {
  let most = 0;
  for (const e of ix.instance.experts) {
    const free = e.availablePeriods.reduce((s, p) => s + (ix.period.get(p)?.weeks ?? 0), 0);
    most = Math.max(most, Math.min(e.maxWeeksAway, free));
  }
  return most;
}

/** Whether every expert's locks fit in the cap (the pair model would silently drop one that does not). */
export function locksFit(ix: InstanceIndex, part: Part, capWeeks: number): boolean {
  const members = new Set(part.expertIds);
  const weeks = new Map<string, number>();
  for (const l of ix.instance.locks) {
    if (!members.has(l.expertId)) continue;
    const d = ix.demand.get(l.demandId)!;
    weeks.set(l.expertId, (weeks.get(l.expertId) ?? 0) + ix.period.get(d.periodIndex)!.weeks);
  }
  return [...weeks.values()].every((w) => w <= capWeeks + 1e-9);
}
