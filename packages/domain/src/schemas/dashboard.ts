import { z } from 'zod';
import { id } from './common.js';

// Dashboards of the consortium office, a member institution and the health commission. Every
// figure comes from maintained rollups (referral_rollup) or small live tables, never a scan of
// all referrals; each chart's table is the same data, and each table exports as xlsx.

export const month = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'must be a month such as 2030-01');

export const dashboardPeriod = z.object({
  /** First and last month shown, inclusive; the default is the twelve months up to this one. */
  from: month.optional(),
  to: month.optional(),
});
export type DashboardPeriod = z.infer<typeof dashboardPeriod>;

export const referralMonth = z.object({
  month: z.string(),
  up: z.number().int(),
  down: z.number().int(),
  lateral: z.number().int(),
  accepted: z.number().int(),
  green: z.number().int(),
  greenOnTime: z.number().int(),
});
export type ReferralMonth = z.infer<typeof referralMonth>;

export const referralFlow = z.object({
  fromInstitutionId: id,
  fromName: z.string(),
  toInstitutionId: id,
  toName: z.string(),
  direction: z.enum(['up', 'down', 'lateral']),
  count: z.number().int(),
});
export type ReferralFlow = z.infer<typeof referralFlow>;

export const stationedAtSite = z.object({
  hostInstitutionId: id,
  hostName: z.string(),
  experts: z.number().int(),
});

export const stateCount = z.object({ state: z.string(), count: z.number().int() });

export const rankedMember = z.object({
  institutionId: id,
  institutionName: z.string(),
  total: z.number(),
  rank: z.number().int(),
});

export const consortiumDashboard = z.object({
  consortium: z.object({ id, name: z.string() }),
  from: z.string(),
  to: z.string(),
  months: z.array(referralMonth),
  flows: z.array(referralFlow),
  stationedNow: z.array(stationedAtSite),
  ledger: z.array(stateCount),
  ledgerOverdue: z.number().int(),
  attainment: z
    .object({ schemeId: id, name: z.string(), year: z.number().int(), members: z.array(rankedMember) })
    .nullable(),
});
export type ConsortiumDashboard = z.infer<typeof consortiumDashboard>;

export const memberDashboard = z.object({
  institution: z.object({ id, name: z.string() }),
  consortium: z.object({ id, name: z.string() }),
  from: z.string(),
  to: z.string(),
  months: z.array(referralMonth), // referrals the member sent or received
  partners: z.array(referralFlow), // flows to and from this member
  stationedHere: z.number().int(),
  openProblems: z.number().int(),
  lastAssessment: rankedMember.extend({ schemeId: id, name: z.string(), of: z.number().int() }).nullable(),
});
export type MemberDashboard = z.infer<typeof memberDashboard>;

export const commissionConsortium = z.object({
  id,
  name: z.string(),
  kind: z.string(),
  regionCode: z.string(),
  members: z.number().int(),
  referrals: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  /** 下转 share of up + down, in %; null with no referrals. */
  downShare: z.number().nullable(),
  /** Accepted over submitted, in %. */
  acceptedShare: z.number().nullable(),
  greenOnTimeShare: z.number().nullable(),
  /** Referrals per month over the period, for a sparkline. */
  trend: z.array(z.number().int()),
  rank: z.number().int(),
  /** Figures far from the region's median (beyond 3 scaled median absolute deviations). */
  outliers: z.array(z.enum(['referrals', 'downShare', 'acceptedShare', 'greenOnTimeShare'])),
});
export type CommissionConsortium = z.infer<typeof commissionConsortium>;

export const commissionOverview = z.object({
  regionCode: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  months: z.array(z.string()),
  consortia: z.array(commissionConsortium),
});
export type CommissionOverview = z.infer<typeof commissionOverview>;

export const commissionQuery = dashboardPeriod.extend({
  /** Rank by this figure (descending); default referrals. */
  rankBy: z.enum(['referrals', 'downShare', 'acceptedShare', 'greenOnTimeShare']).default('referrals'),
  q: z.string().trim().max(100).optional(),
});
export type CommissionQuery = z.infer<typeof commissionQuery>;

export const DASHBOARD_TABLES = ['months', 'flows', 'stationed', 'ledger', 'attainment'] as const;
export const dashboardExportQuery = dashboardPeriod.extend({
  table: z.enum(DASHBOARD_TABLES),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
