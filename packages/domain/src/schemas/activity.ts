import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, timestamp } from './common.js';

// The work a stationed expert (下沉专家) does at the host site, one entry per session: the
// figures the reports name — 坐诊 (patients seen), 查房, 学术讲座 (attendees), 手术示范,
// 疑难病例讨论, 带教 (trainees).

export const ACTIVITY_KINDS = [
  'clinic', // 坐诊/专家门诊: patients seen
  'ward_round', // 查房: patients rounded on
  'lecture', // 学术讲座: attendees
  'surgery_demo', // 手术示范: operations performed, with the procedure
  'case_discussion', // 疑难病例讨论: cases discussed
  'teaching', // 带教/教学: trainees taught
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * The most one entry may count, per kind: above this a number is a typing slip (an extra zero),
 * not a day's work. A lecture hall holds more people than a clinic sees patients.
 */
export const ACTIVITY_MAX_COUNT: Record<ActivityKind, number> = {
  clinic: 300,
  ward_round: 300,
  lecture: 2000,
  surgery_demo: 30,
  case_discussion: 50,
  teaching: 500,
};

/** An expert may change or delete an entry for this many days after writing it; then it is the record. */
export const ACTIVITY_EDIT_DAYS = 7;

const activityFields = z.object({
  postingId: id,
  kind: z.enum(ACTIVITY_KINDS),
  activityDate: isoDate,
  count: z.number().int().min(0).max(2000),
  /** The operation demonstrated; required for a surgery demonstration. */
  procedureName: optionalText(200),
  /** The lecture's title or the case's diagnosis. */
  topic: optionalText(200),
  note: optionalText(1000),
});

function checkCount(
  a: { kind?: ActivityKind; count?: number; procedureName?: string | null },
  ctx: z.RefinementCtx,
) {
  if (a.kind && a.count !== undefined && a.count > ACTIVITY_MAX_COUNT[a.kind])
    ctx.addIssue({
      code: 'custom',
      path: ['count'],
      message: `must be at most ${ACTIVITY_MAX_COUNT[a.kind]} for ${a.kind}`,
    });
  if (a.kind === 'surgery_demo' && !a.procedureName)
    ctx.addIssue({
      code: 'custom',
      path: ['procedureName'],
      message: 'is required for a surgery demonstration',
    });
}

export const activityCreate = activityFields.superRefine(checkCount);
export type ActivityCreate = z.infer<typeof activityCreate>;
export const activityUpdate = activityFields.omit({ postingId: true }).partial().strict();
export type ActivityUpdate = z.infer<typeof activityUpdate>;

export const expertActivity = z.object({
  id,
  consortiumId: id,
  postingId: id,
  batchId: id,
  batchName: z.string(),
  staffId: id,
  staffName: z.string(),
  homeInstitutionId: id,
  hostInstitutionId: id,
  hostInstitutionName: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  activityDate: isoDate,
  count: z.number().int(),
  procedureName: z.string().nullable(),
  topic: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** Whether the signed-in user may still change or delete it (own entry, within the window). */
  editable: z.boolean(),
});
export type ExpertActivity = z.infer<typeof expertActivity>;

const activityFilters = z.object({
  kind: z.enum(ACTIVITY_KINDS).optional(),
  hostInstitutionId: id.optional(),
  batchId: id.optional(),
  staffId: id.optional(),
  consortiumId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Only the signed-in expert's own entries. */
  mine: z.enum(['true', 'false']).optional(),
});
export const activityListQuery = pageQuery.extend(activityFilters.shape);
export type ActivityListQuery = z.infer<typeof activityListQuery>;

export const ACTIVITY_GROUPINGS = ['expert', 'site', 'batch', 'month', 'quarter'] as const;
export type ActivityGrouping = (typeof ACTIVITY_GROUPINGS)[number];

export const activitySummaryQuery = activityFilters.extend({
  by: z.enum(ACTIVITY_GROUPINGS).default('expert'),
  q: z.string().trim().max(100).optional(),
});
export type ActivitySummaryQuery = z.infer<typeof activitySummaryQuery>;

const perKind = z.object(
  Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, z.number().int()])) as Record<ActivityKind, z.ZodNumber>,
);
export const activitySummaryRow = z.object({
  /** The expert's, site's or batch's id, or the period ('2026-03', '2026-Q1'). */
  key: z.string(),
  label: z.string(),
  entries: z.number().int(),
  /** Sessions of each kind (entries) and the people they counted (patients, attendees ...). */
  sessions: perKind,
  totals: perKind,
});
export type ActivitySummaryRow = z.infer<typeof activitySummaryRow>;

/** A posting of the signed-in expert, for the form's default and its choice. */
export const myPosting = z.object({
  id,
  batchId: id,
  batchName: z.string(),
  hostInstitutionId: id,
  hostInstitutionName: z.string(),
  role: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  current: z.boolean(),
});
export type MyPosting = z.infer<typeof myPosting>;
