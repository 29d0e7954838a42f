import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';

// Meetings of a consortium (例会、理事会、座谈会、交流会): series by a rule, agenda, invitations
// with RSVP, sign-in (by oneself, by the organiser, or by the QR code at the door), minutes,
// resolutions and the members' work reports.

export const MEETING_KINDS = [
  'council', // 理事会会议
  'regular', // 例会
  'symposium', // 座谈会
  'exchange', // 交流会
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_MODES = ['in_person', 'online', 'hybrid'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const MEETING_STATES = ['planned', 'in_progress', 'held', 'minutes_published', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const MEETING_ACTIONS = ['start', 'finish', 'publish', 'cancel'] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];

/** How a series recurs: every week on a weekday, every month or every quarter on a day of the month. */
export const MEETING_RECURRENCES = ['weekly', 'monthly', 'quarterly'] as const;
export type MeetingRecurrence = (typeof MEETING_RECURRENCES)[number];

export const RSVP_STATES = ['pending', 'accepted', 'declined', 'tentative'] as const;
export type RsvpState = (typeof RSVP_STATES)[number];

export const SIGN_IN_METHODS = ['self', 'organizer', 'qr'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const httpLink = z.url({ protocol: /^https?$/, error: 'must be an http(s) link' }).max(500);

export const meetingAgendaItemInput = z
  .object({
    title: text(200),
    presenter: optionalText(100),
    presenterUserId: id.nullable().optional(),
    minutes: z.number().int().min(1).max(600).nullable().optional(),
  })
  .strict();

/** Room and link as the mode needs them: a room in person, a link online, both when hybrid. */
function placeRefine(
  v: { mode?: MeetingMode; room?: string | null; link?: string | null },
  ctx: z.RefinementCtx,
) {
  if ((v.mode === 'in_person' || v.mode === 'hybrid') && !v.room)
    ctx.addIssue({ code: 'custom', path: ['room'], message: 'is required when people meet in a room' });
  if ((v.mode === 'online' || v.mode === 'hybrid') && !v.link)
    ctx.addIssue({ code: 'custom', path: ['link'], message: 'is required for an online meeting' });
}

export const meetingCreate = z
  .object({
    consortiumId: id,
    title: text(200),
    kind: z.enum(MEETING_KINDS),
    mode: z.enum(MEETING_MODES),
    room: optionalText(200),
    link: httpLink.nullable().optional(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
    organizerInstitutionId: id.nullable().optional(),
    seriesId: id.nullable().optional(),
    /** The meeting rule (例会制度) this meeting follows: a council document of the consortium in force. */
    ruleDocumentId: id.nullable().optional(),
    description: optionalText(4000),
    agenda: z.array(meetingAgendaItemInput).max(50).default([]),
    inviteeUserIds: z.array(id).max(500).default([]),
  })
  .strict()
  .superRefine(placeRefine)
  .refine((v) => !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    path: ['endsAt'],
    message: 'must be after the start',
  });
export type MeetingCreate = z.infer<typeof meetingCreate>;

export const meetingUpdate = z
  .object({
    title: text(200).optional(),
    mode: z.enum(MEETING_MODES).optional(),
    room: optionalText(200),
    link: httpLink.nullable().optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
    description: optionalText(4000),
    ruleDocumentId: id.nullable().optional(),
  })
  .strict();

export const meetingAgendaItem = z.object({
  id,
  position: z.number().int(),
  title: z.string(),
  presenter: z.string().nullable(),
  presenterUserId: id.nullable(),
  minutes: z.number().int().nullable(),
});

export const meetingInvitation = z.object({
  userId: id,
  displayName: z.string(),
  institutionName: z.string().nullable(),
  rsvp: z.enum(RSVP_STATES),
  rsvpNote: z.string().nullable(),
  respondedAt: timestamp.nullable(),
  signedInAt: timestamp.nullable(),
  signInMethod: z.enum(SIGN_IN_METHODS).nullable(),
});

export const meetingResolution = z.object({
  id,
  position: z.number().int(),
  text: z.string(),
  createdAt: timestamp,
});

export const meeting = z.object({
  id,
  consortiumId: id,
  consortiumName: z.string(),
  seriesId: id.nullable(),
  seriesTitle: z.string().nullable(),
  /** Kept as stored: meetings planned before the link was checked may hold any text. */
  ruleDocumentId: z.string().nullable(),
  /** The title of the meeting rule followed, when it names a document of the consortium. */
  ruleTitle: z.string().nullable(),
  title: z.string(),
  kind: z.enum(MEETING_KINDS),
  mode: z.enum(MEETING_MODES),
  room: z.string().nullable(),
  link: z.string().nullable(),
  startsAt: timestamp,
  endsAt: timestamp.nullable(),
  organizerInstitutionId: id.nullable(),
  organizerInstitutionName: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(MEETING_STATES),
  minutes: z.string().nullable(),
  minutesPublishedAt: timestamp.nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  invited: z.number().int(),
  accepted: z.number().int(),
  signedIn: z.number().int(),
  problems: z.number().int(),
  /** The reader's own invitation, if any. */
  myRsvp: z.enum(RSVP_STATES).nullable(),
  mySignedInAt: timestamp.nullable(),
  canManage: z.boolean(),
  allowedActions: z.array(z.enum(MEETING_ACTIONS)),
});
export type Meeting = z.infer<typeof meeting>;

export const meetingDetail = meeting.extend({
  agenda: z.array(meetingAgendaItem),
  invitations: z.array(meetingInvitation),
  resolutions: z.array(meetingResolution),
});
export type MeetingDetail = z.infer<typeof meetingDetail>;

export const meetingListQuery = pageQuery.extend({
  kind: z.enum(MEETING_KINDS).optional(),
  status: z.enum(MEETING_STATES).optional(),
  seriesId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  mine: z.enum(['1']).optional(),
});
export type MeetingListQuery = z.infer<typeof meetingListQuery>;

export const meetingActionBodies = {
  start: z.object({}).strict(),
  finish: z.object({}).strict(),
  publish: z.object({}).strict(),
  cancel: z.object({ reason: text(1000) }).strict(),
} as const;

export const meetingAgendaReplace = z.object({ items: z.array(meetingAgendaItemInput).max(50) }).strict();
export const meetingInvite = z.object({ userIds: z.array(id).min(1).max(500) }).strict();
export const meetingRsvp = z
  .object({ response: z.enum(['accepted', 'declined', 'tentative']), note: optionalText(500) })
  .strict();
export const meetingMinutes = z.object({ minutes: text(50000) }).strict();
export const meetingResolutionCreate = z.object({ text: text(2000) }).strict();
export const meetingSignIn = z.object({ token: z.string().trim().min(16).max(100).optional() }).strict();
export const meetingAttendance = z.object({ userId: id }).strict();
export const meetingCheckInCode = z.object({ token: z.string(), expiresAt: timestamp, path: z.string() });

export const meetingSeriesCreate = z
  .object({
    consortiumId: id,
    title: text(200),
    kind: z.enum(MEETING_KINDS),
    recurrence: z.enum(MEETING_RECURRENCES),
    /** 1 = Monday … 7 = Sunday, for a weekly series. */
    weekday: z.number().int().min(1).max(7).nullable().optional(),
    /** Day of the month (1-28) for a monthly series, and of the quarter's first month for a quarterly one. */
    dayOfMonth: z.number().int().min(1).max(28).nullable().optional(),
    time: clock,
    durationMinutes: z.number().int().min(15).max(600).default(120),
    mode: z.enum(MEETING_MODES),
    room: optionalText(200),
    link: httpLink.nullable().optional(),
    organizerInstitutionId: id.nullable().optional(),
    ruleDocumentId: id.nullable().optional(),
    inviteeUserIds: z.array(id).max(500).default([]),
  })
  .strict()
  .superRefine(placeRefine)
  .superRefine((v, ctx) => {
    if (v.recurrence === 'weekly' && !v.weekday)
      ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'is required for a weekly series' });
    if (v.recurrence !== 'weekly' && !v.dayOfMonth)
      ctx.addIssue({
        code: 'custom',
        path: ['dayOfMonth'],
        message: 'is required for a monthly or quarterly series',
      });
  });
export type MeetingSeriesCreate = z.infer<typeof meetingSeriesCreate>;

export const meetingSeries = z.object({
  id,
  consortiumId: id,
  title: z.string(),
  kind: z.enum(MEETING_KINDS),
  recurrence: z.enum(MEETING_RECURRENCES),
  weekday: z.number().int().nullable(),
  dayOfMonth: z.number().int().nullable(),
  time: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(MEETING_MODES),
  room: z.string().nullable(),
  link: z.string().nullable(),
  organizerInstitutionId: id.nullable(),
  ruleDocumentId: z.string().nullable(),
  ruleTitle: z.string().nullable(),
  inviteeUserIds: z.array(id),
  meetings: z.number().int(),
  nextStartsAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type MeetingSeries = z.infer<typeof meetingSeries>;
export const meetingSeriesGenerate = z.object({ until: isoDate }).strict();

/** A quarterly work report (季度工作汇报) made from the template's sections. */
export const REPORT_TEMPLATE_SECTIONS = [
  'work_done', // 本季度工作开展情况
  'figures', // 主要业务数据
  'problems', // 存在的问题与困难
  'next_steps', // 下一步工作计划
  'requests', // 需协调解决的事项
] as const;
export type ReportSection = (typeof REPORT_TEMPLATE_SECTIONS)[number];

export const reportQuarter = z.string().regex(/^\d{4}Q[1-4]$/, 'must look like 2026Q1');
export const workReportCreate = z
  .object({
    institutionId: id,
    period: reportQuarter,
    title: text(200),
    sections: z
      .array(z.object({ key: z.enum(REPORT_TEMPLATE_SECTIONS), body: z.string().trim().max(20000) }).strict())
      .max(REPORT_TEMPLATE_SECTIONS.length),
  })
  .strict();
export const workReport = z.object({
  id,
  meetingId: id,
  institutionId: id,
  institutionName: z.string(),
  period: z.string(),
  title: z.string(),
  sections: z.array(z.object({ key: z.enum(REPORT_TEMPLATE_SECTIONS), body: z.string() })),
  fileName: z.string().nullable(),
  fileSize: z.number().int().nullable(),
  submittedBy: z.string(),
  createdAt: timestamp,
});
export type WorkReport = z.infer<typeof workReport>;
export const workReportTemplateQuery = z.object({ institutionId: id, period: reportQuarter });
