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
  | 'slotDate'
  | 'identifier';
export type PatientField = 'id' | 'name' | 'gender' | 'birthdate' | 'updatedAt' | 'identifier';
export type OrganizationField = 'id' | 'code' | 'name' | 'updatedAt' | 'identifier';
export type PractitionerField = 'id' | 'name' | 'updatedAt' | 'identifier';

/** An identifier criterion's values: JSON tuples (fhir.match.ts writes them). */
const tuplesOf = (c: Criterion<string>) => c.values.map((v) => JSON.parse(v) as (string | null)[]);

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
  'r.icd10Edition',
  'r.diagnosisName',
  'r.reason',
  'r.summary',
  'r.plan',
  'r.greenCategoryDerived',
  // What the sending system said (0019): returned in every export.
  'r.referringStaffId',
  'r.senderPractitioner',
  'r.senderIdentifierSystem',
  'r.senderIdentifierValue',
  'r.requisitionSystem',
  'r.requisitionValue',
  'r.senderAuthoredOn',
  'r.taskDescription',
  'r.senderNotes',
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
      // The referring staff member, the author's account, or the referral itself (see practitionerOf).
      return qb.where((eb) => eb(PRACTITIONER_ID, 'in', v));
    case 'requester':
      return qb.where((eb) => eb.or([eb(PRACTITIONER_ID, 'in', v), eb('r.fromInstitutionId', 'in', v)]));
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
    case 'identifier':
      // The referral number, or the sending system's order number (any value when null).
      return qb.where((eb) =>
        eb.or(
          tuplesOf(c).map(([kind, a, b]) =>
            kind === 'all'
              ? sql<boolean>`true`
              : kind === 'code'
                ? eb('r.code', '=', a!)
                : eb.and([
                    ...(a ? [eb('r.senderIdentifierSystem', '=', a)] : []),
                    b ? eb('r.senderIdentifierValue', '=', b) : eb('r.senderIdentifierValue', 'is not', null),
                  ]),
          ),
        ),
      );
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

/**
 * The Practitioner of a referral: the staff member an import's Practitioner matched; else the
 * author's account; else the referral itself, when the account is gone or an import named a
 * practitioner Yilian does not know (kept as sent: senderPractitioner).
 */
export function practitionerOf(
  r: Pick<ReferralRow, 'id' | 'createdBy' | 'referringStaffId' | 'senderPractitioner'>,
): string {
  return r.referringStaffId ?? (r.createdBy && !r.senderPractitioner ? r.createdBy : r.id);
}

/** practitionerOf in SQL, on `referrals as r`. */
const PRACTITIONER_ID = sql<string>`coalesce(r.referring_staff_id, case when r.created_by is not null and r.sender_practitioner is null then r.created_by else r.id end)`;

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
    case 'identifier':
      // Exactly the number as registered: an identity document (of a type, or any) or insurance.
      return qb.where((eb) =>
        eb.or(
          tuplesOf(c).map(([kind, a, b]) =>
            kind === 'insurance'
              ? eb('pt.insuranceNo', '=', a!)
              : eb.and([
                  ...(a ? [eb('pt.idType', '=', a as PatientRow['idType'])] : []),
                  eb('pt.idNumber', '=', b!),
                ]),
          ),
        ),
      );
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

/** Patient/$match: the patients the caller sees with one of these numbers, or the name or birth date. */
export function findMatchCandidates(
  db: Db,
  p: Principal,
  q: { ids: { idType: PatientRow['idType']; value: string }[]; name?: string; birthDate?: string },
) {
  return patientBase(db, p)
    .select(patientColumns)
    .where((eb) =>
      eb.or([
        ...q.ids.map((i) => eb.and([eb('pt.idType', '=', i.idType), eb('pt.idNumber', '=', i.value)])),
        ...(q.name ? [eb(sql<string>`replace(pt.name, ' ', '')`, '=', q.name.replace(/\s+/g, ''))] : []),
        ...(q.name && q.birthDate ? [eb('pt.birthDate', '=', q.birthDate)] : []),
      ]),
    )
    .orderBy('pt.id')
    .limit(500)
    .execute();
}

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
  'i.uscc',
  'i.medicalLicenseNo',
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
    case 'identifier':
      // Yilian's code, the 统一社会信用代码 or the 执业许可证登记号 (null: the institution has one).
      return qb.where((eb) =>
        eb.or(
          tuplesOf(c).map(([kind, v]) => {
            const column = kind === 'uscc' ? 'i.uscc' : kind === 'license' ? 'i.medicalLicenseNo' : 'i.code';
            return v === null ? eb(column, 'is not', null) : eb(column, '=', v!);
          }),
        ),
      );
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
  const none = sql<string | null>`null::text`;
  // Accounts that wrote a visible referral as its practitioner; their staff record's licence.
  const accounts = db
    .selectFrom('users as u')
    .leftJoin('staff as st', 'st.id', 'u.staffId')
    .select([
      'u.id',
      'u.displayName as name',
      sql<boolean>`not u.disabled`.as('active'),
      'u.updatedAt',
      'st.practitionerId as license',
      none.as('keptSystem'),
      none.as('keptValue'),
    ])
    .where(
      referredBy(
        p,
        sql`r.created_by = u.id and r.referring_staff_id is null and r.sender_practitioner is null`,
      ),
    );
  // Staff members an import's Practitioner matched by their 执业证书编码.
  const staff = db
    .selectFrom('staff as st')
    .select([
      'st.id',
      'st.name',
      'st.active',
      'st.updatedAt',
      'st.practitionerId as license',
      none.as('keptSystem'),
      none.as('keptValue'),
    ])
    .where(referredBy(p, sql`r.referring_staff_id = st.id`));
  // Referrals that are their own practitioner: the account is gone, or the import named one
  // Yilian does not know (its name and identifier kept as sent).
  const kept = db
    .selectFrom('referrals as r')
    .select([
      'r.id',
      'r.referringDoctor as name',
      sql<boolean>`true`.as('active'),
      'r.updatedAt',
      none.as('license'),
      sql<string | null>`r.sender_practitioner->'identifier'->>'system'`.as('keptSystem'),
      sql<string | null>`r.sender_practitioner->'identifier'->>'value'`.as('keptValue'),
    ])
    .where('r.referringStaffId', 'is', null)
    .where((eb) => eb.or([eb('r.createdBy', 'is', null), eb('r.senderPractitioner', 'is not', null)]))
    .where(referralVisible(p));
  return db.selectFrom(accounts.unionAll(staff).unionAll(kept).as('pr'));
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
    case 'identifier':
      // The 执业证书编码, or an identifier an import kept as sent (null: any value).
      return qb.where((eb) =>
        eb.or(
          tuplesOf(c).map(([kind, a, b]) =>
            kind === 'license'
              ? a === null
                ? eb('pr.license', 'is not', null)
                : eb('pr.license', '=', a!)
              : eb.and([
                  ...(a ? [eb('pr.keptSystem', '=', a)] : []),
                  b ? eb('pr.keptValue', '=', b) : eb('pr.keptValue', 'is not', null),
                ]),
          ),
        ),
      );
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

const practitionerColumns = [
  'pr.id',
  'pr.name',
  'pr.active',
  'pr.updatedAt',
  'pr.license',
  'pr.keptSystem',
  'pr.keptValue',
] as const;

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
