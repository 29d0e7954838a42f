import type { PlanInstance } from '@yilian/domain';
import {
  demandLabel,
  indexInstance,
  ineligibility,
  label,
  type InstanceIndex,
  type Pair,
} from './instance-index.js';

// The hard rules of a dispatch plan, checked directly on a list of assignments. The optimizer
// never needs this to be right (the MIP encodes the same rules), which is exactly why tests and the
// personnel module use it: an independent check of every plan that is stored or returned.

/** Human-readable violations of the hard rules; an empty list means the plan is valid. */
export function checkHardRules(instance: PlanInstance, assignments: readonly Pair[]): string[] {
  const { index, problems } = indexInstance(instance);
  if (problems.length) return problems;
  return violations(index, assignments, true);
}

/**
 * Checks the planner's locks on their own before any solve. Every rule is a "<=" with
 * non-negative coefficients, so if the locks alone keep every rule, the model with the locks
 * fixed is feasible (the locks themselves are a plan), and if they do not, no plan is.
 */
export function checkLocks(ix: InstanceIndex): string[] {
  const out: string[] = [];
  for (const lock of ix.instance.locks) {
    const e = ix.expert.get(lock.expertId);
    const d = ix.demand.get(lock.demandId);
    if (!e) out.push(`Lock names unknown expert ${lock.expertId}`);
    if (!d) out.push(`Lock names unknown demand ${lock.demandId}`);
  }
  if (out.length) return out;
  // A lock repeated by the planner means the same thing once.
  const unique = [...new Map(ix.instance.locks.map((l) => [`${l.expertId}\u0000${l.demandId}`, l])).values()];
  return violations(ix, unique, false).map((v) => `Locked assignments break a hard rule: ${v}`);
}

export function violations(ix: InstanceIndex, pairs: readonly Pair[], requireLocks: boolean): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const perDemand = new Map<string, string[]>();
  const perExpertPeriod = new Map<string, string[]>();
  const awayPerDeptPeriod = new Map<string, Set<string>>();
  const weeksAway = new Map<string, number>();

  for (const a of pairs) {
    const e = ix.expert.get(a.expertId);
    const d = ix.demand.get(a.demandId);
    if (!e || !d) {
      out.push(`Assignment ${a.expertId} -> ${a.demandId} names an unknown ${e ? 'demand' : 'expert'}`);
      continue;
    }
    const what = `${label(e)} -> demand ${demandLabel(ix, d)}`;
    const key = `${e.id}\u0000${d.id}`;
    if (seen.has(key)) out.push(`${what} is listed twice`);
    seen.add(key);
    if (
      (a.siteId !== undefined && a.siteId !== d.siteId) ||
      (a.periodIndex ?? d.periodIndex) !== d.periodIndex
    )
      out.push(`${what}: site or period does not match the demand`);
    const why = ineligibility(ix, e, d);
    if (why) out.push(`${what}: ${why}`);

    perDemand.set(d.id, [...(perDemand.get(d.id) ?? []), e.id]);
    const ep = `${e.id}\u0000${d.periodIndex}`;
    perExpertPeriod.set(ep, [...(perExpertPeriod.get(ep) ?? []), d.id]);
    const dp = `${e.departmentId}\u0000${d.periodIndex}`;
    if (!awayPerDeptPeriod.has(dp)) awayPerDeptPeriod.set(dp, new Set());
    awayPerDeptPeriod.get(dp)!.add(e.id);
    weeksAway.set(e.id, (weeksAway.get(e.id) ?? 0) + ix.period.get(d.periodIndex)!.weeks);
  }

  for (const [id, ids] of perDemand) {
    const d = ix.demand.get(id)!;
    if (ids.length > d.count)
      out.push(`Demand ${demandLabel(ix, d)} asks for ${d.count} but has ${ids.length}: ${ids.join(', ')}`);
  }
  for (const [key, ids] of perExpertPeriod) {
    if (ids.length < 2) continue;
    const [eid, p] = key.split('\u0000');
    out.push(`${label(ix.expert.get(eid)!)} is at more than one place in period ${p}: ${ids.join(', ')}`);
  }
  for (const [key, away] of awayPerDeptPeriod) {
    const [did, p] = key.split('\u0000');
    const dep = ix.department.get(did)!;
    if (away.size > dep.maxAway)
      out.push(
        `Department ${dep.name} (${dep.id}) may spare ${dep.maxAway} in period ${p} but ${away.size} are away: ${[...away].join(', ')}`,
      );
  }
  for (const [eid, w] of weeksAway) {
    const e = ix.expert.get(eid)!;
    // A small tolerance: weeks may be fractional and sums of floats drift.
    if (w > e.maxWeeksAway + 1e-9)
      out.push(`${label(e)} is away ${w} weeks, more than the maximum ${e.maxWeeksAway}`);
  }
  if (requireLocks) {
    for (const lock of ix.instance.locks) {
      if (!seen.has(`${lock.expertId}\u0000${lock.demandId}`))
        out.push(`Lock ${lock.expertId} -> ${lock.demandId} is not kept`);
    }
  }
  return out;
}
