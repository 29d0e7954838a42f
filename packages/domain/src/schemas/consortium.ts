import { z } from 'zod';
import {
  CONSORTIUM_KINDS,
  MEMBER_ROLES,
  INSTITUTION_KINDS,
  INSTITUTION_LEVELS,
  INSTITUTION_GRADES,
} from '../enums.js';
import { id, isoDate, optionalText, pageQuery, regionCode, text, timestamp } from './common.js';

export const consortiumCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/, 'letters, digits, - and _ (2-32)');

export const consortium = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(CONSORTIUM_KINDS),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  establishedOn: isoDate.nullable(),
  description: z.string().nullable(),
  memberCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Consortium = z.infer<typeof consortium>;

export const consortiumCreate = z.object({
  code: consortiumCode,
  name: text(100),
  kind: z.enum(CONSORTIUM_KINDS),
  regionCode,
  establishedOn: isoDate.nullable().optional(),
  description: optionalText(2000),
});
export type ConsortiumCreate = z.infer<typeof consortiumCreate>;
export const consortiumUpdate = consortiumCreate.partial().strict();
export type ConsortiumUpdate = z.infer<typeof consortiumUpdate>;

export const consortiumListQuery = pageQuery.extend({
  kind: z.enum(CONSORTIUM_KINDS).optional(),
  regionCode: regionCode.optional(),
});
export type ConsortiumListQuery = z.infer<typeof consortiumListQuery>;

export const membership = z.object({
  id,
  consortiumId: id,
  institutionId: id,
  institutionName: z.string(),
  institutionCode: z.string(),
  institutionKind: z.enum(INSTITUTION_KINDS),
  institutionLevel: z.enum(INSTITUTION_LEVELS),
  institutionGrade: z.enum(INSTITUTION_GRADES),
  regionCode: z.string(),
  role: z.enum(MEMBER_ROLES),
  joinedOn: isoDate,
  leftOn: isoDate.nullable(),
  active: z.boolean(),
});
export type Membership = z.infer<typeof membership>;

export const membershipCreate = z.object({
  institutionId: id,
  role: z.enum(MEMBER_ROLES),
  joinedOn: isoDate,
});
export const membershipUpdate = z
  .object({
    role: z.enum(MEMBER_ROLES),
    joinedOn: isoDate,
    leftOn: isoDate.nullable(),
  })
  .partial()
  .strict();
export type MembershipUpdate = z.infer<typeof membershipUpdate>;

export const membershipListQuery = pageQuery.extend({
  role: z.enum(MEMBER_ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
});
export type MembershipListQuery = z.infer<typeof membershipListQuery>;

/** What the consortium overview page shows: the structure and the counts. */
export const consortiumOverview = z.object({
  consortium,
  structure: z.object({
    lead: z.array(membership),
    backbone: z.array(membership),
    member: z.array(membership),
    branch: z.array(membership),
  }),
  counts: z.object({
    institutions: z.number().int(),
    departments: z.number().int(),
    staff: z.number().int(),
    midLevelOrHigherStaff: z.number().int(),
    agreementsActive: z.number().int(),
    users: z.number().int(),
  }),
});
export type ConsortiumOverview = z.infer<typeof consortiumOverview>;
