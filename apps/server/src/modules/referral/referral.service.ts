import {
  DEFAULT_DEADLINE_RULES,
  maskIdNumber,
  maskInsuranceNo,
  maskPhone,
  type DeadlineRules,
  type Page,
  type Referral,
  type ReferralCreate,
  type ReferralListQuery,
  type ReferralSender,
} from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import {
  identityDifferences,
  maskedIdentityValue,
  maskedPatient,
  registerPatient,
  type RegisteredIdentity,
} from '../patient/patient.js';
import type { Actor, Db, Principal, Services, Tx } from '../../context.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { institutionVisible } from '../../scope.js';
import { allowedActions, type Side } from './referral.machine.js';
import {
  findReferral,
  listReferrals,
  nextReferralCode,
  patientReferredVisibly,
  type ReferralRecord,
} from './referral.repository.js';
import { runAction } from './referral.actions.js';

export const SENDING_ROLES = new Set(['clinician', 'institution_admin', 'dispatched_expert']);
const RECEIVING_ROLES = new Set(['clinician', 'institution_admin']);

/** Which side of this referral the reader stands on: its sender, its receiver, both or neither. */
export function sidesOf(
  p: Principal,
  r: Pick<ReferralRecord, 'fromInstitutionId' | 'toInstitutionId'>,
): Set<Side> {
  const sides = new Set<Side>();
  if (p.institutionId === r.fromInstitutionId && SENDING_ROLES.has(p.role)) sides.add('sender');
  if (p.institutionId === r.toInstitutionId && RECEIVING_ROLES.has(p.role)) sides.add('receiver');
  return sides;
}

/** What the sending system said (a FHIR import), or null for a referral written in Yilian. */
function senderOf(r: ReferralRecord): ReferralSender | null {
  const identifier =
    r.senderIdentifierSystem && r.senderIdentifierValue
      ? { system: r.senderIdentifierSystem, value: r.senderIdentifierValue }
      : null;
  const requisition = r.requisitionValue ? { system: r.requisitionSystem, value: r.requisitionValue } : null;
  const sender: ReferralSender = {
    identifier,
    requisition,
    authoredOn: r.senderAuthoredOn,
    taskDescription: r.taskDescription,
    notes: r.senderNotes ?? [],
    practitioner: r.senderPractitioner,
  };
  const said = identifier || requisition || r.senderAuthoredOn || r.taskDescription || r.senderPractitioner;
  return said || sender.notes.length ? sender : null;
}

export function present(r: ReferralRecord, p: Principal): Referral {
  return {
    id: r.id,
    code: r.code,
    consortiumId: r.consortiumId,
    direction: r.direction,
    urgency: r.urgency,
    greenCategory: r.greenCategory,
    greenCategoryDerived: r.greenCategoryDerived,
    status: r.status,
    fromInstitutionId: r.fromInstitutionId,
    fromInstitutionName: r.fromInstitutionName,
    fromDepartmentId: r.fromDepartmentId,
    fromDepartmentName: r.fromDepartmentName,
    referringDoctor: r.referringDoctor,
    toInstitutionId: r.toInstitutionId,
    toInstitutionName: r.toInstitutionName,
    toDepartmentId: r.toDepartmentId,
    toDepartmentName: r.toDepartmentName,
    // Masked in every view, for every reader; the full numbers come only from the audited reveal.
    patient: { id: r.patientId, ...maskedPatient(r) },
    patientDiscrepancy:
      r.discrepancySource && r.discrepancyFields
        ? {
            source: r.discrepancySource,
            fields: r.discrepancyFields,
            recordedAt: r.discrepancyAt!,
            resolvedAt: r.discrepancyResolvedAt,
            resolution: r.discrepancyResolution,
            resolutionNote: r.discrepancyResolutionNote,
            resolvedByName: r.discrepancyResolvedByName,
          }
        : null,
    icd10Code: r.icd10Code,
    icd10Edition: r.icd10Edition,
    diagnosisName: r.diagnosisName,
    reason: r.reason,
    summary: r.summary,
    plan: r.plan,
    sender: senderOf(r),
    rejectReason: r.rejectReason,
    cancelReason: r.cancelReason,
    dischargeSummary: r.dischargeSummary,
    booking:
      r.slotId && r.slotDate
        ? { slotId: r.slotId, date: r.slotDate, kind: r.slotKind!, label: r.slotLabel! }
        : null,
    deadlineAt: r.deadlineAt,
    escalatedAt: r.escalatedAt,
    submittedAt: r.submittedAt,
    acceptedAt: r.acceptedAt,
    completedAt: r.completedAt,
    receiptAt: r.receiptAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    allowedActions: allowedActions(r.status, sidesOf(p, r)),
  };
}

