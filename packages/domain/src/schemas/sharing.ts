import { z } from 'zod';
import { BOOKING_ACTIONS, BOOKING_STATES, REPEAT_REASONS, RESOURCE_TYPES } from '../sharing-enums.js';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';
import { patientInput, referralPatient } from './referral.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const sharedResource = z.object({
  id,
  consortiumId: id,
  ownerInstitutionId: id,
  ownerInstitutionName: z.string(),
  type: z.enum(RESOURCE_TYPES),
  name: z.string(),
  location: z.string().nullable(),
  /** ISO weekdays it opens (1 = Monday … 7 = Sunday), and its hours in China time. */
  openDays: z.array(z.number().int()),
  openFrom: z.string(),
  openTo: z.string(),
  slotMinutes: z.number().int(),
  capacityPerSlot: z.number().int(),
  /** Members that may book; null means every member of the consortium. */
  bookableInstitutionIds: z.array(id).nullable(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type SharedResource = z.infer<typeof sharedResource>;

const resourceFields = z.object({
  ownerInstitutionId: id,
  type: z.enum(RESOURCE_TYPES),
  name: text(100),
  location: optionalText(200),
  openDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  openFrom: hhmm,
  openTo: hhmm,
  slotMinutes: z.number().int().min(5).max(480),
  capacityPerSlot: z.number().int().min(1).max(200),
  bookableInstitutionIds: z.array(id).max(200).nullable().optional(),
  active: z.boolean().optional(),
});
const hoursInOrder = (r: { openFrom?: string; openTo?: string }) =>
  !r.openFrom || !r.openTo || r.openFrom < r.openTo;
const hoursIssue = { message: 'must be after openFrom', path: ['openTo'] };
export const resourceCreate = resourceFields.refine(hoursInOrder, hoursIssue);
export const resourceUpdate = resourceFields
  .omit({ ownerInstitutionId: true })
  .partial()
  .strict()
  .refine(hoursInOrder, hoursIssue);
export type ResourceCreate = z.infer<typeof resourceCreate>;
export type ResourceUpdate = z.infer<typeof resourceUpdate>;
export const resourceListQuery = pageQuery.extend({
  type: z.enum(RESOURCE_TYPES).optional(),
  ownerInstitutionId: id.optional(),
  consortiumId: id.optional(),
});
export type ResourceListQuery = z.infer<typeof resourceListQuery>;

export const resourceSlot = z.object({
  start: timestamp,
  end: timestamp,
  capacity: z.number().int(),
  booked: z.number().int(),
});
export const resourceSlotQuery = z.object({ date: isoDate });

export const recognitionChoice = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('repeat'),
    resultId: id,
    reason: z.enum(REPEAT_REASONS),
    note: optionalText(500),
  }),
]);

export const resourceBooking = z.object({
  id,
  consortiumId: id,
  resourceId: id,
  resourceName: z.string(),
  resourceType: z.enum(RESOURCE_TYPES),
  ownerInstitutionId: id,
  ownerInstitutionName: z.string(),
  requestingInstitutionId: id,
  requestingInstitutionName: z.string(),
  requestedBy: z.string(),
  /** Booked by the consortium office for the requesting member; requestedBy names the office's account. */
  onBehalf: z.boolean(),
  patient: referralPatient,
  examCode: z.string(),
  examName: z.string(),
  slotStart: timestamp,
  status: z.enum(BOOKING_STATES),
  note: z.string().nullable(),
  cancelReason: z.string().nullable(),
  resultSummary: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(BOOKING_ACTIONS)),
});
export type ResourceBooking = z.infer<typeof resourceBooking>;

export const bookingCreate = z.object({
  resourceId: id,
  /**
   * The member institution the booking is for: required of the consortium office (it books for a
   * current member of its consortium), one's own institution (or absent) for staff.
   */
  requestingInstitutionId: id.optional(),
  slotStart: z.iso.datetime({ offset: true }),
  patient: patientInput,
  examCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, . _ - (1-40)'),
  examName: text(100),
  note: optionalText(1000),
  /** Required when the patient already has a recognised result of this exam within its validity. */
  recognition: recognitionChoice.optional(),
});
export type BookingCreate = z.infer<typeof bookingCreate>;

export const bookingActionBodies = {
  confirm: z.object({}).strict(),
  reschedule: z.object({ slotStart: z.iso.datetime({ offset: true }) }).strict(),
  complete: z
    .object({ resultSummary: text(4000), validDays: z.number().int().min(1).max(3650).default(180) })
    .strict(),
  no_show: z.object({}).strict(),
  cancel: z.object({ reason: text(500) }).strict(),
} as const;

export const bookingListQuery = pageQuery.extend({
  box: z.enum(['requested_by_us', 'at_our_resources', 'all']).default('all'),
  status: z.enum(BOOKING_STATES).optional(),
  resourceId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type BookingListQuery = z.infer<typeof bookingListQuery>;

export const recognizedResult = z.object({
  id,
  institutionId: id,
  institutionName: z.string(),
  examCode: z.string(),
  examName: z.string(),
  performedOn: isoDate,
  validUntil: isoDate,
  summary: z.string(),
});
export type RecognizedResult = z.infer<typeof recognizedResult>;

export const recognitionCheck = z.object({
  patient: z.object({ idType: patientInput.shape.idType, idNumber: patientInput.shape.idNumber }),
  examCode: bookingCreate.shape.examCode,
  on: isoDate.optional(),
});

/** The order screen's answer: reuse an earlier result (no exam is booked). */
export const recognitionReuse = z.object({
  patient: patientInput,
  examCode: bookingCreate.shape.examCode,
  resultId: id,
});

export const recognitionFigures = z.object({
  avoided: z.number().int(),
  repeated: z.number().int(),
  repeatReasons: z.record(z.string(), z.number().int()),
});

export const resourceUtilisation = z.object({
  resourceId: id,
  resourceName: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  completed: z.number().int(),
  noShows: z.number().int(),
  cancelled: z.number().int(),
  utilisation: z.number().nullable(),
});
