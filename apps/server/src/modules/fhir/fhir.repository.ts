import { sql, type RawBuilder } from 'kysely';
import type { GreenChannelCategory, ReferralDirection, ReferralState, Urgency } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { institutionVisible } from '../../scope.js';
import { referralVisible } from '../referral/referral.repository.js';
import { likePattern } from '../shared/paginate.js';

// The FHIR facade's queries. Every resource it serves hangs off a referral the reader can see
// (referralVisible): a Patient, Organization or Practitioner outside those referrals is not found.

export interface Paging {
  count: number;
  offset: number;
}

/** A bound on a date or instant column: `column >= value` or `column < value`. */
export interface Bound {
  op: '>=' | '<';
  value: string;
}

/** A parsed search criterion: the values are OR-ed, the criteria AND-ed. No values: nothing matches. */
export interface Criterion<F extends string> {
  field: F;
  values: string[];
  /** String parameters: starts-with (FHIR's default), contains or exact. */
  match?: 'start' | 'contains' | 'exact';
  /** Every row matches (a token `system|` on a system every row has). */
  all?: boolean;
  /** Date parameters: the column lies in one of these ranges (each an AND of bounds); values unused. */
  ranges?: Bound[][];
}

export type ReferralField =
  | 'id'
  | 'status'
  | 'patient'
  | 'practitioner'
  | 'requester'
  | 'fromInstitution'
  | 'toInstitution'
  | 'urgency'
  | 'direction'
  | 'category'
  | 'toDepartment'
  | 'code'
  | 'updatedAt'
  | 'createdAt'
  | 'authored'
  | 'slotDate';
export type PatientField = 'id' | 'name' | 'gender' | 'birthdate' | 'updatedAt';
export type OrganizationField = 'id' | 'code' | 'name' | 'updatedAt';
export type PractitionerField = 'id' | 'name' | 'updatedAt';

const NONE = sql<boolean>`false`;

/** A date criterion's ranges on a column (or expression): an OR of ANDed bounds. */
function inRanges(column: RawBuilder<unknown>, ranges: Bound[][]): RawBuilder<boolean> {
  if (ranges.length === 0) return NONE;
  const ands = ranges.map(
    (and) =>
      sql`(${sql.join(
        and.map((b) => sql`${column} ${sql.raw(b.op)} ${b.value}`),
        sql` and `,
      )})`,
  );
  return sql<boolean>`(${sql.join(ands, sql` or `)})`;
}

/** The column behind each date field, for inRanges. */
const DATE_COLUMNS: Record<string, RawBuilder<unknown>> = {
  'r.updatedAt': sql`r.updated_at`,
  'r.createdAt': sql`r.created_at`,
  'r.authored': sql`coalesce(r.submitted_at, r.created_at)`,
  'r.slotDate': sql`cs.date`,
  'pt.updatedAt': sql`pt.updated_at`,
  'pt.birthdate': sql`pt.birth_date`,
  'i.updatedAt': sql`i.updated_at`,
  'pr.updatedAt': sql`pr.updated_at`,
};

function stringMatch(match: Criterion<string>['match'], value: string) {
  if (match === 'exact') return { op: '=' as const, value };
  const like = likePattern(value);
  return { op: 'ilike' as const, value: match === 'contains' ? like : like.slice(1) };
}

// ---------------------------------------------------------------------------------------------
// Referrals (ServiceRequest and Task)

function referralBase(db: Db) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('patients as pt', 'pt.id', 'r.patientId')
    .innerJoin('institutions as fi', 'fi.id', 'r.fromInstitutionId')
    .innerJoin('institutions as ti', 'ti.id', 'r.toInstitutionId')
    .leftJoin('departments as fd', 'fd.id', 'r.fromDepartmentId')
    .leftJoin('departments as td', 'td.id', 'r.toDepartmentId')
    .leftJoin('capacitySlots as cs', 'cs.id', 'r.slotId');
}
type ReferralQuery = ReturnType<typeof referralBase>;

