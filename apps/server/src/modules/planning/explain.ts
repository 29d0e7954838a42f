import {
  UNMET_REASONS,
  type PlanDemand,
  type PlanInstance,
  type PlanUnmet,
  type UnmetReason,
} from '@yilian/domain';
import { indexInstance, type InstanceIndex, type Pair } from './instance-index.js';

// Why places stayed empty, checked against the instance and the plan actually returned.
//
// For a demand d (specialty, minimum title, period p) that has fewer experts than it asks for:
//   no_expert_of_specialty  nobody in the pool has d's specialty;
//   no_expert_of_title      some have the specialty, none has the minimum title.
// Otherwise each qualified expert (specialty and title) who is not serving d is blocked by the
// first of these that holds for them, and every reason that blocks at least one is listed:
//   unavailable          p is not among the expert's available periods;
//   time_away_used       the expert is not away in p, and the weeks already planned plus p's
//                        weeks exceed their maximum;
//   home_staffing        the expert is not away in p, and their department already has maxAway
//                        people away in p;
//   assigned_elsewhere   the expert is away in p serving a demand of equal or higher priority.
// A qualified expert blocked by none of these (free, or serving a lower-priority demand) could
// have been used; the optimizer kept them where they are because continuity or fairness weighed
// more, or because it stopped at its time limit. No reason is invented for them, so the list can
// be shorter than the number of empty places, or empty.

export function explainUnmet(instance: PlanInstance, plan: readonly Pair[]): PlanUnmet[] {
  return explainWithIndex(indexInstance(instance).index, plan);
}

export function explainWithIndex(ix: InstanceIndex, plan: readonly Pair[]): PlanUnmet[] {
  const filled = new Map<string, Set<string>>();
  const servingIn = new Map<string, PlanDemand>(); // "expert|period" -> demand served
  const weeksUsed = new Map<string, number>();
  const awayCount = new Map<string, number>(); // "department|period" -> experts away
  for (const a of plan) {
    const d = ix.demand.get(a.demandId)!;
    const e = ix.expert.get(a.expertId)!;
    if (!filled.has(d.id)) filled.set(d.id, new Set());
    filled.get(d.id)!.add(e.id);
    const ep = `${e.id}\u0000${d.periodIndex}`;
    if (!servingIn.has(ep)) {
      servingIn.set(ep, d);
      const dp = `${e.departmentId}\u0000${d.periodIndex}`;
      awayCount.set(dp, (awayCount.get(dp) ?? 0) + 1);
    }
    weeksUsed.set(e.id, (weeksUsed.get(e.id) ?? 0) + ix.period.get(d.periodIndex)!.weeks);
  }

  const out: PlanUnmet[] = [];
  for (const d of ix.instance.demands) {
    const serving = filled.get(d.id) ?? new Set<string>();
    const missing = d.count - serving.size;
    if (missing <= 0) continue;
    const reasons = new Set<UnmetReason>();
    const ofSpecialty = ix.instance.experts.filter((e) => e.specialty === d.specialty);
    const qualified = ofSpecialty.filter((e) => e.titleRank >= d.minTitleRank);
    if (!ofSpecialty.length) reasons.add('no_expert_of_specialty');
    else if (!qualified.length) reasons.add('no_expert_of_title');
    const weeks = ix.period.get(d.periodIndex)!.weeks;
    for (const e of qualified) {
      if (serving.has(e.id)) continue;
      const elsewhere = servingIn.get(`${e.id}\u0000${d.periodIndex}`);
      const dep = ix.department.get(e.departmentId)!;
      if (!ix.available.get(e.id)!.has(d.periodIndex)) reasons.add('unavailable');
      else if (!elsewhere && (weeksUsed.get(e.id) ?? 0) + weeks > e.maxWeeksAway + 1e-9)
        reasons.add('time_away_used');
      else if (!elsewhere && (awayCount.get(`${dep.id}\u0000${d.periodIndex}`) ?? 0) >= dep.maxAway)
        reasons.add('home_staffing');
      else if (elsewhere && elsewhere.priority >= d.priority) reasons.add('assigned_elsewhere');
    }
    out.push({ demandId: d.id, missing, reasons: UNMET_REASONS.filter((r) => reasons.has(r)) });
  }
  return out;
}
