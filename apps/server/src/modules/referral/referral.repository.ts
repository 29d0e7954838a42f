import { sql, type RawBuilder } from 'kysely';
import type { ReferralListQuery, ReferralState } from '@yilian/domain';
import type { Db, Principal, Tx } from '../../context.js';
import type { ReferralsTable } from '../../db/schema.js';
import { twoPartyVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

/** Who sees a referral: both institutions' staff, the consortium's office, the region's supervisor. */
export function referralVisible(p: Principal): RawBuilder<boolean> {
  return twoPartyVisible(p, 'r.consortiumId', 'r.fromInstitutionId', 'r.toInstitutionId');
}

function base(db: Db | Tx) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('patients as pt', 'pt.id', 'r.patientId')
    .innerJoin('institutions as fi', 'fi.id', 'r.fromInstitutionId')
    .innerJoin('institutions as ti', 'ti.id', 'r.toInstitutionId')
    .leftJoin('departments as fd', 'fd.id', 'r.fromDepartmentId')
    .leftJoin('departments as td', 'td.id', 'r.toDepartmentId')
    .leftJoin('capacitySlots as cs', 'cs.id', 'r.slotId')
    .leftJoin('referralPatientDiscrepancies as pd', 'pd.referralId', 'r.id')
    .leftJoin('users as pdu', 'pdu.id', 'pd.resolvedBy');
}

/** A referral of the patient in `patientColumn` that the reader sees: then they see the patient. */
export function patientReferredVisibly(p: Principal, patientColumn: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from referrals r where r.patient_id = ${sql.ref(patientColumn)} and ${referralVisible(p)})`;
}

const columns = [
  'r.id',
  'r.code',
  'r.consortiumId',
  'r.direction',
  'r.urgency',
  'r.greenCategory',
  'r.status',
  'r.fromInstitutionId',
  'fi.name as fromInstitutionName',
  'r.fromDepartmentId',
  'fd.name as fromDepartmentName',
  'r.createdBy',
  'r.referringDoctor',
  'r.toInstitutionId',
  'ti.name as toInstitutionName',
  'r.toDepartmentId',
  'td.name as toDepartmentName',
  // The patient as the referral was made (0017); the identity document from the register.
  'r.patientId',
  'r.patientName',
  'r.patientSex',
  'r.patientBirthDate',
  'pt.idType as patientIdType',
  'pt.idNumber as patientIdNumber',
  'r.patientPhone',
  'pt.insuranceNo as patientInsuranceNo',
  'pd.source as discrepancySource',
  'pd.fields as discrepancyFields',
  'pd.createdAt as discrepancyAt',
  'pd.resolvedAt as discrepancyResolvedAt',
  'pd.resolution as discrepancyResolution',
  'pd.resolutionNote as discrepancyResolutionNote',
  'pdu.displayName as discrepancyResolvedByName',
  'r.icd10Code',
  'r.icd10Edition',
  'r.greenCategoryDerived',
  'r.referringStaffId',
  // What a sending system said (0019).
  'r.senderIdentifierSystem',
  'r.senderIdentifierValue',
  'r.requisitionSystem',
  'r.requisitionValue',
  'r.senderAuthoredOn',
  'r.taskDescription',
  'r.senderNotes',
  'r.senderPractitioner',
  'r.diagnosisName',
  'r.reason',
  'r.summary',
  'r.plan',
  'r.rejectReason',
  'r.cancelReason',
  'r.dischargeSummary',
  'r.slotId',
  'cs.date as slotDate',
  'cs.kind as slotKind',
  'cs.label as slotLabel',
  'r.deadlineAt',
  'r.escalatedAt',
  'r.submittedAt',
  'r.acceptedAt',
  'r.completedAt',
  'r.receiptAt',
  'r.createdAt',
  'r.updatedAt',
] as const;

export function listReferrals(db: Db, p: Principal, q: ReferralListQuery) {
  let qb = base(db).where(referralVisible(p));
  const inst = q.institutionId ?? p.institutionId;
  if (q.box === 'inbox' && inst)
    qb = qb.where('r.toInstitutionId', '=', inst).where('r.status', '!=', 'draft');
  if (q.box === 'outbox' && inst) qb = qb.where('r.fromInstitutionId', '=', inst);
  if (q.box === 'all' && q.institutionId) {
    const i = q.institutionId;
    qb = qb.where((eb) => eb.or([eb('r.fromInstitutionId', '=', i), eb('r.toInstitutionId', '=', i)]));
  }
  if (q.status) qb = qb.where('r.status', 'in', q.status.split(',') as ReferralState[]);
  if (q.direction) qb = qb.where('r.direction', '=', q.direction);
  if (q.urgency) qb = qb.where('r.urgency', '=', q.urgency);
  if (q.departmentId) {
    const d = q.departmentId;
    qb = qb.where((eb) => eb.or([eb('r.fromDepartmentId', '=', d), eb('r.toDepartmentId', '=', d)]));
  }
  if (q.from) qb = qb.where('r.createdAt', '>=', `${q.from}T00:00:00+08:00`);
  if (q.to)
    qb = qb.where(
      'r.createdAt',
      '<',
      sql<string>`(${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
    );
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) =>
      eb.or([
        eb('r.patientName', 'ilike', like),
        eb('pt.name', 'ilike', like),
        eb('r.code', 'ilike', like),
        eb('r.diagnosisName', 'ilike', like),
        eb('r.icd10Code', 'ilike', like),
        // The sending system's order number.
        eb('r.senderIdentifierValue', 'ilike', like),
      ]),
    );
  }
  return paginate(qb, q, (b) => b.select(columns).orderBy('r.createdAt', 'desc').orderBy('r.id'));
}

export function findReferral(db: Db | Tx, p: Principal | null, id: string) {
  let qb = base(db).select(columns).where('r.id', '=', id);
  if (p) qb = qb.where(referralVisible(p));
  return qb.executeTakeFirst();
}
export type ReferralRecord = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

/**
 * Moves a referral from one of `from` to `to`, with the other columns the action sets. Returns
 * nothing when the referral was no longer in one of `from`: someone else acted first.
 */
export async function moveReferral(
  trx: Tx,
  id: string,
  from: readonly ReferralState[],
  to: ReferralState,
  set: Partial<Omit<ReferralsTable, 'id' | 'createdAt' | 'status'>> = {},
) {
  return trx
    .updateTable('referrals')
    .set({ ...(set as object), status: to, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', 'in', from as ReferralState[])
    .returning(['id', 'status', 'consortiumId', 'createdBy', 'fromInstitutionId', 'toInstitutionId', 'code'])
    .executeTakeFirst();
}

export async function nextReferralCode(trx: Tx, now: Date): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('referral_code_seq')::int as n`.execute(trx);
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `ZZ${day}-${String(rows[0]!.n).padStart(6, '0')}`;
}