const referralColumns = [
  'r.id',
  'r.code',
  'r.direction',
  'r.urgency',
  'r.greenCategory',
  'r.status',
  'r.fromInstitutionId',
  'fi.name as fromInstitutionName',
  'fd.name as fromDepartmentName',
  'r.createdBy',
  'r.referringDoctor',
  'r.toInstitutionId',
  'ti.name as toInstitutionName',
  'td.name as toDepartmentName',
  'r.patientId',
  // The patient as the referral was made (0017).
  'r.patientName',
  'r.patientSex',
  'r.patientBirthDate',
  'r.patientPhone',
  'r.icd10Code',
  'r.diagnosisName',
  'r.reason',
  'r.summary',
  'r.plan',
  'r.rejectReason',
  'r.cancelReason',
  'r.dischargeSummary',
  'cs.date as slotDate',
  'cs.kind as slotKind',
  'cs.label as slotLabel',
  'r.deadlineAt',
  'r.submittedAt',
  'r.acceptedAt',
  'r.completedAt',
  'r.createdAt',
  'r.updatedAt',
] as const;

function whereReferral(qb: ReferralQuery, c: Criterion<ReferralField>): ReferralQuery {
  if (c.all) return qb;
  if (c.ranges) return qb.where(inRanges(DATE_COLUMNS[`r.${c.field}`]!, c.ranges));
  if (c.values.length === 0) return qb.where(NONE);
  const v = c.values;
  switch (c.field) {
    case 'id':
      return qb.where('r.id', 'in', v);
    case 'status':
      return qb.where('r.status', 'in', v as ReferralState[]);
    case 'patient':
      return qb.where('r.patientId', 'in', v);
    case 'practitioner':
      // A referral whose author's account is gone is its own Practitioner (see practitionerOf).
      return qb.where((eb) =>
        eb.or([eb('r.createdBy', 'in', v), eb.and([eb('r.createdBy', 'is', null), eb('r.id', 'in', v)])]),
      );
    case 'requester':
      return qb.where((eb) =>
        eb.or([
          eb('r.createdBy', 'in', v),
          eb.and([eb('r.createdBy', 'is', null), eb('r.id', 'in', v)]),
          eb('r.fromInstitutionId', 'in', v),
        ]),
      );
    case 'fromInstitution':
      return qb.where('r.fromInstitutionId', 'in', v);
    case 'toInstitution':
      return qb.where('r.toInstitutionId', 'in', v);
    case 'urgency':
      return qb.where('r.urgency', 'in', v as Urgency[]);
    case 'direction':
      return qb.where('r.direction', 'in', v as ReferralDirection[]);
    case 'category': {
      // Directions as they are, green-channel centres as green:<code> (green:* any of them).
      const directions = v.filter((x) => !x.startsWith('green:')) as ReferralDirection[];
      const green = v.filter((x) => x.startsWith('green:')).map((x) => x.slice(6));
      return qb.where((eb) =>
        eb.or([
          ...(directions.length ? [eb('r.direction', 'in', directions)] : []),
          ...(green.includes('*')
            ? [eb('r.greenCategory', 'is not', null)]
            : green.length
              ? [eb('r.greenCategory', 'in', green as GreenChannelCategory[])]
              : []),
        ]),
      );
    }
    case 'toDepartment':
      return qb.where((eb) =>
        eb.or(
          v.map((x) => {
            const m = stringMatch(c.match, x);
            return eb('td.name', m.op, m.value);
          }),
        ),
      );
    case 'code':
      return qb.where('r.code', 'in', v);
    case 'updatedAt':
    case 'createdAt':
    case 'authored':
    case 'slotDate':
      return qb.where(NONE); // date fields come with ranges
  }
}

/** The total and one page of a filtered query; `_count=0` asks for the total alone. */
async function page<O>(
  total: Promise<{ total: number } | undefined>,
  rows: () => Promise<O[]>,
  paging: Paging,
): Promise<{ total: number; rows: O[] }> {
  const [count, items] = await Promise.all([total, paging.count === 0 ? Promise.resolve([]) : rows()]);
  return { total: Number(count?.total ?? 0), rows: items };
}

export async function searchReferrals(
  db: Db,
  p: Principal,
  criteria: Criterion<ReferralField>[],
  paging: Paging,
) {
  const filtered = criteria.reduce(whereReferral, referralBase(db).where(referralVisible(p)));
  return page(
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
    () =>
      filtered
        .select(referralColumns)
        .orderBy('r.createdAt', 'desc')
        .orderBy('r.id')
        .limit(paging.count)
        .offset(paging.offset)
        .execute(),
    paging,
  );
}