export async function list(s: Services, p: Principal, q: ReferralListQuery): Promise<Page<Referral>> {
  const page = await listReferrals(s.db, p, q);
  return { ...page, items: page.items.map((r) => present(r, p)) };
}

export async function getRecord(s: Services, p: Principal, id: string): Promise<ReferralRecord> {
  const r = await findReferral(s.db, p, id);
  if (!r) throw notFound('referral');
  return r;
}

export async function get(s: Services, p: Principal, id: string): Promise<Referral> {
  return present(await getRecord(s, p, id), p);
}

export async function rulesOf(db: Db | Tx, consortiumId: string): Promise<DeadlineRules> {
  const row = await db
    .selectFrom('referralRules')
    .select(['routineWorkdays', 'urgentHours', 'greenMinutes', 'consultationHours'])
    .where('consortiumId', '=', consortiumId)
    .executeTakeFirst();
  return row ?? DEFAULT_DEADLINE_RULES;
}

/** The consortium both institutions belong to now (the one named, if several). */
export async function commonConsortium(
  db: Db,
  fromId: string,
  toId: string,
  wanted?: string,
): Promise<string> {
  const rows = await db
    .selectFrom('memberships as a')
    .innerJoin('memberships as b', 'b.consortiumId', 'a.consortiumId')
    .select('a.consortiumId')
    .where('a.institutionId', '=', fromId)
    .where('b.institutionId', '=', toId)
    .where('a.leftOn', 'is', null)
    .where('b.leftOn', 'is', null)
    .orderBy('a.consortiumId')
    .execute();
  const ids = rows.map((r) => r.consortiumId);
  if (wanted) {
    if (!ids.includes(wanted))
      throw invalid('consortiumId', 'both institutions must be members of this consortium');
    return wanted;
  }
  if (ids.length === 0) throw invalid('toInstitutionId', 'is not in a consortium with your institution');
  return ids[0]!;
}

async function checkDepartment(
  db: Db,
  field: string,
  departmentId: string | null | undefined,
  institutionId: string,
) {
  if (!departmentId) return;
  const d = await db
    .selectFrom('departments')
    .select('institutionId')
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!d || d.institutionId !== institutionId)
    throw invalid(field, 'is not a department of that institution');
}

type IdentityField = 'name' | 'sex' | 'birthDate';

/** 409: the number is registered with another identity and the sender did not confirm it. */
function identityMismatch(fields: IdentityField[], registered: RegisteredIdentity, seen: boolean) {
  // The registered values (masked) only to a sender who already sees a referral of the patient.
  const shown = (f: IdentityField) =>
    !seen
      ? ''
      : f === 'birthDate'
        ? ` (born ${registered.birthDate.slice(0, 4)})`
        : ` (${maskedIdentityValue(f, registered[f])})`;
  return new AppError(
    'conflict',
    `patient: the identity number belongs to a registered patient with another ${fields.join(', ')}; ` +
      'confirm the registered identity (confirmRegisteredPatient: true) or correct the identity number',
    fields.map((f) => ({
      field: `patient.${f}`,
      message: `differs from the registered patient${shown(f)}; the registered identity is kept unless changed by an audited edit`,
    })),
  );
}

export interface CreateOptions {
  /**
   * A registered number sent with another name, sex or birth date: 'refuse' (409 unless the body
   * confirms the registered identity), or 'record' (a FHIR import: keep the registered identity
   * and record the difference on the referral for the receiver).
   */
  onIdentityMismatch?: 'refuse' | 'record';
  /** A sending system's import: what it said, kept as sent (0019). */
  imported?: ImportedFields;
}

export interface ImportedFields {
  sender: Omit<ReferralSender, 'practitioner'>;
  /** The Bundle's Practitioner: a staff member of the sending institution, or a name kept as text. */
  practitioner:
    | { staffId: string; name: string }
    | { staffId: null; name: string; identifier: { system: string; value: string } | null }
    | null;
  greenCategoryDerived: boolean;
}

