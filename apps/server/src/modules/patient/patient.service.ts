import { sql, type RawBuilder } from 'kysely';
import {
  birthDateOfResidentId,
  maskIdNumber,
  maskPhone,
  type PatientLookup,
  type PatientRecord,
  type PatientUpdate,
  type RegisteredPatient,
} from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Db, Principal, Services, Tx } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { referralVisible } from '../referral/referral.repository.js';
import { commonConsortium, SENDING_ROLES } from '../referral/referral.service.js';
import { maskedIdentityValue } from './patient.js';

// The patient register seen from a referral: whether an identity number is registered (asked by
// the new-referral form), a registered patient as they are now, and the one way their identity
// changes: an explicit edit, with a reason, by staff of an institution that treated them.

/** Staff who may change a patient's identity: the clinicians and administrators of a side. */
const EDITING_ROLES = new Set(['clinician', 'institution_admin']);

/** The reader sees a referral of this patient (the FHIR Patient rule): then they see the patient. */
function seesPatient(p: Principal, patientColumn: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from referrals r where r.patient_id = ${sql.ref(patientColumn)} and ${referralVisible(p)})`;
}

/** The reader's institution sent one of the patient's referrals, or received one that was sent. */
async function treats(db: Db | Tx, p: Principal, patientId: string): Promise<boolean> {
  if (!p.institutionId || !EDITING_ROLES.has(p.role)) return false;
  const inst = p.institutionId;
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('patientId', '=', patientId)
    .where((eb) =>
      eb.or([
        eb('fromInstitutionId', '=', inst),
        eb.and([eb('toInstitutionId', '=', inst), eb('status', '!=', 'draft')]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/**
 * Is the identity number registered where a referral from the caller's institution would file it?
 * Only the caller's own consortia are searched, so the answer says nothing about anyone else's
 * register. Masked name, sex and birth year are shown only when the caller already sees a referral
 * of the patient; otherwise just that the number is registered (and that the registered identity
 * will be used). Every look is audited, the number masked.
 */
export async function lookup(
  s: Services,
  p: Principal,
  actor: Actor,
  q: PatientLookup,
): Promise<RegisteredPatient> {
  if (!p.institutionId || !SENDING_ROLES.has(p.role))
    throw forbidden('Only staff of a member institution can refer patients');
  const fromId = p.institutionId;
  let consortia: string[];
  if (q.toInstitutionId) {
    if (q.toInstitutionId === fromId) throw invalid('toInstitutionId', 'must be another institution');
    consortia = [await commonConsortium(s.db, fromId, q.toInstitutionId, q.consortiumId)];
  } else {
    const rows = await s.db
      .selectFrom('memberships')
      .select('consortiumId')
      .where('institutionId', '=', fromId)
      .where('leftOn', 'is', null)
      .execute();
    consortia = rows.map((r) => r.consortiumId);
    if (q.consortiumId) {
      if (!consortia.includes(q.consortiumId))
        throw invalid('consortiumId', 'is not a consortium of your institution');
      consortia = [q.consortiumId];
    }
  }
  const found = consortia.length
    ? await s.db
        .selectFrom('patients as pt')
        .select([
          'pt.id',
          'pt.consortiumId',
          'pt.name',
          'pt.sex',
          'pt.birthDate',
          seesPatient(p, 'pt.id').as('seen'),
        ])
        .where('pt.consortiumId', 'in', consortia)
        .where('pt.idType', '=', q.idType)
        .where('pt.idNumber', '=', q.idNumber)
        .orderBy('pt.createdAt')
        .execute()
    : [];
  const shown = found.find((r) => r.seen);
  const answer: RegisteredPatient = {
    registered: found.length > 0,
    details: shown
      ? {
          name: maskedIdentityValue('name', shown.name),
          sex: shown.sex,
          birthYear: Number(shown.birthDate.slice(0, 4)),
        }
      : null,
  };
  const entity = shown ?? found[0];
  await s.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'patient.looked_up',
      entityType: 'patient',
      entityId: entity?.id ?? null,
      consortiumId: entity?.consortiumId ?? (consortia.length === 1 ? consortia[0] : null),
      institutionId: fromId,
      after: {
        idType: q.idType,
        idNumber: maskIdNumber(q.idNumber),
        registered: answer.registered,
        detailsShown: !!shown,
      },
    }),
  );
  return answer;
}

const recordColumns = [
  'pt.id',
  'pt.consortiumId',
  'pt.name',
  'pt.sex',
  'pt.birthDate',
  'pt.idType',
  'pt.idNumber',
  'pt.phone',
  'pt.updatedAt',
] as const;

async function findVisible(db: Db | Tx, p: Principal, id: string) {
  return db
    .selectFrom('patients as pt')
    .select(recordColumns)
    .where('pt.id', '=', id)
    .where(seesPatient(p, 'pt.id'))
    .executeTakeFirst();
}

type Row = NonNullable<Awaited<ReturnType<typeof findVisible>>>;

function present(r: Row, editable: boolean): PatientRecord {
  return {
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    idType: r.idType,
    idNumber: maskIdNumber(r.idNumber)!,
    phone: maskPhone(r.phone),
    updatedAt: r.updatedAt,
    editable,
  };
}

/** A registered patient as they are now, for whoever sees one of their referrals (404 otherwise). */
export async function get(s: Services, p: Principal, id: string): Promise<PatientRecord> {
  const r = await findVisible(s.db, p, id);
  if (!r) throw notFound('patient');
  return present(r, await treats(s.db, p, id));
}

/** The audit's view of an identity: the numbers masked. */
function audited(r: Pick<Row, 'idType' | 'idNumber'>, fields: Partial<Row>) {
  return {
    idType: r.idType,
    idNumber: maskIdNumber(r.idNumber),
    ...fields,
    ...('phone' in fields ? { phone: maskPhone(fields.phone) } : {}),
  };
}

/**
 * A real change of a patient's name, sex, birth date or phone: by staff of an institution that
 * treated them, with the reason, before and after in the audit row. Referrals already made keep
 * the identity they were made with.
 */
export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: PatientUpdate,
): Promise<PatientRecord> {
  if (!(await findVisible(s.db, p, id))) throw notFound('patient');
  if (!(await treats(s.db, p, id)))
    throw forbidden('Only staff of an institution that treated the patient may change their identity');
  const row = await s.db.transaction().execute(async (trx) => {
    const cur = await trx
      .selectFrom('patients as pt')
      .select(recordColumns)
      .where('pt.id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (
      body.birthDate !== undefined &&
      cur.idType === 'resident_id' &&
      body.birthDate !== birthDateOfResidentId(cur.idNumber)
    )
      throw invalid('birthDate', 'does not match the birth date in the identity number');
    const wanted = { name: body.name, sex: body.sex, birthDate: body.birthDate, phone: body.phone };
    const changed = Object.fromEntries(
      Object.entries(wanted).filter(
        ([k, v]) => v !== undefined && (v ?? null) !== cur[k as keyof typeof wanted],
      ),
    ) as Partial<Pick<Row, 'name' | 'sex' | 'birthDate' | 'phone'>>;
    if (Object.keys(changed).length === 0) return cur;
    const next = await trx
      .updateTable('patients as pt')
      .set({ ...changed, updatedAt: s.now().toISOString() })
      .where('pt.id', '=', id)
      .returning(recordColumns)
      .executeTakeFirstOrThrow();
    const before = Object.fromEntries(Object.keys(changed).map((k) => [k, cur[k as keyof typeof changed]]));
    await recordAudit(trx, actor, {
      action: 'patient.updated',
      entityType: 'patient',
      entityId: id,
      consortiumId: cur.consortiumId,
      institutionId: p.institutionId,
      before: audited(cur, before),
      after: { ...audited(cur, changed), reason: body.reason },
    });
    return next;
  });
  return present(row, true);
}