export function findReferralRow(db: Db, p: Principal, id: string) {
  return referralBase(db)
    .select(referralColumns)
    .where('r.id', '=', id)
    .where(referralVisible(p))
    .executeTakeFirst();
}
export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findReferralRow>>>;

/** The Practitioner of a referral: its author's account, or the referral itself when that is gone. */
export function practitionerOf(r: Pick<ReferralRow, 'id' | 'createdBy'>): string {
  return r.createdBy ?? r.id;
}

/** Scope of the resources a referral refers to: some referral the reader can see refers to them. */
function referredBy(p: Principal, on: RawBuilder<boolean>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from referrals r where ${on} and ${referralVisible(p)})`;
}

// ---------------------------------------------------------------------------------------------
// Patients

const patientColumns = [
  'pt.id',
  'pt.name',
  'pt.sex',
  'pt.birthDate',
  'pt.idType',
  'pt.idNumber',
  'pt.phone',
  'pt.insuranceNo',
  'pt.createdAt',
  'pt.updatedAt',
] as const;

function patientBase(db: Db, p: Principal) {
  return db.selectFrom('patients as pt').where(referredBy(p, sql`r.patient_id = pt.id`));
}
type PatientQuery = ReturnType<typeof patientBase>;

function wherePatient(qb: PatientQuery, c: Criterion<PatientField>): PatientQuery {
  if (c.all) return qb;
  if (c.ranges) return qb.where(inRanges(DATE_COLUMNS[`pt.${c.field}`]!, c.ranges));
  if (c.values.length === 0) return qb.where(NONE);
  switch (c.field) {
    case 'id':
      return qb.where('pt.id', 'in', c.values);
    case 'gender':
      return qb.where('pt.sex', 'in', c.values as PatientRow['sex'][]);
    case 'birthdate':
    case 'updatedAt':
      return qb.where(NONE); // date fields come with ranges
    case 'name':
      return qb.where((eb) =>
        eb.or(
          c.values.map((v) => {
            const m = stringMatch(c.match, v);
            return eb('pt.name', m.op, m.value);
          }),
        ),
      );
  }
}

export async function searchPatients(
  db: Db,
  p: Principal,
  criteria: Criterion<PatientField>[],
  paging: Paging,
) {
  const filtered = criteria.reduce(wherePatient, patientBase(db, p));
  return page(
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
    () =>
      filtered
        .select(patientColumns)
        .orderBy('pt.name')
        .orderBy('pt.id')
        .limit(paging.count)
        .offset(paging.offset)
        .execute(),
    paging,
  );
}

export function findPatientRow(db: Db, p: Principal, id: string) {
  return patientBase(db, p).select(patientColumns).where('pt.id', '=', id).executeTakeFirst();
}
export type PatientRow = NonNullable<Awaited<ReturnType<typeof findPatientRow>>>;

// ---------------------------------------------------------------------------------------------
// Organizations (institutions on either side of a visible referral)

const organizationColumns = [
  'i.id',
  'i.code',
  'i.name',
  'i.shortName',
  'i.kind',
  'i.level',
  'i.grade',
  'i.regionCode',
  'i.address',
  'i.updatedAt',
] as const;

function organizationBase(db: Db, p: Principal) {
  return db
    .selectFrom('institutions as i')
    .where(referredBy(p, sql`(r.from_institution_id = i.id or r.to_institution_id = i.id)`));
}
type OrganizationQuery = ReturnType<typeof organizationBase>;

function whereOrganization(qb: OrganizationQuery, c: Criterion<OrganizationField>): OrganizationQuery {
  if (c.all) return qb;
  if (c.ranges) return qb.where(inRanges(DATE_COLUMNS[`i.${c.field}`]!, c.ranges));
  if (c.values.length === 0) return qb.where(NONE);
  switch (c.field) {
    case 'updatedAt':
      return qb.where(NONE); // date fields come with ranges
    case 'id':
      return qb.where('i.id', 'in', c.values);
    case 'code':
      return qb.where('i.code', 'in', c.values);
    case 'name':
      return qb.where((eb) =>
        eb.or(
          c.values.flatMap((v) => {
            const m = stringMatch(c.match, v);
            return [eb('i.name', m.op, m.value), eb('i.shortName', m.op, m.value)];
          }),
        ),
      );
  }
}

export async function searchOrganizations(
  db: Db,
  p: Principal,
  criteria: Criterion<OrganizationField>[],
  paging: Paging,
) {
  const filtered = criteria.reduce(whereOrganization, organizationBase(db, p));
  return page(
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
    () =>
      filtered
        .select(organizationColumns)
        .orderBy('i.name')
        .orderBy('i.id')
        .limit(paging.count)
        .offset(paging.offset)
        .execute(),
    paging,
  );
}

export function findOrganizationRows(db: Db, p: Principal, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return organizationBase(db, p).select(organizationColumns).where('i.id', 'in', ids).execute();
}
export type OrganizationRow = Awaited<ReturnType<typeof findOrganizationRows>>[number];

/** For an import: an institution the user can see (any member of their consortia), by its code. */
export function findInstitutionByCode(db: Db, p: Principal, code: string) {
  return db
    .selectFrom('institutions as i')
    .select(['i.id', 'i.code', 'i.name'])
    .where('i.code', '=', code)
    .where(institutionVisible(p, 'i.id'))
    .executeTakeFirst();
}

export function findDepartmentByName(db: Db, institutionId: string, name: string) {
  return db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('institutionId', '=', institutionId)
    .where('name', '=', name)
    .orderBy('createdAt')
    .executeTakeFirst();
}

/** Whether an imported referral's patient was new: inserted in the referral's own transaction. */
export async function patientCreatedWith(db: Db, referralId: string) {
  const row = await db
    .selectFrom('referrals as r')
    .innerJoin('patients as pt', 'pt.id', 'r.patientId')
    .select(['pt.id', sql<boolean>`pt.created_at = r.created_at`.as('created')])
    .where('r.id', '=', referralId)
    .executeTakeFirstOrThrow();
  return row;
}

// ---------------------------------------------------------------------------------------------
// Practitioners: the accounts that wrote visible referrals, and referrals whose author is gone

function practitionerBase(db: Db, p: Principal) {
  const accounts = db
    .selectFrom('users as u')
    .select(['u.id', 'u.displayName as name', sql<boolean>`not u.disabled`.as('active'), 'u.updatedAt'])
    .where(referredBy(p, sql`r.created_by = u.id`));
  const orphans = db
    .selectFrom('referrals as r')
    .select(['r.id', 'r.referringDoctor as name', sql<boolean>`true`.as('active'), 'r.updatedAt'])
    .where('r.createdBy', 'is', null)
    .where(referralVisible(p));
  return db.selectFrom(accounts.unionAll(orphans).as('pr'));
}
type PractitionerQuery = ReturnType<typeof practitionerBase>;

function wherePractitioner(qb: PractitionerQuery, c: Criterion<PractitionerField>): PractitionerQuery {
  if (c.all) return qb;
  if (c.ranges) return qb.where(inRanges(DATE_COLUMNS[`pr.${c.field}`]!, c.ranges));
  if (c.values.length === 0) return qb.where(NONE);
  switch (c.field) {
    case 'updatedAt':
      return qb.where(NONE); // date fields come with ranges
    case 'id':
      return qb.where('pr.id', 'in', c.values);
    case 'name':
      return qb.where((eb) =>
        eb.or(
          c.values.map((v) => {
            const m = stringMatch(c.match, v);
            return eb('pr.name', m.op, m.value);
          }),
        ),
      );
  }
}

const practitionerColumns = ['pr.id', 'pr.name', 'pr.active', 'pr.updatedAt'] as const;

export async function searchPractitioners(
  db: Db,
  p: Principal,
  criteria: Criterion<PractitionerField>[],
  paging: Paging,
) {
  const filtered = criteria.reduce(wherePractitioner, practitionerBase(db, p));
  return page(
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
    () =>
      filtered
        .select(practitionerColumns)
        .orderBy('pr.name')
        .orderBy('pr.id')
        .limit(paging.count)
        .offset(paging.offset)
        .execute(),
    paging,
  );
}

export function findPractitionerRow(db: Db, p: Principal, id: string) {
  return practitionerBase(db, p).select(practitionerColumns).where('pr.id', '=', id).executeTakeFirst();
}
export type PractitionerRow = NonNullable<Awaited<ReturnType<typeof findPractitionerRow>>>;
