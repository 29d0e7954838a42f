import { z } from 'zod';
import { MEMBER_ROLES, MEMBERSHIP_INVITATION_STATES } from '../enums.js';
import { id, isoDate, optionalText, pageQuery, timestamp } from './common.js';

// A consortium invites an institution; the membership exists only once the institution's
// administrator (or the platform admin) accepts. No one side binds the other.

export const membershipInvitation = z.object({
  id,
  consortiumId: id,
  consortiumName: z.string(),
  institutionId: id,
  institutionName: z.string(),
  institutionCode: z.string(),
  role: z.enum(MEMBER_ROLES),
  joinedOn: isoDate.nullable(),
  note: z.string().nullable(),
  state: z.enum(MEMBERSHIP_INVITATION_STATES),
  invitedByName: z.string().nullable(),
  invitedAt: timestamp,
  answeredByName: z.string().nullable(),
  answeredAt: timestamp.nullable(),
  answerNote: z.string().nullable(),
  membershipId: id.nullable(),
});
export type MembershipInvitation = z.infer<typeof membershipInvitation>;

/** The office names the institution by its id or by its code (the code a hospital tells you). */
export const membershipInvitationCreate = z
  .object({
    institutionId: id.optional(),
    institutionCode: z.string().trim().min(1).max(64).optional(),
    role: z.enum(MEMBER_ROLES),
    joinedOn: isoDate.optional(),
    note: optionalText(500),
  })
  .strict()
  .refine((b) => !!b.institutionId !== !!b.institutionCode, {
    message: 'name the institution by institutionId or institutionCode (one of them)',
    path: ['institutionCode'],
  });
export type MembershipInvitationCreate = z.infer<typeof membershipInvitationCreate>;

export const membershipInvitationAnswer = z.object({ note: optionalText(500) }).strict();
export type MembershipInvitationAnswer = z.infer<typeof membershipInvitationAnswer>;

export const membershipInvitationListQuery = pageQuery.extend({
  state: z.enum(MEMBERSHIP_INVITATION_STATES).optional(),
  consortiumId: id.optional(),
  institutionId: id.optional(),
});
export type MembershipInvitationListQuery = z.infer<typeof membershipInvitationListQuery>;

/** An institution leaves a consortium on a date (today when not given). */
export const membershipLeave = z.object({ leftOn: isoDate.optional(), note: optionalText(500) }).strict();
export type MembershipLeave = z.infer<typeof membershipLeave>;
