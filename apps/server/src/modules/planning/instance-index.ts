import type {
  PlanDemand,
  PlanDepartment,
  PlanExpert,
  PlanInstance,
  PlanPeriod,
  PlanSite,
} from '@yilian/domain';

// Lookups shared by the rule checker, the model builder, the greedy baseline and the explainer,
// plus the one definition of a plan's objective value (the MIP maximises exactly this, and the
// brute-force test enumerates plans and scores them with it).

export interface InstanceIndex {
  instance: PlanInstance;
  period: Map<number, PlanPeriod>;
  site: Map<string, PlanSite>;
  department: Map<string, PlanDepartment>;
  expert: Map<string, PlanExpert>;
  demand: Map<string, PlanDemand>;
  available: Map<string, Set<number>>;
}

/** A pair as the rules see it; full PlanAssignments fit too. */
export interface Pair {
  expertId: string;
  demandId: string;
  siteId?: string;
  periodIndex?: number;
}

/** Index the instance; the second value lists references that do not resolve (an unusable instance). */
export function indexInstance(instance: PlanInstance): { index: InstanceIndex; problems: string[] } {
  const problems: string[] = [];
  const byId = <T extends { id: string }>(xs: T[], what: string) => {
    const m = new Map<string, T>();
    for (const x of xs) {
      if (m.has(x.id)) problems.push(`Duplicate ${what} id ${x.id}`);
      m.set(x.id, x);
    }
    return m;
  };
  const period = new Map(instance.periods.map((p) => [p.index, p]));
  if (period.size !== instance.periods.length) problems.push('Duplicate period index');
  const index: InstanceIndex = {
    instance,
    period,
    site: byId(instance.sites, 'site'),
    department: byId(instance.departments, 'department'),
    expert: byId(instance.experts, 'expert'),
    demand: byId(instance.demands, 'demand'),
    available: new Map(instance.experts.map((e) => [e.id, new Set(e.availablePeriods)])),
  };
  for (const e of instance.experts) {
    if (!index.department.has(e.departmentId))
      problems.push(`Expert ${label(e)} belongs to unknown department ${e.departmentId}`);
  }
  for (const d of instance.demands) {
    if (!index.site.has(d.siteId)) problems.push(`Demand ${d.id} names unknown site ${d.siteId}`);
    if (!period.has(d.periodIndex)) problems.push(`Demand ${d.id} names unknown period ${d.periodIndex}`);
  }
  return { index, problems };
}

/** The three per-pair rules: same specialty, title at least the minimum, free in the period. */
export function ineligibility(ix: InstanceIndex, e: PlanExpert, d: PlanDemand): string | null {
  if (e.specialty !== d.specialty) return `specialty ${e.specialty} does not match ${d.specialty}`;
  if (e.titleRank < d.minTitleRank) return `title rank ${e.titleRank} is below the minimum ${d.minTitleRank}`;
  if (!ix.available.get(e.id)?.has(d.periodIndex)) return `not available in period ${d.periodIndex}`;
  return null;
}

export function label(e: PlanExpert): string {
  return e.name && e.name !== e.id ? `${e.name} (${e.id})` : e.id;
}

export function demandLabel(ix: InstanceIndex, d: PlanDemand): string {
  const site = ix.site.get(d.siteId);
  return `${d.id} (${d.specialty} at ${site?.name ?? d.siteId}, period ${d.periodIndex})`;
}

/**
 * THE OBJECTIVE (maximised by the MIP, recomputed here for every returned plan):
 *
 *   value = Σ over assigned pairs (e, d) of priority_d
 *         + continuity × #{ (e, s, p) : e serves a demand at site s in period p
 *                                       and a demand at site s in period p + 1 }
 *         − fairness × max over experts of weeksAway(e)
 *
 * where weeksAway(e) = Σ over e's assigned pairs of the weeks of the demand's period, the max is
 * 0 when there are no experts, and "p + 1" means the period whose index is one more. In the MIP,
 * the continuity count is Σ y[e,s,p] with y <= presence(e,s,p), y <= presence(e,s,p+1), and the
 * max is a variable W >= weeksAway(e) for every expert.
 */
export function objectiveValue(ix: InstanceIndex, pairs: readonly Pair[]): number {
  const { continuity, fairness } = ix.instance.weights;
  let value = 0;
  const weeks = new Map<string, number>();
  const presence = new Set<string>();
  for (const a of pairs) {
    const d = ix.demand.get(a.demandId)!;
    value += d.priority;
    weeks.set(a.expertId, (weeks.get(a.expertId) ?? 0) + ix.period.get(d.periodIndex)!.weeks);
    presence.add(`${a.expertId}\u0000${d.siteId}\u0000${d.periodIndex}`);
  }
  let stays = 0;
  for (const key of presence) {
    const [e, s, p] = key.split('\u0000');
    if (presence.has(`${e}\u0000${s}\u0000${Number(p) + 1}`)) stays++;
  }
  const maxWeeks = Math.max(0, ...weeks.values());
  return value + continuity * stays - fairness * maxWeeks;
}
