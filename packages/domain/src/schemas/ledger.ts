import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';

// The problem ledger (问题清单台账): 问题有落实、工作有推进、结果有反馈.

export const PROBLEM_SOURCES = [
  'meeting', // raised in a meeting (linked to it)
  'inspection', // found on an inspection or supervision visit (督查)
  'report', // from a work report
  'member', // put forward by a member institution
] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

export const PROBLEM_CATEGORIES = [
  'common', // 共性问题: several institutions share it
  'particular', // 个性问题: one institution's own
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const PROBLEM_PRIORITIES = ['high', 'medium', 'low'] as const;
export type ProblemPriority = (typeof PROBLEM_PRIORITIES)[number];

export const PROBLEM_STATES = [
  'raised',
  'assigned',
  'in_progress',
  'resolved',
  'verified',
  'closed',
] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const PROBLEM_ACTIONS = ['assign', 'start', 'resolve', 'verify', 'close', 'reopen'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

/** The kinds of entry in a problem's history. */
export const PROBLEM_ENTRY_KINDS = ['transition', 'progress', 'feedback'] as const;
export type ProblemEntryKind = (typeof PROBLEM_ENTRY_KINDS)[number];

export const problemCreate = z
  .object({
    consortiumId: id,
    title: text(200),
    description: text(8000),
    source: z.enum(PROBLEM_SOURCES),
    category: z.enum(PROBLEM_CATEGORIES),
    /** The institutions the problem affects: one for a particular problem, one or more for a common one. */
    affectedInstitutionIds: z.array(id).min(1).max(100),
    priority: z.enum(PROBLEM_PRIORITIES).default('medium'),
    ownerDepartmentId: id.nullable().optional(),
    coOwnerDepartmentIds: z.array(id).max(20).default([]),
    responsibleUserId: id.nullable().optional(),
    deadline: isoDate.nullable().optional(),
  })
  .strict();
export type ProblemCreate = z.infer<typeof problemCreate>;

/** Raising a problem from a meeting: the meeting gives the consortium and the source. */
export const meetingProblemCreate = problemCreate.omit({ consortiumId: true, source: true }).strict();
export type MeetingProblemCreate = z.infer<typeof meetingProblemCreate>;

export const problemUpdate = z
  .object({
    title: text(200).optional(),
    description: text(8000).optional(),
    category: z.enum(PROBLEM_CATEGORIES).optional(),
    affectedInstitutionIds: z.array(id).min(1).max(100).optional(),
    priority: z.enum(PROBLEM_PRIORITIES).optional(),
    coOwnerDepartmentIds: z.array(id).max(20).optional(),
    deadline: isoDate.nullable().optional(),
  })
  .strict();

export const problemActionBodies = {
  assign: z
    .object({
      ownerDepartmentId: id,
      responsibleUserId: id,
      deadline: isoDate,
      coOwnerDepartmentIds: z.array(id).max(20).optional(),
      note: optionalText(2000),
    })
    .strict(),
  start: z.object({ note: optionalText(2000) }).strict(),
  /** What was done, as the raiser will read it. */
  resolve: z.object({ measures: text(4000) }).strict(),
  /** The raiser (or the office) confirms the result. */
  verify: z.object({ note: optionalText(2000) }).strict(),
  close: z.object({ note: optionalText(2000) }).strict(),
  reopen: z.object({ reason: text(2000) }).strict(),
} as const;

export const problemEntryCreate = z.object({ note: text(4000) }).strict();

export const problemEntry = z.object({
  id,
  kind: z.enum(PROBLEM_ENTRY_KINDS),
  at: timestamp,
  actorName: z.string(),
  action: z.string().nullable(),
  fromStatus: z.enum(PROBLEM_STATES).nullable(),
  toStatus: z.enum(PROBLEM_STATES).nullable(),
  note: z.string().nullable(),
});
export type ProblemEntry = z.infer<typeof problemEntry>;

const named = z.object({ id, name: z.string() });

export const ledgerProblem = z.object({
  id,
  consortiumId: id,
  number: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.enum(PROBLEM_SOURCES),
  meetingId: id.nullable(),
  meetingTitle: z.string().nullable(),
  category: z.enum(PROBLEM_CATEGORIES),
  affectedInstitutions: z.array(named),
  priority: z.enum(PROBLEM_PRIORITIES),
  ownerDepartmentId: id.nullable(),
  ownerDepartmentName: z.string().nullable(),
  ownerInstitutionName: z.string().nullable(),
  coOwnerDepartments: z.array(named),
  responsibleUserId: id.nullable(),
  responsibleName: z.string().nullable(),
  deadline: isoDate.nullable(),
  status: z.enum(PROBLEM_STATES),
  /** Past its deadline and not yet resolved. */
  overdue: z.boolean(),
  escalatedAt: timestamp.nullable(),
  measures: z.string().nullable(),
  latestProgress: z.string().nullable(),
  raisedById: id.nullable(),
  raisedBy: z.string(),
  raisedAt: timestamp,
  resolvedAt: timestamp.nullable(),
  verifiedAt: timestamp.nullable(),
  verifiedBy: z.string().nullable(),
  closedAt: timestamp.nullable(),
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(PROBLEM_ACTIONS)),
  /** May the reader add progress (the responsible person, the owners, the office). */
  canReport: z.boolean(),
});
export type LedgerProblem = z.infer<typeof ledgerProblem>;

export const problemDetail = ledgerProblem.extend({ entries: z.array(problemEntry) });
export type ProblemDetail = z.infer<typeof problemDetail>;

export const problemListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  status: z
    .string()
    .max(200)
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'must be states separated by commas')
    .optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  source: z.enum(PROBLEM_SOURCES).optional(),
  priority: z.enum(PROBLEM_PRIORITIES).optional(),
  ownerDepartmentId: id.optional(),
  meetingId: id.optional(),
  overdue: z.enum(['1']).optional(),
  mine: z.enum(['1']).optional(),
});
export type ProblemListQuery = z.infer<typeof problemListQuery>;

export const ledgerFigures = z.object({
  total: z.number().int(),
  closed: z.number().int(),
  /** Closed (or verified) over all, 0..1; null when there is nothing. */
  closureRate: z.number().nullable(),
  overdue: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  byDepartment: z.array(
    z.object({
      departmentId: id.nullable(),
      departmentName: z.string().nullable(),
      institutionName: z.string().nullable(),
      total: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
      averageDaysToClose: z.number().nullable(),
    }),
  ),
});
export type LedgerFigures = z.infer<typeof ledgerFigures>;
export const ledgerFiguresQuery = z.object({
  consortiumId: id.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
