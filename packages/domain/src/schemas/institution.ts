import { z } from 'zod';
import {
  INSTITUTION_GRADES,
  INSTITUTION_KINDS,
  INSTITUTION_LEVELS,
  DEPARTMENT_KINDS,
  STAFF_TITLES,
} from '../enums.js';
import { isValidUscc, MEDICAL_LICENSE_PATTERN, PRACTITIONER_ID_PATTERN } from '../uscc.js';
import { id, optionalText, pageQuery, phone, regionCode, text, timestamp } from './common.js';

export const institutionCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/, 'letters, digits, - and _ (2-32)');

/** 统一社会信用代码 (GB 32100-2015): 18 characters with a check character; capitals. */
export const uscc = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidUscc, 'is not a valid 统一社会信用代码 (GB 32100: 18 characters, check character)');

/** 医疗机构执业许可证登记号: digits, capitals and hyphens (forms differ by province and year). */
export const medicalLicenseNo = z
  .string()
  .trim()
  .toUpperCase()
  .regex(MEDICAL_LICENSE_PATTERN, 'digits, capital letters and - (6-40)');

/** 执业证书编码 (医师执业证书): 15 digits in practice; 6-30 digits or capitals accepted. */
export const practitionerId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(PRACTITIONER_ID_PATTERN, 'digits or capital letters (6-30), usually 15 digits');

export const institution = z.object({
  id,
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(INSTITUTION_KINDS),
  level: z.enum(INSTITUTION_LEVELS),
  grade: z.enum(INSTITUTION_GRADES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  uscc: z.string().nullable(),
  medicalLicenseNo: z.string().nullable(),
  /** Whether the reader may change it: seeing is wider than managing (docs/architecture.md). */
  manageable: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Institution = z.infer<typeof institution>;

export const institutionCreate = z.object({
  code: institutionCode,
  name: text(100),
  shortName: optionalText(50),
  kind: z.enum(INSTITUTION_KINDS),
  level: z.enum(INSTITUTION_LEVELS),
  grade: z.enum(INSTITUTION_GRADES),
  regionCode,
  address: optionalText(200),
  uscc: uscc.nullable().optional(),
  medicalLicenseNo: medicalLicenseNo.nullable().optional(),
  /** A consortium office creates institutions into its own consortium. */
  consortiumId: id.optional(),
});
export type InstitutionCreate = z.infer<typeof institutionCreate>;
export const institutionUpdate = institutionCreate.omit({ consortiumId: true }).partial().strict();
export type InstitutionUpdate = z.infer<typeof institutionUpdate>;

export const institutionListQuery = pageQuery.extend({
  kind: z.enum(INSTITUTION_KINDS).optional(),
  level: z.enum(INSTITUTION_LEVELS).optional(),
  consortiumId: id.optional(),
  regionCode: regionCode.optional(),
});
export type InstitutionListQuery = z.infer<typeof institutionListQuery>;

export const department = z.object({
  id,
  institutionId: id,
  institutionName: z.string(),
  name: z.string(),
  kind: z.enum(DEPARTMENT_KINDS),
  phone: z.string().nullable(),
  staffCount: z.number().int(),
  /** Whether the reader may change it: seeing is wider than managing (docs/architecture.md). */
  manageable: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Department = z.infer<typeof department>;

export const departmentCreate = z.object({
  institutionId: id,
  name: text(60),
  kind: z.enum(DEPARTMENT_KINDS),
  phone: phone.nullable().optional(),
});
export const departmentUpdate = departmentCreate.omit({ institutionId: true }).partial().strict();
export type DepartmentCreate = z.infer<typeof departmentCreate>;
export type DepartmentUpdate = z.infer<typeof departmentUpdate>;

export const departmentListQuery = pageQuery.extend({
  institutionId: id.optional(),
  consortiumId: id.optional(),
  kind: z.enum(DEPARTMENT_KINDS).optional(),
});
export type DepartmentListQuery = z.infer<typeof departmentListQuery>;

export const SEXES = ['male', 'female'] as const;

export const staff = z.object({
  id,
  institutionId: id,
  institutionName: z.string(),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  name: z.string(),
  sex: z.enum(SEXES).nullable(),
  title: z.enum(STAFF_TITLES),
  specialty: z.string().nullable(),
  /** Masked (138****5678) unless the reader manages the staff member's institution. */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  practitionerId: z.string().nullable(),
  active: z.boolean(),
  /** Whether the reader may change it: seeing is wider than managing (docs/architecture.md). */
  manageable: z.boolean(),

  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Staff = z.infer<typeof staff>;

export const staffCreate = z.object({
  institutionId: id,
  departmentId: id.nullable().optional(),
  name: text(40),
  sex: z.enum(SEXES).nullable().optional(),
  title: z.enum(STAFF_TITLES),
  specialty: optionalText(60),
  phone: phone.nullable().optional(),
  practitionerId: practitionerId.nullable().optional(),
  active: z.boolean().optional(),
});
export const staffUpdate = staffCreate.omit({ institutionId: true }).partial().strict();
export type StaffCreate = z.infer<typeof staffCreate>;
export type StaffUpdate = z.infer<typeof staffUpdate>;

export const staffListQuery = pageQuery.extend({
  institutionId: id.optional(),
  consortiumId: id.optional(),
  departmentId: id.optional(),
  title: z.enum(STAFF_TITLES).optional(),
});
export type StaffListQuery = z.infer<typeof staffListQuery>;
