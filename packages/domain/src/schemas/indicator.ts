import { z } from 'zod';
import {
  INDICATOR_DIRECTIONS,
  INDICATOR_GROUPS,
  INDICATOR_KINDS,
  INDICATOR_SOURCES,
} from '../indicators/library.js';
import { SCORING_RULES } from '../indicators/scoring.js';
import { id, optionalText, pageQuery, text, timestamp } from './common.js';

// Indicators, the forms members report on, and assessment schemes (考核方案).

export const indicatorCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'must be 2-32 capital letters, digits or _ and start with a letter');

export const indicator = z.object({
  code: z.string(),
  group: z.enum(INDICATOR_GROUPS),
  nameZh: z.string(),
  nameEn: z.string(),
  definition: z.string(),
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
  kind: z.enum(INDICATOR_KINDS),
  unit: z.string(),
  factor: z.number(),
  direction: z.enum(INDICATOR_DIRECTIONS),
  source: z.enum(INDICATOR_SOURCES),
  part: z.boolean(),
  /** null for the library every consortium shares; set for a consortium's own indicator. */
  id: id.nullable(),
  consortiumId: id.nullable(),
});
export type Indicator = z.infer<typeof indicator>;

export const indicatorListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  source: z.enum(INDICATOR_SOURCES).optional(),
  group: z.enum(INDICATOR_GROUPS).optional(),
});
export type IndicatorListQuery = z.infer<typeof indicatorListQuery>;

/** A consortium's own indicator; members report it (Yilian computes only the library's figures). */
export const customIndicatorCreate = z
  .object({
    consortiumId: id,
    code: indicatorCode,
    nameZh: text(120),
    nameEn: text(160),
    definition: text(1000),
    numerator: optionalText(200),
    denominator: optionalText(200),
    kind: z.enum(INDICATOR_KINDS),
    unit: z.string().trim().max(20).default(''),
    factor: z.number().positive().max(1e6).default(1),
    direction: z.enum(INDICATOR_DIRECTIONS),
    /** The numerator is a part of the denominator (a share): it may not exceed it. */
    part: z.boolean().default(false),
  })
  .refine((v) => !v.part || v.kind === 'rate', { path: ['part'], message: 'only a rate can be a share' })
  .refine((v) => v.kind !== 'rate' || !!v.denominator, {
    path: ['denominator'],
    message: 'a rate needs a denominator',
  });
export type CustomIndicatorCreate = z.infer<typeof customIndicatorCreate>;

export const customIndicatorUpdate = z.object({
  nameZh: text(120).optional(),
  nameEn: text(160).optional(),
  definition: text(1000).optional(),
  numerator: optionalText(200),
  denominator: optionalText(200),
  unit: z.string().trim().max(20).optional(),
});
export type CustomIndicatorUpdate = z.infer<typeof customIndicatorUpdate>;

// ---- Reported data -------------------------------------------------------------------------

export const REPORT_PERIOD_KINDS = ['month', 'quarter'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];

/** '2026-10' for a month, '2026-Q4' for a quarter. */
export const reportPeriod = z
  .string()
  .regex(/^(20\d\d)-(0[1-9]|1[0-2]|Q[1-4])$/, 'must be a month (2026-10) or a quarter (2026-Q4)');

export const REPORT_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const reportValue = z.object({
  code: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  note: z.string().nullable(),
  /** The value of the same indicator in the last approved form before this one. */
  previousValue: z.number().nullable(),
});
export type ReportValue = z.infer<typeof reportValue>;

export const reportForm = z.object({
  id,
  consortiumId: id,
  institutionId: id,
  institutionName: z.string(),
  period: z.string(),
  state: z.enum(REPORT_STATES),
  submittedAt: timestamp.nullable(),
  submittedBy: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  reviewedBy: z.string().nullable(),
  reviewComment: z.string().nullable(),
  filled: z.number().int(),
  total: z.number().int(),
  updatedAt: timestamp,
});
export type ReportForm = z.infer<typeof reportForm>;

