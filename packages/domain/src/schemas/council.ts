import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';

// The council (理事会) of a consortium, the documents it adopts (章程, 实施方案, 例会制度, 考核办法,
// agreements) in numbered versions, and the votes that bring a version into force.

export const COUNCIL_POSITIONS = [
  'chair', // 理事长
  'vice_chair', // 副理事长
  'member', // 理事
  'secretary', // 秘书
  'observer', // 列席
] as const;
export type CouncilPosition = (typeof COUNCIL_POSITIONS)[number];
/** Positions whose seat does not vote unless said otherwise: never counted in quorum or majority. */
export const NON_VOTING_POSITIONS: readonly CouncilPosition[] = ['secretary', 'observer'];
export const votesByDefault = (position: CouncilPosition) => !NON_VOTING_POSITIONS.includes(position);

export const DOCUMENT_KINDS = [
  'charter', // 章程
  'implementation_plan', // 实施方案
  'meeting_rule', // 例会制度
  'assessment_method', // 考核办法
  'agreement', // 协议
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A version is drafted, put to the vote, in force, and superseded when a newer one comes into force. */
export const DOCUMENT_STATES = ['draft', 'voting', 'in_force', 'superseded'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];
export const DOCUMENT_ACTIONS = ['open_vote', 'close_vote'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export const VOTE_CHOICES = ['for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const VOTE_OUTCOMES = ['passed', 'no_quorum', 'rejected'] as const;
export type VoteOutcome = (typeof VOTE_OUTCOMES)[number];
/** How a ballot came: online by the member, or recorded in the room by the secretary. */
export const BALLOT_METHODS = ['online', 'in_room'] as const;
export type BallotMethod = (typeof BALLOT_METHODS)[number];

/**
 * How a vote passes: at least quorumNum/quorumDen of the members in office cast a vote (for,
 * against or abstain), and the votes for reach passNum/passDen of the votes cast (more than it,
 * when passStrict: a simple majority is more than 1/2).
 */
export const voteRule = z
  .object({
    quorumNum: z.number().int().min(0).max(100),
    quorumDen: z.number().int().min(1).max(100),
    passNum: z.number().int().min(0).max(100),
    passDen: z.number().int().min(1).max(100),
    passStrict: z.boolean(),
  })
  .refine((r) => r.quorumNum <= r.quorumDen, { message: 'must not exceed quorumDen', path: ['quorumNum'] })
  .refine((r) => r.passNum <= r.passDen, { message: 'must not exceed passDen', path: ['passNum'] });
export type VoteRule = z.infer<typeof voteRule>;

/** Two thirds of the members vote and a simple majority is for; the charter needs two thirds for. */
export const DEFAULT_VOTE_RULES: Record<DocumentKind, VoteRule> = {
  charter: { quorumNum: 2, quorumDen: 3, passNum: 2, passDen: 3, passStrict: false },
  implementation_plan: { quorumNum: 2, quorumDen: 3, passNum: 1, passDen: 2, passStrict: true },
  meeting_rule: { quorumNum: 2, quorumDen: 3, passNum: 1, passDen: 2, passStrict: true },
  assessment_method: { quorumNum: 2, quorumDen: 3, passNum: 1, passDen: 2, passStrict: true },
  agreement: { quorumNum: 2, quorumDen: 3, passNum: 1, passDen: 2, passStrict: true },
};

export const councilVoteRule = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  rule: voteRule,
  custom: z.boolean(),
});
export const voteRulesQuery = z.object({ consortiumId: id.optional() });
export const voteRuleUpdate = z.object({ consortiumId: id, kind: z.enum(DOCUMENT_KINDS), rule: voteRule });
export type VoteRuleUpdate = z.infer<typeof voteRuleUpdate>;

export const councilMember = z.object({
  id,
  consortiumId: id,
  institutionId: id,
  institutionName: z.string(),
  userId: id.nullable(),
  staffId: id.nullable(),
  name: z.string(),
  position: z.enum(COUNCIL_POSITIONS),
  /** Counts in the quorum and the majority; a secretary or someone sitting in (列席) does not. */
  voting: z.boolean(),
  /** The holder has an active account (their own, or their staff record's) to vote online with. */
  hasAccount: z.boolean(),
  termStart: isoDate,
  termEnd: isoDate.nullable(),
  /** In office today (China): the term has begun and not ended. */
  inOffice: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type CouncilMember = z.infer<typeof councilMember>;

const termInOrder = (m: { termStart?: string; termEnd?: string | null }) =>
  !m.termStart || !m.termEnd || m.termEnd >= m.termStart;
const termIssue = { message: 'must not be before termStart', path: ['termEnd'] };
/**
 * A seat belongs to a person: a staff record or a user account of a member institution, or just a
 * name and the institution (most council members, heads of institutions, have no account). Voting
 * follows the position (secretary and 列席 do not vote) unless given.
 */
export const councilMemberCreate = z
  .object({
    consortiumId: id,
    userId: id.nullable().optional(),
    staffId: id.nullable().optional(),
    name: optionalText(100),
    institutionId: id.nullable().optional(),
    position: z.enum(COUNCIL_POSITIONS),
    voting: z.boolean().optional(),
    termStart: isoDate,
    termEnd: isoDate.nullable().optional(),
  })
  .refine((m) => !!m.userId || !!m.staffId || !!m.name, {
    message: 'give a staff member, a user or the person’s name',
    path: ['name'],
  })
  .refine((m) => !!m.userId || !!m.staffId || !!m.institutionId, {
    message: 'is required for a person named without a staff record',
    path: ['institutionId'],
  })
  .refine(termInOrder, termIssue);
export type CouncilMemberCreate = z.infer<typeof councilMemberCreate>;
export const councilMemberUpdate = z
  .object({
    position: z.enum(COUNCIL_POSITIONS),
    voting: z.boolean(),
    termStart: isoDate,
    termEnd: isoDate.nullable(),
    /** Link the seat to an account later (or unlink it with null); the person stays the same. */
    userId: id.nullable(),
  })
  .partial()
  .strict()
  .refine(termInOrder, termIssue);
export type CouncilMemberUpdate = z.infer<typeof councilMemberUpdate>;
export const councilMemberListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  position: z.enum(COUNCIL_POSITIONS).optional(),
  /** 'true': only members in office today. */
  inOffice: z.enum(['true', 'false']).optional(),
});
export type CouncilMemberListQuery = z.infer<typeof councilMemberListQuery>;

export const voteTally = z.object({
  voteId: id,
  openedAt: timestamp,
  closedAt: timestamp.nullable(),
  rule: voteRule,
  /** Members in office on the day the vote opened. */
  eligible: z.number().int(),
  cast: z.number().int(),
  for: z.number().int(),
  against: z.number().int(),
  abstain: z.number().int(),
  quorumReached: z.boolean(),
  /** Would pass if closed now (while open); passed (once closed). */
  passing: z.boolean(),
  outcome: z.enum(VOTE_OUTCOMES).nullable(),
  /** The signed-in user's council seat and ballot, when they hold one in this vote. */
  myMemberId: id.nullable(),
  myChoice: z.enum(VOTE_CHOICES).nullable(),
  /** How the reader's own ballot came (a ballot recorded in the room is corrected by the secretary). */
  myMethod: z.enum(BALLOT_METHODS).nullable(),
  ballots: z.array(
    z.object({
      memberId: id,
      name: z.string(),
      position: z.enum(COUNCIL_POSITIONS),
      choice: z.enum(VOTE_CHOICES),
      castAt: timestamp,
      method: z.enum(BALLOT_METHODS),
      proxyName: z.string().nullable(),
      recordedBy: z.string().nullable(),
      correctedAt: timestamp.nullable(),
    }),
  ),
  /** The voting seats in office on the vote's day, each with its ballot or none yet (the roll call). */
  roll: z.array(
    z.object({
      memberId: id,
      name: z.string(),
      institutionName: z.string(),
      position: z.enum(COUNCIL_POSITIONS),
      hasAccount: z.boolean(),
      choice: z.enum(VOTE_CHOICES).nullable(),
      method: z.enum(BALLOT_METHODS).nullable(),
    }),
  ),
});
export type VoteTally = z.infer<typeof voteTally>;

export const storedFile = z.object({ name: z.string(), size: z.number().int(), contentType: z.string() });

export const documentVersion = z.object({
  id,
  documentId: id,
  versionNo: z.number().int(),
  status: z.enum(DOCUMENT_STATES),
  body: z.string(),
  note: z.string().nullable(),
  file: storedFile.nullable(),
  effectiveOn: isoDate.nullable(),
  supersededOn: isoDate.nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(DOCUMENT_ACTIONS)),
  /** The latest vote on this version (the open one while voting). */
  vote: voteTally.nullable(),
});
export type DocumentVersion = z.infer<typeof documentVersion>;