/** The referral a sending institution already made under this order number (0019's unique index). */
export async function findBySenderIdentifier(
  db: Db | Tx,
  p: Principal,
  fromInstitutionId: string,
  identifier: { system: string; value: string },
): Promise<Referral | undefined> {
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('fromInstitutionId', '=', fromInstitutionId)
    .where('senderIdentifierSystem', '=', identifier.system)
    .where('senderIdentifierValue', '=', identifier.value)
    .executeTakeFirst();
  if (!row) return undefined;
  const r = await findReferral(db, p, row.id);
  return r && present(r, p);
}

/** Thrown inside the transaction when the order number was taken meanwhile: it rolls back. */
class OrderNumberTaken extends Error {}

/**
 * A clinician writes a referral from their institution; with `submit` it is sent at once. A
 * registered patient keeps their registered identity: the referral is made with it (and keeps a
 * copy of it as it is now), whatever the body says.
 */
export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ReferralCreate,
  opts: CreateOptions = {},
): Promise<Referral> {
  return (await createOnce(s, p, actor, body, opts)).referral;
}

/**
 * create, telling whether the referral is new: a sending system's order number names one referral
 * of its institution, so a retried or concurrent import with the same number gets the referral
 * the first one made (`created: false`). The unique index settles a race, not a prior read.
 */