export const reportFormDetail = reportForm.extend({ values: z.array(reportValue) });
export type ReportFormDetail = z.infer<typeof reportFormDetail>;

export const reportFormListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  institutionId: id.optional(),
  period: reportPeriod.optional(),
  state: z.enum(REPORT_STATES).optional(),
});
export type ReportFormListQuery = z.infer<typeof reportFormListQuery>;

export const reportFormGenerate = z.object({ consortiumId: id, period: reportPeriod });
export type ReportFormGenerate = z.infer<typeof reportFormGenerate>;

// Negative numerators are allowed only where the definition is a difference (a growth rate);
// the service checks that against the indicator.
const amount = z.number().min(-1e12).max(1e12).nullable();
export const reportValueInput = z.object({
  code: indicatorCode,
  numerator: amount,
  denominator: amount.optional(),
  note: optionalText(500),
});
export type ReportValueInput = z.infer<typeof reportValueInput>;

export const reportFormSave = z.object({ values: z.array(reportValueInput).max(200) });
export type ReportFormSave = z.infer<typeof reportFormSave>;

export const REPORT_ACTIONS = ['submit', 'approve', 'return'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
export const reportReview = z.object({ comment: optionalText(1000) });

// ---- Assessment schemes -------------------------------------------------------------------

export const SCHEME_STATES = ['draft', 'published'] as const;
export type SchemeState = (typeof SCHEME_STATES)[number];

export const schemeItemInput = z.object({
  code: indicatorCode,
  weight: z.number().positive().max(1000),
  rule: z.enum(SCORING_RULES),
  target: z.number().min(-1e12).max(1e12).nullable().optional(),
  floor: z.number().min(-1e12).max(1e12).nullable().optional(),
});
export type SchemeItemInput = z.infer<typeof schemeItemInput>;

export const schemeCreate = z.object({
  consortiumId: id,
  name: text(120),
  /** The year assessed: reported forms of its months and quarters count, and records dated in it. */
  year: z.number().int().min(2000).max(2100),
  items: z.array(schemeItemInput).min(1).max(100),
});
export type SchemeCreate = z.infer<typeof schemeCreate>;
export const schemeUpdate = schemeCreate.omit({ consortiumId: true }).partial();
export type SchemeUpdate = z.infer<typeof schemeUpdate>;

export const schemeItem = schemeItemInput.extend({
  target: z.number().nullable(),
  floor: z.number().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  direction: z.enum(INDICATOR_DIRECTIONS),
  source: z.enum(INDICATOR_SOURCES),
});
export type SchemeItem = z.infer<typeof schemeItem>;

export const assessmentScheme = z.object({
  id,
  consortiumId: id,
  name: z.string(),
  year: z.number().int(),
  state: z.enum(SCHEME_STATES),
  items: z.array(schemeItem),
  totalWeight: z.number(),
  publishedAt: timestamp.nullable(),
  publishedBy: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type AssessmentScheme = z.infer<typeof assessmentScheme>;

export const schemeListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  state: z.enum(SCHEME_STATES).optional(),
});
export type SchemeListQuery = z.infer<typeof schemeListQuery>;

export const resultLine = z.object({
  code: z.string(),
  value: z.number().nullable(),
  marks: z.number(),
  weight: z.number(),
});
export const memberResult = z.object({
  institutionId: id,
  institutionName: z.string(),
  total: z.number(),
  rank: z.number().int(),
  lines: z.array(resultLine),
});
export type MemberResult = z.infer<typeof memberResult>;
export const assessmentResults = z.object({
  schemeId: id,
  /** 'snapshot' once published (frozen), 'live' while a draft is worked on. */
  basis: z.enum(['snapshot', 'live']),
  computedAt: timestamp,
  members: z.array(memberResult),
});
export type AssessmentResults = z.infer<typeof assessmentResults>;
