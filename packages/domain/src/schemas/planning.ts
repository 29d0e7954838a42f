import { z } from 'zod';

// The contract between the personnel module (which stores demand, experts and plans) and the
// dispatch-plan optimizer (which only sees this instance and returns this result). Ids are
// opaque strings so the optimizer can be tested and benchmarked on generated instances.

/** 职称 ranks for the "minimum title" rule: 初级 1, 中级 2, 副高 3, 正高 4. */
export const TITLE_RANKS = { junior: 1, intermediate: 2, associate_senior: 3, senior: 4 } as const;

export const planPeriod = z.object({
  index: z.number().int().min(0),
  start: z.string(), // ISO date, inclusive
  end: z.string(), // ISO date, inclusive
  weeks: z.number().positive(), // time away counted against an expert's yearly maximum
});
export type PlanPeriod = z.infer<typeof planPeriod>;

export const planSite = z.object({ id: z.string(), name: z.string() });
export type PlanSite = z.infer<typeof planSite>;

/** A home department: at most `maxAway` of its experts may be away in any one period. */
export const planDepartment = z.object({
  id: z.string(),
  name: z.string(),
  maxAway: z.number().int().min(0),
});
export type PlanDepartment = z.infer<typeof planDepartment>;

export const planExpert = z.object({
  id: z.string(),
  name: z.string(),
  specialty: z.string(), // a department kind / specialty code, matched exactly against demand
  titleRank: z.number().int().min(1).max(4),
  departmentId: z.string(),
  /** Period indices the expert can be away; a period not listed is unavailable. */
  availablePeriods: z.array(z.number().int().min(0)),
  maxWeeksAway: z.number().min(0),
});
export type PlanExpert = z.infer<typeof planExpert>;

/** A host site asks for `count` experts of a specialty in one period. */
export const planDemand = z.object({
  id: z.string(),
  siteId: z.string(),
  periodIndex: z.number().int().min(0),
  specialty: z.string(),
  minTitleRank: z.number().int().min(1).max(4),
  count: z.number().int().min(1),
  priority: z.number().int().min(1).max(5), // weight of one filled place
});
export type PlanDemand = z.infer<typeof planDemand>;

/** A planner's decision that the solver must keep: this expert fills this demand. */
export const planLock = z.object({ expertId: z.string(), demandId: z.string() });
export type PlanLock = z.infer<typeof planLock>;

export const planWeights = z.object({
  /** Bonus per expert who stays at the same site in two consecutive periods (下派专家相对固定). */
  continuity: z.number().min(0).default(0.5),
  /** Penalty per week on the busiest expert's weeks away, so the load is shared. */
  fairness: z.number().min(0).default(0.05),
});
export type PlanWeights = z.infer<typeof planWeights>;

export const planInstance = z.object({
  periods: z.array(planPeriod),
  sites: z.array(planSite),
  departments: z.array(planDepartment),
  experts: z.array(planExpert),
  demands: z.array(planDemand),
  locks: z.array(planLock).default([]),
  weights: planWeights.default({ continuity: 0.5, fairness: 0.05 }),
});
export type PlanInstance = z.infer<typeof planInstance>;

export const planAssignment = z.object({
  expertId: z.string(),
  demandId: z.string(),
  siteId: z.string(),
  periodIndex: z.number().int(),
  locked: z.boolean(),
});
export type PlanAssignment = z.infer<typeof planAssignment>;

/** Why a place stayed empty, most specific first. */
export const UNMET_REASONS = [
  'no_expert_of_specialty', // nobody in the pool has the specialty
  'no_expert_of_title', // the specialty exists but nobody has the minimum title
  'unavailable', // qualified experts exist but none is free in the period
  'time_away_used', // qualified, free experts have used their weeks away
  'home_staffing', // their home departments cannot spare another person
  'assigned_elsewhere', // qualified experts are serving demand of equal or higher weight
] as const;
export type UnmetReason = (typeof UNMET_REASONS)[number];

export const planUnmet = z.object({
  demandId: z.string(),
  missing: z.number().int().min(1),
  reasons: z.array(z.enum(UNMET_REASONS)),
});
export type PlanUnmet = z.infer<typeof planUnmet>;

export const PLAN_SOLVE_STATUSES = ['optimal', 'time_limit', 'infeasible', 'error'] as const;
export type PlanSolveStatus = (typeof PLAN_SOLVE_STATUSES)[number];

export const planResult = z.object({
  status: z.enum(PLAN_SOLVE_STATUSES),
  objective: z.number().nullable(),
  bound: z.number().nullable(), // best bound the solver proved
  gap: z.number().nullable(), // relative optimality gap, 0 when optimal
  assignments: z.array(planAssignment),
  unmet: z.array(planUnmet),
  coverage: z.object({ filled: z.number().int(), demanded: z.number().int(), weighted: z.number() }),
  stats: z.object({ variables: z.number().int(), constraints: z.number().int(), seconds: z.number() }),
  message: z.string().optional(), // why a plan could not be made (e.g. locks that break a hard rule)
});
export type PlanResult = z.infer<typeof planResult>;

/** Progress the solver worker reports while it runs. */
export const planProgress = z.object({
  phase: z.enum(['building', 'solving', 'explaining', 'done']),
  elapsedSeconds: z.number(),
  message: z.string().optional(),
});
export type PlanProgress = z.infer<typeof planProgress>;
