import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';

// Personnel flow up (人员上行): further study (进修) at the lead hospital, free short courses and
// management rotation training (管理层轮训), with enrolment, attendance, completion and return to
// post — where 独立开展 (now works independently in what was learned) is a national figure.

export const TRAINING_KINDS = [
  'further_study', // 进修: a seat in a department for some months
  'course', // 短期培训班: a few sessions
  'management_rotation', // 管理层轮训
] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const ENROLMENT_STATES = [
  'applied', // 已报名
  'accepted', // 已录取 (takes a seat)
  'rejected', // 未录取
  'in_training', // 培训中
  'completed', // 已结业
  'withdrawn', // 已退出 (frees the seat unless it was completed)
  'returned_to_post', // 已返岗
] as const;
export type EnrolmentState = (typeof ENROLMENT_STATES)[number];

export const ENROLMENT_ACTIONS = [
  'accept',
  'reject',
  'start',
  'complete',
  'withdraw',
  'return_to_post',
] as const;
export type EnrolmentAction = (typeof ENROLMENT_ACTIONS)[number];

const programmeFields = z.object({
  kind: z.enum(TRAINING_KINDS),
  providerInstitutionId: id,
  name: text(120),
  departmentId: id.nullable().optional(),
  specialty: optionalText(60),
  /** Places; required for further study, optional (unlimited) for courses. */
  seats: z.number().int().min(1).max(1000).nullable().optional(),
  durationMonths: z.number().int().min(1).max(36).nullable().optional(),
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
  description: optionalText(2000),
});
const datesInOrder = (p: { startDate?: string; endDate?: string | null }) =>
  !p.startDate || !p.endDate || p.startDate <= p.endDate;
const datesIssue = { message: 'must not be before startDate', path: ['endDate'] };

export const trainingProgrammeCreate = programmeFields
  .extend({ consortiumId: id.optional() })
  .refine(datesInOrder, datesIssue)
  .superRefine((p, ctx) => {
    if (p.kind !== 'further_study') return;
    if (!p.seats) ctx.addIssue({ code: 'custom', path: ['seats'], message: 'is required for further study' });
    if (!p.durationMonths)
      ctx.addIssue({ code: 'custom', path: ['durationMonths'], message: 'is required for further study' });
  });
export type TrainingProgrammeCreate = z.infer<typeof trainingProgrammeCreate>;
export const trainingProgrammeUpdate = programmeFields
  .omit({ kind: true, providerInstitutionId: true })
  .partial()
  .strict()
  .refine(datesInOrder, datesIssue);
export type TrainingProgrammeUpdate = z.infer<typeof trainingProgrammeUpdate>;

export const trainingProgramme = z.object({
  id,
  consortiumId: id,
  kind: z.enum(TRAINING_KINDS),
  providerInstitutionId: id,
  providerInstitutionName: z.string(),
  name: z.string(),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  specialty: z.string().nullable(),
  seats: z.number().int().nullable(),
  seatsTaken: z.number().int(),
  durationMonths: z.number().int().nullable(),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  description: z.string().nullable(),
  applications: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type TrainingProgramme = z.infer<typeof trainingProgramme>;

export const trainingProgrammeListQuery = pageQuery.extend({
  kind: z.enum(TRAINING_KINDS).optional(),
  providerInstitutionId: id.optional(),
  consortiumId: id.optional(),
  /** Programmes still open to applications: not yet ended. */
  open: z.enum(['true', 'false']).optional(),
});
export type TrainingProgrammeListQuery = z.infer<typeof trainingProgrammeListQuery>;

export const enrolmentCreate = z.object({
  programmeId: id,
  staffId: id,
  note: optionalText(1000),
});
export type EnrolmentCreate = z.infer<typeof enrolmentCreate>;

export const enrolmentActionBodies = {
  accept: z.object({}).strict(),
  reject: z.object({ reason: text(500) }).strict(),
  start: z.object({ startedOn: isoDate }).strict(),
  complete: z.object({ completedOn: isoDate }).strict(),
  withdraw: z.object({ reason: text(500) }).strict(),
  return_to_post: z
    .object({
      returnedOn: isoDate,
      /** 独立开展: the trainee now does the learned technique or runs the post on their own. */
      worksIndependently: z.boolean(),
      note: optionalText(1000),
    })
    .strict(),
} as const;

export const trainingEnrolment = z.object({
  id,
  consortiumId: id,
  programmeId: id,
  programmeName: z.string(),
  programmeKind: z.enum(TRAINING_KINDS),
  providerInstitutionId: id,
  staffId: id,
  staffName: z.string(),
  staffTitle: z.string(),
  institutionId: id,
  institutionName: z.string(),
  status: z.enum(ENROLMENT_STATES),
  appliedOn: isoDate,
  acceptedOn: isoDate.nullable(),
  startedOn: isoDate.nullable(),
  completedOn: isoDate.nullable(),
  returnedOn: isoDate.nullable(),
  worksIndependently: z.boolean().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  sessionsAttended: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(ENROLMENT_ACTIONS)),
});
export type TrainingEnrolment = z.infer<typeof trainingEnrolment>;

export const enrolmentListQuery = pageQuery.extend({
  programmeId: id.optional(),
  status: z.enum(ENROLMENT_STATES).optional(),
  kind: z.enum(TRAINING_KINDS).optional(),
  institutionId: id.optional(),
});
export type EnrolmentListQuery = z.infer<typeof enrolmentListQuery>;

export const trainingSessionCreate = z.object({
  sessionDate: isoDate,
  topic: text(200),
  location: optionalText(200),
});
export type TrainingSessionCreate = z.infer<typeof trainingSessionCreate>;

export const trainingSession = z.object({
  id,
  programmeId: id,
  sessionDate: isoDate,
  topic: z.string(),
  location: z.string().nullable(),
  present: z.number().int(),
  absent: z.number().int(),
});
export type TrainingSession = z.infer<typeof trainingSession>;

export const attendanceRecord = z.object({ enrolmentId: id, present: z.boolean() });
export const attendanceUpdate = z.object({ records: z.array(attendanceRecord).min(1).max(500) });
export type AttendanceUpdate = z.infer<typeof attendanceUpdate>;
export const attendanceRow = z.object({
  enrolmentId: id,
  staffName: z.string(),
  institutionName: z.string(),
  present: z.boolean().nullable(),
});
export type AttendanceRow = z.infer<typeof attendanceRow>;

/** Figures for assessment, per host site and year (see personnel-figures on the server). */
export const personnelFiguresQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  consortiumId: id.optional(),
  institutionId: id.optional(),
});
export type PersonnelFiguresQuery = z.infer<typeof personnelFiguresQuery>;

export const personnelFiguresRow = z.object({
  institutionId: id,
  institutionName: z.string(),
  physicianDays: z.number().int(),
  longTermMidLevelPhysicians: z.number().int(),
  longTermMidLevelOtherProfessionals: z.number().int(),
  activities: z.record(z.string(), z.number().int()),
  traineesEnrolled: z.number().int(),
  traineesCompleted: z.number().int(),
  traineesReturned: z.number().int(),
  returnedIndependent: z.number().int(),
  /** Share of the returned who work independently; null when none returned. */
  independentShare: z.number().nullable(),
});
export type PersonnelFiguresRow = z.infer<typeof personnelFiguresRow>;