export async function createOnce(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ReferralCreate,
  opts: CreateOptions = {},
): Promise<{ referral: Referral; created: boolean }> {
  if (!p.institutionId || !SENDING_ROLES.has(p.role))
    throw forbidden('Only staff of a member institution can refer patients');
  const fromId = p.institutionId;
  if (body.toInstitutionId === fromId) throw invalid('toInstitutionId', 'must be another institution');
  const target = await s.db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', body.toInstitutionId)
    .where(institutionVisible(p, 'i.id'))
    .executeTakeFirst();
  if (!target) throw invalid('toInstitutionId', 'no such institution');
  const consortiumId = await commonConsortium(s.db, fromId, body.toInstitutionId, body.consortiumId);
  await checkDepartment(s.db, 'fromDepartmentId', body.fromDepartmentId, fromId);
  await checkDepartment(s.db, 'toDepartmentId', body.toDepartmentId, body.toInstitutionId);
  const now = s.now();
  const imported = opts.imported;
  const orderNumber = imported?.sender.identifier ?? null;
  const practitioner = imported?.practitioner ?? null;

  let id: string;
  try {
    id = await s.db.transaction().execute(async (trx) => {
      const patient = await registerPatient(trx, consortiumId, body.patient);
      const registered = patient.registered;
      const differs = patient.created ? [] : identityDifferences(body.patient, registered);
      if (differs.length && !body.confirmRegisteredPatient && opts.onIdentityMismatch !== 'record') {
        const seen = await trx
          .selectFrom('patients as pt')
          .select('pt.id')
          .where('pt.id', '=', patient.id)
          .where(patientReferredVisibly(p, 'pt.id'))
          .executeTakeFirst();
        throw identityMismatch(differs, registered, !!seen);
      }
      const row = await trx
        .insertInto('referrals')
        .values({
          code: await nextReferralCode(trx, now),
          consortiumId,
          direction: body.direction,
          urgency: body.urgency,
          greenCategory: body.greenCategory ?? null,
          status: 'draft',
          fromInstitutionId: fromId,
          fromDepartmentId: body.fromDepartmentId ?? null,
          createdBy: p.userId,
          referringDoctor: practitioner?.name ?? p.displayName,
          referringStaffId: practitioner?.staffId ?? null,
          senderPractitioner:
            practitioner && practitioner.staffId === null
              ? JSON.stringify({ name: practitioner.name, identifier: practitioner.identifier })
              : null,
          senderIdentifierSystem: orderNumber?.system ?? null,
          senderIdentifierValue: orderNumber?.value ?? null,
          requisitionSystem: imported?.sender.requisition?.system ?? null,
          requisitionValue: imported?.sender.requisition?.value ?? null,
          senderAuthoredOn: imported?.sender.authoredOn ?? null,
          taskDescription: imported?.sender.taskDescription ?? null,
          senderNotes: imported?.sender.notes.length ? JSON.stringify(imported.sender.notes) : null,
          icd10Edition: body.icd10Edition ?? 'who',
          greenCategoryDerived: imported?.greenCategoryDerived ?? false,
          toInstitutionId: body.toInstitutionId,
          toDepartmentId: body.toDepartmentId ?? null,
          patientId: patient.id,
          patientName: registered.name,
          patientSex: registered.sex,
          patientBirthDate: registered.birthDate,
          patientPhone: body.patient.phone ?? registered.phone,
          icd10Code: body.icd10Code,
          diagnosisName: body.diagnosisName,
          reason: body.reason,
          summary: body.summary,
          plan: body.plan ?? null,
          rejectReason: null,
          cancelReason: null,
          dischargeSummary: null,
          slotId: null,
          deadlineAt: null,
          escalatedAt: null,
          submittedAt: null,
          acceptedAt: null,
          completedAt: null,
          receiptAt: null,
        })
        // Another request with the same order number got there first (or is committing now):
        // nothing is inserted, the transaction rolls back, and the first one's referral is answered.
        .onConflict((oc) =>
          oc
            .columns(['fromInstitutionId', 'senderIdentifierSystem', 'senderIdentifierValue'])
            .where('senderIdentifierValue', 'is not', null)
            .doNothing(),
        )
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new OrderNumberTaken();
      if (differs.length && opts.onIdentityMismatch === 'record') {
        await trx
          .insertInto('referralPatientDiscrepancies')
          .values({
            referralId: row.id,
            consortiumId,
            patientId: patient.id,
            source: 'fhir_import',
            fields: JSON.stringify(
              differs.map((f) => ({
                field: f,
                submitted: maskedIdentityValue(f, body.patient[f]),
                registered: maskedIdentityValue(f, registered[f]),
              })),
            ),
            resolvedAt: null,
            resolvedBy: null,
            resolution: null,
          })
          .execute();
      }
      // The plan's follow-ups are kept by the institution the patient goes down to.
      if (body.direction === 'down' && body.followUps?.length) {
        await trx
          .insertInto('followUpTasks')
          .values(
            body.followUps.map((f) => ({
              referralId: row.id,
              consortiumId,
              institutionId: body.toInstitutionId,
              title: f.title,
              dueOn: f.dueOn,
              doneAt: null,
              doneBy: null,
              note: null,
            })),
          )
          .execute();
      }
      await trx
        .insertInto('referralEvents')
        .values({
          referralId: row.id,
          consortiumId,
          at: now.toISOString(),
          actorId: p.userId,
          actorName: p.displayName,
          action: 'created',
          fromStatus: null,
          toStatus: 'draft',
          note: null,
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'referral.created',
        entityType: 'referral',
        entityId: row.id,
        consortiumId,
        institutionId: fromId,
        after: {
          ...row,
          patientPhone: maskPhone(row.patientPhone),
          patient: {
            ...body.patient,
            idNumber: maskIdNumber(body.patient.idNumber),
            phone: maskPhone(body.patient.phone),
            insuranceNo: maskInsuranceNo(body.patient.insuranceNo),
          },
          patientRegistered: !patient.created,
          ...(differs.length
            ? { identityDifferences: differs, confirmedRegisteredPatient: !!body.confirmRegisteredPatient }
            : {}),
        },
      });
      return row.id;
    });
  } catch (err) {
    if (!(err instanceof OrderNumberTaken) || !orderNumber) throw err;
    const existing = await findBySenderIdentifier(s.db, p, fromId, orderNumber);
    if (!existing) throw err;
    return { referral: existing, created: false };
  }
  if (body.submit) return { referral: await runAction(s, p, actor, id, 'submit', {}), created: true };
  return { referral: await get(s, p, id), created: true };
}

/** The full identity, phone and insurance numbers, for the sending and receiving staff only; every look is audited. */
export async function revealIdentity(s: Services, p: Principal, actor: Actor, id: string) {
  const r = await getRecord(s, p, id);
  if (sidesOf(p, r).size === 0)
    throw forbidden('Only the sending and receiving staff may see the full identity');
  await s.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'referral.identity_revealed',
      entityType: 'referral',
      entityId: id,
      consortiumId: r.consortiumId,
      institutionId: p.institutionId,
    }),
  );
  return { idNumber: r.patientIdNumber, phone: r.patientPhone, insuranceNo: r.patientInsuranceNo };
}

export async function events(s: Services, p: Principal, id: string) {
  await getRecord(s, p, id);
  return s.db
    .selectFrom('referralEvents')
    .select(['id', 'at', 'actorName', 'action', 'fromStatus', 'toStatus', 'note'])
    .where('referralId', '=', id)
    .orderBy('id')
    .execute();
}