export const councilDocument = z.object({
  id,
  consortiumId: id,
  consortiumName: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  /** The state of the newest version. */
  status: z.enum(DOCUMENT_STATES),
  latestVersionNo: z.number().int(),
  inForceVersionNo: z.number().int().nullable(),
  effectiveOn: isoDate.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type CouncilDocument = z.infer<typeof councilDocument>;
export const councilDocumentDetail = councilDocument.extend({ versions: z.array(documentVersion) });
export type CouncilDocumentDetail = z.infer<typeof councilDocumentDetail>;

export const councilDocumentCreate = z.object({
  consortiumId: id,
  kind: z.enum(DOCUMENT_KINDS),
  title: text(200),
  /** The text of version 1, a draft. */
  body: z.string().max(200_000).default(''),
  note: optionalText(500),
});
export type CouncilDocumentCreate = z.infer<typeof councilDocumentCreate>;
export const councilDocumentUpdate = z
  .object({ title: text(200) })
  .partial()
  .strict();
export type CouncilDocumentUpdate = z.infer<typeof councilDocumentUpdate>;
export const councilDocumentListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  kind: z.enum(DOCUMENT_KINDS).optional(),
  status: z.enum(DOCUMENT_STATES).optional(),
});
export type CouncilDocumentListQuery = z.infer<typeof councilDocumentListQuery>;

