import { z } from 'zod';
import { CONSULTATION_ACTIONS, CONSULTATION_KINDS, CONSULTATION_STATES } from '../sharing-enums.js';
import { id, optionalText, pageQuery, text, timestamp } from './common.js';
import { icd10Code, patientInput, referralPatient } from './referral.js';

export const consultationCreate = z.object({
  kind: z.enum(CONSULTATION_KINDS),
  /**
   * The member institution that asks: required of the consortium office (it asks for a current
   * member of its consortium), one's own institution (or absent) for staff.
   */
  requestingInstitutionId: id.optional(),
  /** The consulting centre: an institution of the consortium (usually the lead hospital). */
  centerInstitutionId: id,
  centerDepartmentId: id.nullable().optional(),
  patient: patientInput,
  icd10Code: icd10Code.nullable().optional(),
  caseSummary: text(8000),
  question: text(2000),
});
export type ConsultationCreate = z.infer<typeof consultationCreate>;

export const consultation = z.object({
  id,
  code: z.string(),
  consortiumId: id,
  kind: z.enum(CONSULTATION_KINDS),
  status: z.enum(CONSULTATION_STATES),
  requestingInstitutionId: id,
  requestingInstitutionName: z.string(),
  requestedBy: z.string(),
  /** Asked for by the consortium office for the requesting member; requestedBy names the office's account. */
  onBehalf: z.boolean(),
  centerInstitutionId: id,
  centerInstitutionName: z.string(),
  centerDepartmentId: id.nullable(),
  centerDepartmentName: z.string().nullable(),
  patient: referralPatient,
  icd10Code: z.string().nullable(),
  caseSummary: z.string(),
  question: z.string(),
  experts: z.array(z.object({ staffId: id, name: z.string(), title: z.string() })),
  scheduledAt: timestamp.nullable(),
  videoLink: z.string().nullable(),
  opinion: z.string().nullable(),
  signedBy: z.string().nullable(),
  signedAt: timestamp.nullable(),
  rejectReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  deadlineAt: timestamp.nullable(),
  requestedAt: timestamp,
  acceptedAt: timestamp.nullable(),
  reportedAt: timestamp.nullable(),
  /** Minutes from the request to the signed report. */
  turnaroundMinutes: z.number().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: z.array(z.enum([...CONSULTATION_ACTIONS, 'rate'])),
  /** Whether the reader may attach documents (the two institutions' staff, the office that asked). */
  mayAttach: z.boolean(),
});
export type Consultation = z.infer<typeof consultation>;

export const consultationActionBodies = {
  accept: z.object({ expertStaffIds: z.array(id).min(1).max(10) }).strict(),
  reject: z.object({ reason: text(2000) }).strict(),
  schedule: z
    .object({
      scheduledAt: z.iso.datetime({ offset: true }),
      videoLink: z.url({ protocol: /^https?$/, error: 'must be an http(s) link' }).max(500),
    })
    .strict(),
  report: z.object({ opinion: text(8000) }).strict(),
  sign: z.object({}).strict(),
  cancel: z.object({ reason: text(2000) }).strict(),
} as const;

export const consultationRate = z
  .object({ rating: z.number().int().min(1).max(5), comment: optionalText(1000) })
  .strict();

export const consultationListQuery = pageQuery.extend({
  box: z.enum(['requested', 'incoming', 'all']).default('all'),
  status: z.enum(CONSULTATION_STATES).optional(),
  kind: z.enum(CONSULTATION_KINDS).optional(),
});
export type ConsultationListQuery = z.infer<typeof consultationListQuery>;

export const consultationFigures = z.object({
  kind: z.enum(CONSULTATION_KINDS),
  requested: z.number().int(),
  completed: z.number().int(),
  medianTurnaroundMinutes: z.number().nullable(),
  averageRating: z.number().nullable(),
});
