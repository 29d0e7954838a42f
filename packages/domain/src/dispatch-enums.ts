import type { StaffTitle } from './enums.js';
import { TITLE_RANKS } from './schemas/planning.js';

// Expert dispatch (人员下沉): the roles of a posting, plan states and the title ranks the
// planner compares against a demand's minimum title.

/** What a dispatched person does at the host (the five kinds of member). */
export const DISPATCH_ROLES = [
  'clinical', // 临床
  'management', // 管理 (挂职: executive vice-president and the like)
  'research', // 科研
  'medical_technical', // 医技
  'nursing', // 护理
] as const;
export type DispatchRole = (typeof DISPATCH_ROLES)[number];

/** How a plan's horizon is cut into periods. */
export const PERIOD_KINDS = [
  'month', // calendar months (clipped to the horizon)
  'biweek', // fourteen days from the horizon's start
] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A plan: written, being solved in the background, solved (a usable version), applied to a batch. */
export const PLAN_STATUSES = ['draft', 'solving', 'solved', 'applied'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_EVENTS = ['solve', 'finish', 'fail', 'lock', 'apply', 'edit'] as const;
export type PlanEvent = (typeof PLAN_EVENTS)[number];

/** One solve: running, finished with a plan, or finished without one (infeasible, error). */
export const PLAN_VERSION_STATUSES = ['solving', 'solved', 'failed'] as const;
export type PlanVersionStatus = (typeof PLAN_VERSION_STATUSES)[number];

/** 职称 -> rank 1..4 (初级, 中级, 副高, 正高), as the planning contract's TITLE_RANKS. */
export const TITLE_RANK_OF: Record<StaffTitle, number> = {
  chief_physician: TITLE_RANKS.senior,
  chief_nurse: TITLE_RANKS.senior,
  chief_technician: TITLE_RANKS.senior,
  researcher: TITLE_RANKS.senior,
  associate_chief_physician: TITLE_RANKS.associate_senior,
  associate_chief_nurse: TITLE_RANKS.associate_senior,
  associate_chief_technician: TITLE_RANKS.associate_senior,
  attending_physician: TITLE_RANKS.intermediate,
  nurse_in_charge: TITLE_RANKS.intermediate,
  technician_in_charge: TITLE_RANKS.intermediate,
  resident_physician: TITLE_RANKS.junior,
  senior_nurse: TITLE_RANKS.junior,
  administrator: TITLE_RANKS.junior,
  other: TITLE_RANKS.junior,
};
