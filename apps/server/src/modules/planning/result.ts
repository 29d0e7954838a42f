import type { PlanAssignment, PlanResult } from '@yilian/domain';
import { explainWithIndex } from './explain.js';
import { objectiveValue, type InstanceIndex, type Pair } from './instance-index.js';

// One way to turn a list of pairs into a PlanResult, shared by the optimizer and the greedy
// baseline so both report coverage and unmet demand identically.

export interface ResultFields {
  status: PlanResult['status'];
  bound: number | null;
  stats: PlanResult['stats'];
  message?: string;
}

/**
 * coverage.filled: places filled; coverage.demanded: places asked for (Σ count);
 * coverage.weighted: the priority-weighted share of places filled, Σ priority·filled / Σ priority·count
 * (1 when nothing is demanded).
 */
export function toResult(ix: InstanceIndex, plan: readonly Pair[], fields: ResultFields): PlanResult {
  const locked = new Set(ix.instance.locks.map((l) => `${l.expertId}\u0000${l.demandId}`));
  const assignments: PlanAssignment[] = plan
    .map((a) => {
      const d = ix.demand.get(a.demandId)!;
      return {
        expertId: a.expertId,
        demandId: d.id,
        siteId: d.siteId,
        periodIndex: d.periodIndex,
        locked: locked.has(`${a.expertId}\u0000${d.id}`),
      };
    })
    .sort((a, b) => a.periodIndex - b.periodIndex || cmp(a.siteId, b.siteId) || cmp(a.expertId, b.expertId));
  let demanded = 0;
  let weightDemanded = 0;
  for (const d of ix.instance.demands) {
    demanded += d.count;
    weightDemanded += d.count * d.priority;
  }
  const filledPerDemand = new Map<string, number>();
  for (const a of assignments) filledPerDemand.set(a.demandId, (filledPerDemand.get(a.demandId) ?? 0) + 1);
  let weightFilled = 0;
  for (const [id, n] of filledPerDemand)
    weightFilled += Math.min(n, ix.demand.get(id)!.count) * ix.demand.get(id)!.priority;
  const objective = objectiveValue(ix, plan);
  const bound = fields.bound === null ? null : Math.max(fields.bound, objective);
  return {
    status: fields.status,
    objective,
    bound,
    gap: relativeGap(objective, bound),
    assignments,
    unmet: explainWithIndex(ix, plan),
    coverage: {
      filled: assignments.length,
      demanded,
      weighted: weightDemanded ? weightFilled / weightDemanded : 1,
    },
    stats: fields.stats,
    ...(fields.message ? { message: fields.message } : {}),
  };
}

/** (bound − objective) / max(1, |objective|): HiGHS' relative gap, guarded against an objective near 0. */
export function relativeGap(objective: number, bound: number | null): number | null {
  if (bound === null) return null;
  return Math.max(0, bound - objective) / Math.max(1, Math.abs(objective));
}

/** A result without a plan: the instance or the locks make planning impossible. */
export function failedResult(
  ix: InstanceIndex,
  status: 'infeasible' | 'error',
  message: string,
  seconds: number,
): PlanResult {
  const demanded = ix.instance.demands.reduce((s, d) => s + d.count, 0);
  return {
    status,
    objective: null,
    bound: null,
    gap: null,
    assignments: [],
    unmet: [],
    coverage: { filled: 0, demanded, weighted: 0 },
    stats: { variables: 0, constraints: 0, seconds },
    message,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
