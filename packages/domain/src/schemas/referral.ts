import { z } from 'zod';
import {
  CAPACITY_KINDS,
  DISCREPANCY_RESOLUTIONS,
  GREEN_CHANNEL_CATEGORIES,
  ICD10_EDITIONS,
  ID_DOCUMENT_TYPES,
  REFERRAL_ACTIONS,
  REFERRAL_DIRECTIONS,
  REFERRAL_STATES,
  URGENCIES,
} from '../referral-enums.js';
import {
  ICD10_CN_CLINICAL_PATTERN,
  ICD10_PATTERN,
  birthDateOfResidentId,
  isValidResidentId,
  normalizeIcd10,
} from '../id-number.js';
import { SEXES } from './institution.js';
import { id, isoDate, optionalText, pageQuery, phone, text, timestamp } from './common.js';

export const icd10Code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(ICD10_PATTERN, 'must be an ICD-10 code such as I63.9');

const idNumber = z
  .string()
  .trim()
  .toUpperCase()
  .min(4)
  .max(32)
  .regex(/^[0-9A-Z-]+$/, 'letters, digits and - only');

export const patientInput = z
  .object({
    name: text(40),
    sex: z.enum(SEXES),
    birthDate: isoDate,
    idType: z.enum(ID_DOCUMENT_TYPES),
    idNumber,
    phone: phone.nullable().optional(),
    insuranceNo: optionalText(40),
  })
  .superRefine((p, ctx) => {
    if (p.idType !== 'resident_id') return;
    if (!isValidResidentId(p.idNumber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: 'is not a valid 居民身份证 number (check digit)',
      });
    } else if (birthDateOfResidentId(p.idNumber) !== p.birthDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: 'does not match the birth date in the identity number',
      });
    }
  });
export type PatientInput = z.infer<typeof patientInput>;

/**
 * Is this identity number in the patient register a new referral will use? Asked by the form as
 * soon as the number is complete. The register is the consortium's (the one shared with the
 * receiver when given, else every consortium of the sender's institution).
 */
export const patientLookup = z
  .object({
    idType: z.enum(ID_DOCUMENT_TYPES),
    idNumber,
    toInstitutionId: id.optional(),
    consortiumId: id.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.idType === 'resident_id' && !isValidResidentId(p.idNumber))
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: 'is not a valid 居民身份证 number (check digit)',
      });
  });
export type PatientLookup = z.infer<typeof patientLookup>;

export const registeredPatient = z.object({
  /** The number belongs to a registered patient: their registered identity will be used. */
  registered: z.boolean(),
  /**
   * Masked name, sex and birth year, only when the caller's institution already sees a referral
   * of this patient (it sent or received one); otherwise null, even when registered.
   */
  details: z.object({ name: z.string(), sex: z.enum(SEXES), birthYear: z.number().int() }).nullable(),
});
export type RegisteredPatient = z.infer<typeof registeredPatient>;

/** The fields of a patient's identity a referral keeps as they were when it was made. */
export const PATIENT_IDENTITY_FIELDS = ['name', 'sex', 'birthDate', 'phone'] as const;

/** An explicit change of a registered patient's identity, with the reason; audited. */
export const patientUpdate = z
  .object({
    name: text(40).optional(),
    sex: z.enum(SEXES).optional(),
    birthDate: isoDate.optional(),
    phone: phone.nullable().optional(),
    reason: text(500),
  })
  .strict()
  .refine(
    (p) => p.name !== undefined || p.sex !== undefined || p.birthDate !== undefined || p.phone !== undefined,
    { path: ['name'], message: 'name, sex, birth date or phone: at least one to change' },
  );
export type PatientUpdate = z.infer<typeof patientUpdate>;

/** A registered patient as they are now (the register), masked as in every view. */
export const patientRecord = z.object({
  id,
  name: z.string(),
  sex: z.enum(SEXES),
  birthDate: isoDate,
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumber: z.string(),
  phone: z.string().nullable(),
  updatedAt: timestamp,
  /** The reader is staff (clinician or institution admin) of an institution that treated them. */
  editable: z.boolean(),
});
export type PatientRecord = z.infer<typeof patientRecord>;

/**
 * An identity that came in with a referral and differed from the registered one (a FHIR import
 * keeps the registered values and records the difference for the receiver). Values masked.
 */
export const patientDiscrepancy = z.object({
  source: z.enum(['fhir_import']),
  fields: z.array(
    z.object({ field: z.enum(PATIENT_IDENTITY_FIELDS), submitted: z.string(), registered: z.string() }),
  ),
  recordedAt: timestamp,
  resolvedAt: timestamp.nullable(),
  /** The receiver's decision: confirmed (the values sent are right) or rejected (the register stands). */
  resolution: z.enum(DISCREPANCY_RESOLUTIONS).nullable(),
  resolutionNote: z.string().nullable(),
  resolvedByName: z.string().nullable(),
});
export type PatientDiscrepancy = z.infer<typeof patientDiscrepancy>;

