import { z } from 'zod';
import { DISPATCH_ROLES, PERIOD_KINDS, PLAN_STATUSES, PLAN_VERSION_STATUSES } from '../dispatch-enums.js';
import { STAFF_TITLES } from '../enums.js';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';
import { planInstance, planLock, planProgress, planResult, PLAN_SOLVE_STATUSES } from './planning.js';

// Expert dispatch (人员下沉): programmes, batches, postings, demand, the expert pool and plans.

const inOrder = (r: { startDate?: string | null; endDate?: string | null }) =>
  !r.startDate || !r.endDate || r.startDate <= r.endDate;
const orderIssue = { message: 'must not be before startDate', path: ['endDate'] };
const specialty = text(40);

export const dispatchProgramme = z.object({
  id,
  consortiumId: id,
  sendingInstitutionId: id,
  sendingInstitutionName: z.string(),
  hostInstitutionId: id,
  hostInstitutionName: z.string(),
  name: z.string(),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  description: z.string().nullable(),
  batchCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type DispatchProgramme = z.infer<typeof dispatchProgramme>;
const programmeFields = z.object({
  /** Needed only by a platform administrator; the office acts in its own consortium. */
  consortiumId: id.optional(),
  sendingInstitutionId: id,
  hostInstitutionId: id,
  name: text(100),
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
  description: optionalText(1000),
});
export const programmeCreate = programmeFields.refine(inOrder, orderIssue);
export const programmeUpdate = programmeFields
  .pick({ name: true, startDate: true, endDate: true, description: true })
  .partial()
  .strict()
  .refine(inOrder, orderIssue);
export type ProgrammeCreate = z.infer<typeof programmeCreate>;
export type ProgrammeUpdate = z.infer<typeof programmeUpdate>;
export const programmeListQuery = pageQuery.extend({
  sendingInstitutionId: id.optional(),
  hostInstitutionId: id.optional(),
});
export type ProgrammeListQuery = z.infer<typeof programmeListQuery>;

export const dispatchBatch = z.object({
  id,
  consortiumId: id,
  programmeId: id,
  programmeName: z.string(),
  sendingInstitutionId: id,
  sendingInstitutionName: z.string(),
  hostInstitutionId: id,
  hostInstitutionName: z.string(),
  number: z.number().int(),
  name: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  leaderStaffId: id.nullable(),
  leaderName: z.string().nullable(),
  memberCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type DispatchBatch = z.infer<typeof dispatchBatch>;
const batchFields = z.object({
  programmeId: id,
  number: z.number().int().min(1).max(999),
  name: text(100),
  startDate: isoDate,
  endDate: isoDate,
  /** 总领队: a staff member of the sending institution. */
  leaderStaffId: id.nullable().optional(),
});
export const batchCreate = batchFields.refine(inOrder, orderIssue);
export const batchUpdate = batchFields
  .omit({ programmeId: true })
  .partial()
  .strict()
  .refine(inOrder, orderIssue);
export type BatchCreate = z.infer<typeof batchCreate>;
export type BatchUpdate = z.infer<typeof batchUpdate>;
export const batchListQuery = pageQuery.extend({
  programmeId: id.optional(),
  hostInstitutionId: id.optional(),
  activeOn: isoDate.optional(),
});
export type BatchListQuery = z.infer<typeof batchListQuery>;

export const dispatchPosting = z.object({
  id,
  consortiumId: id,
  batchId: id,
  batchName: z.string(),
  batchNumber: z.number().int(),
  staffId: id,
  staffName: z.string(),
  staffTitle: z.enum(STAFF_TITLES),
  departmentName: z.string().nullable(),
  sendingInstitutionName: z.string(),
  hostInstitutionId: id,
  hostInstitutionName: z.string(),
  role: z.enum(DISPATCH_ROLES),
  startDate: isoDate,
  endDate: isoDate,
  isLeader: z.boolean(),
  /** 挂职 position at the host, e.g. 执行副院长. */
  hostPosition: z.string().nullable(),
  planId: id.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type DispatchPosting = z.infer<typeof dispatchPosting>;
const postingFields = z.object({
  batchId: id,
  staffId: id,
  /** Defaults to the programme's host. */
  hostInstitutionId: id.optional(),
  role: z.enum(DISPATCH_ROLES),
  /** Default to the batch's dates. */
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  isLeader: z.boolean().optional(),
  hostPosition: optionalText(60),
});
export const postingCreate = postingFields.refine(inOrder, orderIssue);
export const postingUpdate = postingFields
  .omit({ batchId: true, staffId: true })
  .partial()
  .strict()
  .refine(inOrder, orderIssue);
export type PostingCreate = z.infer<typeof postingCreate>;
export type PostingUpdate = z.infer<typeof postingUpdate>;
export const postingListQuery = pageQuery.extend({
  batchId: id.optional(),
  staffId: id.optional(),
  hostInstitutionId: id.optional(),
  role: z.enum(DISPATCH_ROLES).optional(),
  activeOn: isoDate.optional(),
});
export type PostingListQuery = z.infer<typeof postingListQuery>;

/** 驻点专家: who is stationed at an institution now, and who comes next. */
export const hostView = z.object({
  institutionId: id,
  institutionName: z.string(),
  today: isoDate,
  current: z.array(dispatchPosting),
  upcoming: z.array(dispatchPosting),
});
export type HostView = z.infer<typeof hostView>;
export const hostViewQuery = z.object({ institutionId: id.optional() });

export const dispatchDemand = z.object({
  id,
  consortiumId: id,
  hostInstitutionId: id,
  hostInstitutionName: z.string(),
  specialty: z.string(),
  role: z.enum(DISPATCH_ROLES),
  startDate: isoDate,
  endDate: isoDate,
  minTitleRank: z.number().int(),
  priority: z.number().int(),
  count: z.number().int(),
  note: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type DispatchDemand = z.infer<typeof dispatchDemand>;
const demandFields = z.object({
  /** Needed only by a platform administrator. */
  consortiumId: id.optional(),
  hostInstitutionId: id,
  specialty,
  role: z.enum(DISPATCH_ROLES).optional(),
  startDate: isoDate,
  endDate: isoDate,
  /** 1 初级, 2 中级, 3 副高, 4 正高. */
  minTitleRank: z.number().int().min(1).max(4),
  priority: z.number().int().min(1).max(5),
  count: z.number().int().min(1).max(50),
  note: optionalText(500),
});
export const demandCreate = demandFields.refine(inOrder, orderIssue);
export const demandUpdate = demandFields
  .omit({ hostInstitutionId: true, consortiumId: true })
  .partial()
  .strict()
  .refine(inOrder, orderIssue);
export type DemandCreate = z.infer<typeof demandCreate>;
export type DemandUpdate = z.infer<typeof demandUpdate>;
export const demandListQuery = pageQuery.extend({
  hostInstitutionId: id.optional(),
  specialty: z.string().trim().max(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type DemandListQuery = z.infer<typeof demandListQuery>;

export const unavailableRange = z
  .object({ start: isoDate, end: isoDate, reason: optionalText(100) })
  .refine((r) => r.start <= r.end, { message: 'must not be before start', path: ['end'] });
export type UnavailableRange = z.infer<typeof unavailableRange>;

export const expertProfile = z.object({
  id,
  consortiumId: id,
  staffId: id,
  staffName: z.string(),
  staffTitle: z.enum(STAFF_TITLES),
  titleRank: z.number().int(),
  institutionId: id,
  institutionName: z.string(),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  specialty: z.string(),
  maxWeeksPerYear: z.number(),
  availableFrom: isoDate.nullable(),
  availableTo: isoDate.nullable(),
  unavailable: z.array(unavailableRange),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ExpertProfile = z.infer<typeof expertProfile>;
const expertFields = z.object({
  consortiumId: id.optional(),
  staffId: id,
  specialty,
  maxWeeksPerYear: z.number().min(0).max(52),
  availableFrom: isoDate.nullable().optional(),
  availableTo: isoDate.nullable().optional(),
  unavailable: z.array(unavailableRange).max(50).optional(),
  active: z.boolean().optional(),
});
const availableInOrder = (r: { availableFrom?: string | null; availableTo?: string | null }) =>
  !r.availableFrom || !r.availableTo || r.availableFrom <= r.availableTo;
const availableIssue = { message: 'must not be before availableFrom', path: ['availableTo'] };
export const expertCreate = expertFields.refine(availableInOrder, availableIssue);
export const expertUpdate = expertFields
  .omit({ staffId: true, consortiumId: true })
  .partial()
  .strict()
  .refine(availableInOrder, availableIssue);
export type ExpertCreate = z.infer<typeof expertCreate>;
export type ExpertUpdate = z.infer<typeof expertUpdate>;
export const expertListQuery = pageQuery.extend({
  institutionId: id.optional(),
  departmentId: id.optional(),
  specialty: z.string().trim().max(40).optional(),
});
export type ExpertListQuery = z.infer<typeof expertListQuery>;

export const departmentStaffing = z.object({
  id,
  consortiumId: id,
  departmentId: id,
  departmentName: z.string(),
  institutionId: id,
  institutionName: z.string(),
  /** Active staff of the department now. */
  headcount: z.number().int(),
  minStaffing: z.number().int().nullable(),
  maxAway: z.number().int().nullable(),
  /** What the planner uses: maxAway, or headcount less the minimum staffing. */
  effectiveMaxAway: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type DepartmentStaffing = z.infer<typeof departmentStaffing>;
const staffingFields = z.object({
  consortiumId: id.optional(),
  departmentId: id,
  minStaffing: z.number().int().min(0).max(1000).nullable().optional(),
  maxAway: z.number().int().min(0).max(1000).nullable().optional(),
});
export const staffingCreate = staffingFields.refine((r) => r.minStaffing != null || r.maxAway != null, {
  message: 'give a minimum staffing or a maximum away',
  path: ['maxAway'],
});
export const staffingUpdate = staffingFields
  .omit({ departmentId: true, consortiumId: true })
  .partial()
  .strict();
export type StaffingCreate = z.infer<typeof staffingCreate>;
export type StaffingUpdate = z.infer<typeof staffingUpdate>;
export const staffingListQuery = pageQuery.extend({ institutionId: id.optional() });
export type StaffingListQuery = z.infer<typeof staffingListQuery>;

export const planWeightsInput = z.object({
  continuity: z.number().min(0).max(10),
  fairness: z.number().min(0).max(10),
});
export const dispatchPlan = z.object({
  id,
  consortiumId: id,
  name: z.string(),
  horizonStart: isoDate,
  horizonEnd: isoDate,
  periodKind: z.enum(PERIOD_KINDS),
  hostInstitutionIds: z.array(id).nullable(),
  weights: planWeightsInput,
  timeLimitSeconds: z.number().int(),
  locks: z.array(planLock),
  status: z.enum(PLAN_STATUSES),
  currentVersion: z.number().int(),
  appliedVersion: z.number().int().nullable(),
  appliedBatchId: id.nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type DispatchPlan = z.infer<typeof dispatchPlan>;
const horizonInOrder = (r: { horizonStart?: string; horizonEnd?: string }) =>
  !r.horizonStart || !r.horizonEnd || r.horizonStart <= r.horizonEnd;
const horizonShort = (r: { horizonStart?: string; horizonEnd?: string }) =>
  !r.horizonStart ||
  !r.horizonEnd ||
  Date.parse(r.horizonEnd) - Date.parse(r.horizonStart) <= 731 * 86_400_000;
const planFields = z.object({
  consortiumId: id.optional(),
  name: text(100),
  horizonStart: isoDate,
  horizonEnd: isoDate,
  periodKind: z.enum(PERIOD_KINDS),
  /** The sites to plan for; null plans every host with demand in the horizon. */
  hostInstitutionIds: z.array(id).max(200).nullable().optional(),
  weights: planWeightsInput.optional(),
  timeLimitSeconds: z.number().int().min(1).max(120).optional(),
});
const horizonIssues = <T extends z.ZodType<{ horizonStart?: string; horizonEnd?: string }>>(s: T) =>
  s
    .refine(horizonInOrder, { message: 'must not be before horizonStart', path: ['horizonEnd'] })
    .refine(horizonShort, { message: 'a plan covers at most two years', path: ['horizonEnd'] });
export const planCreate = horizonIssues(planFields);
export const planUpdate = horizonIssues(planFields.omit({ consortiumId: true }).partial().strict());
export type PlanCreate = z.infer<typeof planCreate>;
export type PlanUpdate = z.infer<typeof planUpdate>;
export const planListQuery = pageQuery.extend({ status: z.enum(PLAN_STATUSES).optional() });
export type PlanListQuery = z.infer<typeof planListQuery>;

export const planVersionSummary = z.object({
  id,
  planId: id,
  version: z.number().int(),
  status: z.enum(PLAN_VERSION_STATUSES),
  solveStatus: z.enum(PLAN_SOLVE_STATUSES).nullable(),
  objective: z.number().nullable(),
  gap: z.number().nullable(),
  coverage: planResult.shape.coverage.nullable(),
  progress: planProgress.nullable(),
  solvedBy: z.string(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type PlanVersionSummary = z.infer<typeof planVersionSummary>;
export const planVersionDetail = planVersionSummary.extend({
  input: planInstance,
  result: planResult.nullable(),
});
export type PlanVersionDetail = z.infer<typeof planVersionDetail>;
export const planVersionParams = z.object({ id, version: z.coerce.number().int().min(1).max(100000) });

export const solveStarted = z.object({ plan: dispatchPlan, version: planVersionSummary });
export const planLockBody = z.object({
  expertId: id,
  demandId: z.string().trim().min(1).max(100),
  locked: z.boolean(),
});
export type PlanLockBody = z.infer<typeof planLockBody>;

export const planCompareQuery = z.object({
  a: z.coerce.number().int().min(1).max(100000),
  b: z.coerce.number().int().min(1).max(100000),
});
export const PLAN_CHANGE_KINDS = ['added', 'removed', 'moved'] as const;
export const planChange = z.object({
  kind: z.enum(PLAN_CHANGE_KINDS),
  expertId: z.string(),
  expertName: z.string(),
  periodIndex: z.number().int(),
  fromSiteName: z.string().nullable(),
  toSiteName: z.string().nullable(),
});
export type PlanChange = z.infer<typeof planChange>;
const versionFigures = z.object({
  version: z.number().int(),
  objective: z.number().nullable(),
  gap: z.number().nullable(),
  coverage: planResult.shape.coverage,
});
export const planComparison = z.object({
  a: versionFigures,
  b: versionFigures,
  changes: z.array(planChange),
  unchanged: z.number().int(),
});
export type PlanComparison = z.infer<typeof planComparison>;

export const planApplyBody = z.object({
  /** Defaults to the latest version. */
  version: z.number().int().min(1).max(100000).optional(),
  batchId: id,
});
export type PlanApplyBody = z.infer<typeof planApplyBody>;
export const planApplyResult = z.object({
  plan: dispatchPlan,
  created: z.number().int(),
  skipped: z.array(z.object({ expertName: z.string(), periodIndex: z.number().int(), reason: z.string() })),
});
export type PlanApplyResult = z.infer<typeof planApplyResult>;