export const versionCreate = z.object({ body: z.string().max(200_000), note: optionalText(500) });
export type VersionCreate = z.infer<typeof versionCreate>;
export const versionUpdate = z
  .object({ body: z.string().max(200_000), note: optionalText(500) })
  .partial()
  .strict();
export type VersionUpdate = z.infer<typeof versionUpdate>;
export const ballotCast = z.object({ choice: z.enum(VOTE_CHOICES) });
/**
 * The secretary records a ballot cast in the room for a voting seat: how it voted and, when a proxy
 * (委托) voted for the member, who. Recording over a ballot already there is a correction and
 * needs the reason.
 */
export const ballotRecord = z
  .object({
    memberId: id,
    choice: z.enum(VOTE_CHOICES),
    proxyName: optionalText(100),
    reason: optionalText(500),
  })
  .strict();
export type BallotRecord = z.infer<typeof ballotRecord>;
export const DOCUMENT_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** An in-force meeting rule (例会制度), for meetings that follow it. */
export const meetingRuleRef = z.object({
  documentId: id,
  versionId: id,
  consortiumId: id,
  title: z.string(),
  versionNo: z.number().int(),
  effectiveOn: isoDate.nullable(),
});
export type MeetingRuleRef = z.infer<typeof meetingRuleRef>;
export const meetingRulesQuery = z.object({ consortiumId: id.optional() });