/**
 * The receiving staff settle a discrepancy: confirmed or rejected, audited either way. Neither
 * changes the registered patient: a correction is the audited patient edit (PATCH /patients/{id}).
 */
export const discrepancyResolution = z
  .object({ decision: z.enum(DISCREPANCY_RESOLUTIONS), note: optionalText(500) })
  .strict();
export type DiscrepancyResolutionBody = z.infer<typeof discrepancyResolution>;

/** An identifier as a sending system wrote it (FHIR Identifier: system and value). */
export const senderIdentifier = z.object({ system: z.string(), value: z.string() });

/**
 * What the sending system said that Yilian keeps as it was sent (a FHIR import): its order
 * number, requisition, authoredOn, Task.description, notes and practitioner.
 */
export const referralSender = z.object({
  /** ServiceRequest.identifier: the sender's order number, unique within the sending institution. */
  identifier: senderIdentifier.nullable(),
  /** ServiceRequest.requisition: the sender's composite request (e.g. its 转诊单号). */
  requisition: z.object({ system: z.string().nullable(), value: z.string() }).nullable(),
  /** ServiceRequest.authoredOn as sent (a FHIR dateTime). */
  authoredOn: z.string().nullable(),
  taskDescription: z.string().nullable(),
  notes: z.array(z.object({ text: z.string(), time: z.string().optional(), author: z.string().optional() })),
  /** The Practitioner named by the Bundle when it matched no staff member: kept as text. */
  practitioner: z.object({ name: z.string(), identifier: senderIdentifier.nullable() }).nullable(),
});
export type ReferralSender = z.infer<typeof referralSender>;

export const followUpInput = z.object({ title: text(200), dueOn: isoDate });

export const referralCreate = z
  .object({
    consortiumId: id.optional(),
    direction: z.enum(REFERRAL_DIRECTIONS),
    urgency: z.enum(URGENCIES),
    greenCategory: z.enum(GREEN_CHANNEL_CATEGORIES).nullable().optional(),
    fromDepartmentId: id.nullable().optional(),
    toInstitutionId: id,
    toDepartmentId: id.nullable().optional(),
    patient: patientInput,
    /** An ICD-10 code of `icd10Edition` (WHO's by default). */
    icd10Code: z.string().trim().max(20).transform(normalizeIcd10),
    icd10Edition: z.enum(ICD10_EDITIONS).optional(),
    diagnosisName: text(120),
    reason: text(2000),
    summary: text(8000),
    /** A down-referral's rehabilitation or follow-up plan. */
    plan: optionalText(8000),
    followUps: z.array(followUpInput).max(20).optional(),
    /** Send at once (requested) instead of keeping a draft. */
    submit: z.boolean().optional(),
    /**
     * The sender confirms that the identity number's registered patient is the one referred: the
     * registered name, sex and birth date are kept whatever `patient` says. Without it, a
     * registered number with another name, sex or birth date answers 409 naming the fields.
     */
    confirmRegisteredPatient: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.icd10Edition ?? 'who') === 'who' && !ICD10_PATTERN.test(r.icd10Code))
      ctx.addIssue({ code: 'custom', path: ['icd10Code'], message: 'must be an ICD-10 code such as I63.9' });
    if (r.icd10Edition === 'cn_clinical_2' && !ICD10_CN_CLINICAL_PATTERN.test(r.icd10Code))
      ctx.addIssue({
        code: 'custom',
        path: ['icd10Code'],
        message: 'must be a code of the national clinical edition 2.0 such as I21.000x001',
      });
    if (r.urgency === 'green_channel' && !r.greenCategory) {
      ctx.addIssue({ code: 'custom', path: ['greenCategory'], message: 'is required for the green channel' });
    }
    if (r.urgency !== 'green_channel' && r.greenCategory) {
      ctx.addIssue({ code: 'custom', path: ['greenCategory'], message: 'only for the green channel' });
    }
    if (r.direction === 'down' && !r.plan) {
      ctx.addIssue({
        code: 'custom',
        path: ['plan'],
        message: 'a down-referral carries a rehabilitation or follow-up plan',
      });
    }
  });
export type ReferralCreate = z.infer<typeof referralCreate>;

export const referralPatient = z.object({
  name: z.string(),
  sex: z.enum(SEXES),
  birthDate: isoDate,
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumber: z.string(),
  phone: z.string().nullable(),
  insuranceNo: z.string().nullable(),
  /** Identity number and phone are masked in every view; a reveal is a separate, audited call. */
  masked: z.boolean(),
});

