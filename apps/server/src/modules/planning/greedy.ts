import type { PlanDemand, PlanExpert, PlanInstance, PlanResult } from '@yilian/domain';
import { usable } from './build-model.js';
import { indexInstance, type InstanceIndex, type Pair } from './instance-index.js';
import { failedResult, toResult } from './result.js';
import { checkLocks } from './rules.js';

// The greedy baseline: keep the locks, then fill demand from the highest priority down, one place
// at a time, with the candidate who keeps every hard rule and scores best on (1) already being at
// the same site in the neighbouring period (continuity), (2) fewest weeks away so far (fairness),
// (3) the lowest title that qualifies (seniors stay free for posts that need them).
// Used by the benchmark as the baseline, by the optimizer as HiGHS' starting solution, and as a
// fallback plan when HiGHS stops without one.

export function greedyPlan(instance: PlanInstance): PlanResult {
  const t0 = performance.now();
  const { index, problems } = indexInstance(instance);
  const seconds = () => (performance.now() - t0) / 1000;
  if (problems.length) return failedResult(index, 'error', problems.join('; '), seconds());
  const lockProblems = checkLocks(index);
  if (lockProblems.length) return failedResult(index, 'infeasible', lockProblems.join('; '), seconds());
  const plan = greedyPairs(index);
  // A heuristic proves nothing about optimality: 'time_limit' is the contract's status for a
  // feasible plan without proof, and bound and gap stay null.
  return toResult(index, plan, {
    status: 'time_limit',
    bound: null,
    stats: { variables: 0, constraints: 0, seconds: seconds() },
    message: 'Greedy plan (highest priority first); optimality not proven',
  });
}

/**
 * The greedy plan's pairs for an instance whose locks are already known to be valid. `preferred`
 * (e.g. pairs ordered by an LP relaxation's values) are tried first, in order, each kept only if it
 * keeps every hard rule; then demand is filled from the highest priority down.
 */
export function greedyPairs(ix: InstanceIndex, preferred: readonly Pair[] = []): Pair[] {
  const { instance } = ix;
  const plan: Pair[] = [];
  const filled = new Map<string, Set<string>>();
  const busy = new Set<string>(); // "expert|period"
  const away = new Map<string, number>(); // "department|period"
  const weeks = new Map<string, number>();
  const at = new Set<string>(); // "expert|site|period"

  const take = (e: PlanExpert, d: PlanDemand) => {
    plan.push({ expertId: e.id, demandId: d.id });
    if (!filled.has(d.id)) filled.set(d.id, new Set());
    filled.get(d.id)!.add(e.id);
    busy.add(`${e.id}\u0000${d.periodIndex}`);
    const dp = `${e.departmentId}\u0000${d.periodIndex}`;
    away.set(dp, (away.get(dp) ?? 0) + 1);
    weeks.set(e.id, (weeks.get(e.id) ?? 0) + ix.period.get(d.periodIndex)!.weeks);
    at.add(`${e.id}\u0000${d.siteId}\u0000${d.periodIndex}`);
  };
  const seen = new Set<string>();
  for (const l of instance.locks) {
    if (seen.has(`${l.expertId}\u0000${l.demandId}`)) continue;
    seen.add(`${l.expertId}\u0000${l.demandId}`);
    take(ix.expert.get(l.expertId)!, ix.demand.get(l.demandId)!);
  }

  const fits = (e: PlanExpert, d: PlanDemand) => {
    if (!usable(ix, e, d) || busy.has(`${e.id}\u0000${d.periodIndex}`)) return false;
    if ((filled.get(d.id)?.size ?? 0) >= d.count) return false;
    if ((weeks.get(e.id) ?? 0) + ix.period.get(d.periodIndex)!.weeks > e.maxWeeksAway + 1e-9) return false;
    const dep = ix.department.get(e.departmentId)!;
    return (away.get(`${dep.id}\u0000${d.periodIndex}`) ?? 0) < dep.maxAway;
  };
  for (const p of preferred) {
    const e = ix.expert.get(p.expertId)!;
    const d = ix.demand.get(p.demandId)!;
    if (fits(e, d)) take(e, d);
  }

  const bySpecialty = new Map<string, PlanExpert[]>();
  for (const e of instance.experts)
    bySpecialty.set(e.specialty, [...(bySpecialty.get(e.specialty) ?? []), e]);
  const order = [...instance.demands].sort(
    (a, b) => b.priority - a.priority || a.periodIndex - b.periodIndex || (a.id < b.id ? -1 : 1),
  );
  for (const d of order) {
    for (let n = filled.get(d.id)?.size ?? 0; n < d.count; n++) {
      let best: PlanExpert | null = null;
      let bestScore: number[] = [];
      for (const e of bySpecialty.get(d.specialty) ?? []) {
        if (!fits(e, d)) continue;
        const stays =
          Number(at.has(`${e.id}\u0000${d.siteId}\u0000${d.periodIndex - 1}`)) +
          Number(at.has(`${e.id}\u0000${d.siteId}\u0000${d.periodIndex + 1}`));
        const score = [stays, -(weeks.get(e.id) ?? 0), -e.titleRank];
        if (!best || better(score, bestScore)) {
          best = e;
          bestScore = score;
        }
      }
      if (!best) break;
      take(best, d);
    }
  }
  return plan;
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}