export const referral = z.object({
  id,
  code: z.string(),
  consortiumId: id,
  direction: z.enum(REFERRAL_DIRECTIONS),
  urgency: z.enum(URGENCIES),
  greenCategory: z.enum(GREEN_CHANNEL_CATEGORIES).nullable(),
  /** The category was inferred from the diagnosis (an import that sent none): 系统推断. */
  greenCategoryDerived: z.boolean(),
  status: z.enum(REFERRAL_STATES),
  fromInstitutionId: id,
  fromInstitutionName: z.string(),
  fromDepartmentId: id.nullable(),
  fromDepartmentName: z.string().nullable(),
  referringDoctor: z.string(),
  toInstitutionId: id,
  toInstitutionName: z.string(),
  toDepartmentId: id.nullable(),
  toDepartmentName: z.string().nullable(),
  /** The patient as the referral was made (name, sex, birth date and phone kept from then). */
  patient: referralPatient.extend({
    /** The registered patient (GET/PATCH /patients/{id}), who may carry other values today. */
    id,
  }),
  /** The identity sent differed from the registered one (kept); null when it did not. */
  patientDiscrepancy: patientDiscrepancy.nullable(),
  icd10Code: z.string(),
  icd10Edition: z.enum(ICD10_EDITIONS),
  diagnosisName: z.string(),
  reason: z.string(),
  summary: z.string(),
  plan: z.string().nullable(),
  /** What the sending system said (a FHIR import); null for a referral written in Yilian. */
  sender: referralSender.nullable(),
  rejectReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  dischargeSummary: z.string().nullable(),
  booking: z
    .object({ slotId: id, date: isoDate, kind: z.enum(CAPACITY_KINDS), label: z.string() })
    .nullable(),
  deadlineAt: timestamp.nullable(),
  escalatedAt: timestamp.nullable(),
  submittedAt: timestamp.nullable(),
  acceptedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  receiptAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** What the reader may do next, from the state machine and their side of the referral. */
  allowedActions: z.array(z.enum(REFERRAL_ACTIONS)),
});
export type Referral = z.infer<typeof referral>;

export const referralListQuery = pageQuery.extend({
  box: z.enum(['inbox', 'outbox', 'all']).default('all'),
  /** One state, or several separated by commas (requested,received: what waits for a decision). */
  status: z
    .string()
    .max(200)
    .refine(
      (v) => v.split(',').every((x) => (REFERRAL_STATES as readonly string[]).includes(x)),
      'must be referral states separated by commas',
    )
    .optional(),
  direction: z.enum(REFERRAL_DIRECTIONS).optional(),
  urgency: z.enum(URGENCIES).optional(),
  departmentId: id.optional(),
  institutionId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type ReferralListQuery = z.infer<typeof referralListQuery>;

export const referralActionBodies = {
  submit: z.object({}).strict(),
  receive: z.object({}).strict(),
  accept: z.object({ note: optionalText(2000), toDepartmentId: id.optional() }).strict(),
  reject: z.object({ reason: text(2000) }).strict(),
  book: z.object({ slotId: id }).strict(),
  arrive: z.object({}).strict(),
  complete: z.object({ dischargeSummary: text(8000) }).strict(),
  cancel: z.object({ reason: text(2000) }).strict(),
} as const;

export const referralEvent = z.object({
  id: z.number().int(),
  at: timestamp,
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.enum(REFERRAL_STATES).nullable(),
  toStatus: z.enum(REFERRAL_STATES).nullable(),
  note: z.string().nullable(),
});
export type ReferralEvent = z.infer<typeof referralEvent>;

export const capacitySlot = z.object({
  id,
  institutionId: id,
  institutionName: z.string(),
  departmentId: id,
  departmentName: z.string(),
  date: isoDate,
  kind: z.enum(CAPACITY_KINDS),
  label: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  createdAt: timestamp,
});
export type CapacitySlot = z.infer<typeof capacitySlot>;

export const capacityCreate = z.object({
  departmentId: id,
  date: isoDate,
  kind: z.enum(CAPACITY_KINDS),
  label: text(40),
  capacity: z.number().int().min(1).max(500),
});
export const capacityUpdate = z.object({ capacity: z.number().int().min(0).max(500) }).strict();
export const capacityListQuery = pageQuery.extend({
  institutionId: id.optional(),
  departmentId: id.optional(),
  kind: z.enum(CAPACITY_KINDS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  available: z.enum(['true', 'false']).optional(),
});
export type CapacityListQuery = z.infer<typeof capacityListQuery>;

export const deadlineRules = z.object({
  /** Routine referrals: accept within this many Chinese working days. */
  routineWorkdays: z.number().int().min(1).max(30),
  /** Urgent referrals: accept within this many clock hours. */
  urgentHours: z.number().int().min(1).max(240),
  /** Green channel: accept within this many clock minutes, else escalate. */
  greenMinutes: z.number().int().min(1).max(240),
  /** Remote consultation and reading requests: accept within this many clock hours. */
  consultationHours: z.number().int().min(1).max(240).default(24),
});
export type DeadlineRules = z.infer<typeof deadlineRules>;
export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  routineWorkdays: 2,
  urgentHours: 24,
  consultationHours: 24,
  greenMinutes: 15,
};

export const followUpTask = z.object({
  id,
  referralId: id,
  referralCode: z.string(),
  institutionId: id,
  patientName: z.string(),
  title: z.string(),
  dueOn: isoDate,
  doneAt: timestamp.nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type FollowUpTask = z.infer<typeof followUpTask>;

export const icd10Entry = z.object({ code: z.string(), name: z.string() });
