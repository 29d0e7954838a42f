import { sql } from 'kysely';
import {
  bookingActionBodies,
  type BookingAction,
  type BookingCreate,
  type BookingListQuery,
  type Page,
  type ResourceBooking,
} from '@yilian/domain';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, twoPartyVisible } from '../../scope.js';
import { notify, usersOf } from '../notification/notify.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';
import {
  allowedBookingActions,
  bookingTransition,
  REQUESTER_CANCEL_BEFORE_MS,
  type BookingSide,
} from './booking.machine.js';
import { maskedPatient, patientColumns, upsertPatient } from '../patient/patient.js';
import { recordResult, validResults } from './recognition.service.js';
import { isSlotStart } from './schedule.js';
import {
  ACTS_FOR_MEMBERS,
  actedForMember,
  onBehalfOf,
  requesterFor,
  STAFF_ROLES,
} from '../shared/on-behalf.js';

type Bodies = { [A in BookingAction]: z.infer<(typeof bookingActionBodies)[A]> };

function base(s: Services, p: Principal) {
  let qb = s.db
    .selectFrom('resourceBookings as b')
    .innerJoin('sharedResources as sr', 'sr.id', 'b.resourceId')
    .innerJoin('institutions as oi', 'oi.id', 'sr.ownerInstitutionId')
    .innerJoin('institutions as ri', 'ri.id', 'b.requestingInstitutionId')
    .innerJoin('patients as pt', 'pt.id', 'b.patientId');
  qb = qb.where(twoPartyVisible(p, 'b.consortiumId', 'b.requestingInstitutionId', 'sr.ownerInstitutionId'));
  return qb;
}
const columns = [
  'b.id',
  'b.consortiumId',
  'b.resourceId',
  'sr.name as resourceName',
  'sr.type as resourceType',
  'sr.ownerInstitutionId',
  'oi.name as ownerInstitutionName',
  'b.requestingInstitutionId',
  'ri.name as requestingInstitutionName',
  'b.requestedBy',
  'b.requestedById',
  'b.onBehalf',
  'b.patientId',
  'b.examCode',
  'b.examName',
  'b.slotStart',
  'b.status',
  'b.note',
  'b.cancelReason',
  'b.resultSummary',
  'b.createdAt',
  'b.updatedAt',
  ...patientColumns,
] as const;

function sidesOf(
  p: Principal,
  b: {
    requestingInstitutionId: string;
    ownerInstitutionId: string;
    onBehalf: boolean;
    requestedById: string | null;
  },
): Set<BookingSide> {
  const sides = new Set<BookingSide>();
  if ((p.institutionId === b.requestingInstitutionId && STAFF_ROLES.includes(p.role)) || actedForMember(p, b))
    sides.add('requester');
  if (p.institutionId === b.ownerInstitutionId && ['clinician', 'institution_admin'].includes(p.role))
    sides.add('owner');
  return sides;
}

function present(r: Awaited<ReturnType<typeof getRow>>, p: Principal): ResourceBooking {
  return {
    id: r.id,
    consortiumId: r.consortiumId,
    resourceId: r.resourceId,
    resourceName: r.resourceName,
    resourceType: r.resourceType,
    ownerInstitutionId: r.ownerInstitutionId,
    ownerInstitutionName: r.ownerInstitutionName,
    requestingInstitutionId: r.requestingInstitutionId,
    requestingInstitutionName: r.requestingInstitutionName,
    requestedBy: r.requestedBy,
    onBehalf: r.onBehalf,
    patient: maskedPatient(r),
    examCode: r.examCode,
    examName: r.examName,
    slotStart: r.slotStart,
    status: r.status,
    note: r.note,
    cancelReason: r.cancelReason,
    resultSummary: r.resultSummary,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    allowedActions: allowedBookingActions(r.status, sidesOf(p, r)),
  };
}

export async function list(s: Services, p: Principal, q: BookingListQuery): Promise<Page<ResourceBooking>> {
  let qb = base(s, p);
  // The office's own requests are those it made for its members.
  if (q.box === 'requested_by_us')
    qb = ACTS_FOR_MEMBERS.includes(p.role)
      ? qb.where('b.onBehalf', '=', true)
      : qb.where('b.requestingInstitutionId', '=', p.institutionId ?? '');
  if (q.box === 'at_our_resources') qb = qb.where('sr.ownerInstitutionId', '=', p.institutionId ?? '');
  if (q.status) qb = qb.where('b.status', '=', q.status);
  if (q.resourceId) qb = qb.where('b.resourceId', '=', q.resourceId);
  if (q.from) qb = qb.where('b.slotStart', '>=', `${q.from}T00:00:00+08:00`);
  if (q.to)
    qb = qb.where(sql<boolean>`b.slot_start < (${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('pt.name', 'ilike', likePattern(q.q!)), eb('b.examName', 'ilike', likePattern(q.q!))]),
    );
  const page = await paginate(qb, q, (b) => b.select(columns).orderBy('b.slotStart').orderBy('b.id'));
  return { ...page, items: page.items.map((r) => present(r, p)) };
}

async function getRow(s: Services, p: Principal, id: string) {
  const row = await base(s, p).select(columns).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('booking');
  return row;
}

export async function get(s: Services, p: Principal, id: string): Promise<ResourceBooking> {
  return present(await getRow(s, p, id), p);
}

/** Takes one place of a slot, or answers 409: one statement, so no slot is ever over its capacity. */
async function takePlace(
  trx: Tx,
  consortiumId: string,
  resourceId: string,
  slotStart: string,
  capacity: number,
) {
  const row = await trx
    .insertInto('resourceSlotUsage')
    .values({ consortiumId, resourceId, slotStart, capacity, booked: 1 })
    .onConflict((oc) =>
      oc
        .columns(['resourceId', 'slotStart'])
        .doUpdateSet((eb) => ({ booked: eb('resourceSlotUsage.booked', '+', 1) }))
        .where((eb) => eb('resourceSlotUsage.booked', '<', eb.ref('resourceSlotUsage.capacity'))),
    )
    .returning('booked')
    .executeTakeFirst();
  if (!row)
    throw new AppError('conflict', 'The slot is fully booked', [
      { field: 'slotStart', message: 'is fully booked' },
    ]);
}

async function freePlace(trx: Tx, resourceId: string, slotStart: string) {
  await trx
    .updateTable('resourceSlotUsage')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('resourceId', '=', resourceId)
    .where('slotStart', '=', slotStart)
    .where('booked', '>', 0)
    .execute();
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: BookingCreate,
): Promise<ResourceBooking> {
  const resource = await s.db
    .selectFrom('sharedResources as sr')
    .selectAll()
    .where('sr.id', '=', body.resourceId)
    .where(consortiumVisible(p, 'sr.consortiumId'))
    .executeTakeFirst();
  if (!resource || !resource.active) throw invalid('resourceId', 'no such resource');
  // Staff book for their own institution; the office for the member it names.
  const requester = await requesterFor(
    s.db,
    p,
    resource.consortiumId,
    body.requestingInstitutionId,
    'booking',
  );
  const by = requester.institutionId;
  const allowed =
    !resource.bookableInstitutionIds ||
    resource.bookableInstitutionIds.includes(by) ||
    resource.ownerInstitutionId === by;
  if (!allowed)
    throw requester.onBehalf
      ? invalid('requestingInstitutionId', 'may not book this resource')
      : forbidden('Your institution may not book this resource');
  if (!isSlotStart(resource, body.slotStart))
    throw invalid('slotStart', "is not the start of one of the resource's slots");
  const slotStart = new Date(body.slotStart).toISOString();
  if (Date.parse(slotStart) <= s.now().getTime()) throw invalid('slotStart', 'is in the past');

  // Mutual recognition: an earlier valid result must be reused (another call) or the repeat explained.
  const earlier = await validResults(
    s.db,
    resource.consortiumId,
    body.patient.idType,
    body.patient.idNumber,
    body.examCode,
    todayInChina(s.now()),
  );
  if (earlier.length && !body.recognition) {
    throw new AppError(
      'conflict',
      'The patient has a recognised result of this exam; reuse it or give the reason to repeat',
      [{ field: 'recognition', message: `required: ${earlier.length} earlier result(s) within validity` }],
    );
  }
  if (body.recognition && !earlier.some((e) => e.id === body.recognition!.resultId))
    throw invalid('recognition.resultId', 'is not a valid earlier result of this exam');

  const id = await s.db.transaction().execute(async (trx) => {
    const patientId = await upsertPatient(trx, resource.consortiumId, body.patient, s.now());
    await takePlace(trx, resource.consortiumId, resource.id, slotStart, resource.capacityPerSlot);
    const row = await trx
      .insertInto('resourceBookings')
      .values({
        consortiumId: resource.consortiumId,
        resourceId: resource.id,
        requestingInstitutionId: by,
        requestedById: p.userId,
        requestedBy: p.displayName,
        onBehalf: requester.onBehalf,
        patientId,
        examCode: body.examCode,
        examName: body.examName,
        slotStart,
        status: 'requested',
        note: body.note ?? null,
        cancelReason: null,
        resultSummary: null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    if (body.recognition) {
      await trx
        .insertInto('recognitionDecisions')
        .values({
          consortiumId: resource.consortiumId,
          institutionId: by,
          resultId: body.recognition.resultId,
          decision: 'repeat',
          reason: body.recognition.reason,
          note: body.recognition.note ?? null,
          bookingId: row.id,
          decidedBy: p.displayName,
          decidedAt: s.now().toISOString(),
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'recognition.repeated',
        entityType: 'recognized_result',
        entityId: body.recognition.resultId,
        consortiumId: resource.consortiumId,
        institutionId: by,
        after: { reason: body.recognition.reason, bookingId: row.id, ...onBehalfOf(requester) },
      });
    }
    await notify(trx, await usersOf(trx, resource.ownerInstitutionId, ['clinician', 'institution_admin']), {
      kind: 'booking.created',
      title: '新的设备预约',
      body: `${resource.name} ${body.examName}`,
      consortiumId: resource.consortiumId,
    });
    if (requester.onBehalf)
      await notify(trx, await usersOf(trx, by, ['clinician', 'institution_admin']), {
        kind: 'booking.created',
        title: '医联体办公室为本院预约了检查',
        body: `${resource.name} ${body.examName}`,
        consortiumId: resource.consortiumId,
      });
    await recordAudit(trx, actor, {
      action: 'booking.created',
      entityType: 'booking',
      entityId: row.id,
      consortiumId: resource.consortiumId,
      institutionId: by,
      after: { resourceId: resource.id, slotStart, examCode: body.examCode, ...onBehalfOf(requester) },
    });
    return row.id;
  });
  return get(s, p, id);
}

export async function act<A extends BookingAction>(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: A,
  body: Bodies[A],
): Promise<ResourceBooking> {
  const b = await getRow(s, p, id);
  const t = bookingTransition(action, b.status);
  const sides = sidesOf(p, b);
  if (!t.sides.some((x) => sides.has(x))) throw forbidden(`You cannot ${action} this booking`);
  const now = s.now();
  const slotMs = Date.parse(b.slotStart);
  if (action === 'cancel' && !sides.has('owner') && slotMs - now.getTime() < REQUESTER_CANCEL_BEFORE_MS) {
    throw conflict('Too late to cancel: ask the owner institution');
  }
  if (action === 'no_show' && now.getTime() < slotMs) throw conflict('The slot has not begun');
  const a = body as Record<string, unknown>;
  await s.db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = {};
    if (action === 'reschedule') {
      const resource = await trx
        .selectFrom('sharedResources')
        .selectAll()
        .where('id', '=', b.resourceId)
        .executeTakeFirstOrThrow();
      const next = String(a.slotStart);
      if (!isSlotStart(resource, next) || Date.parse(next) <= now.getTime())
        throw invalid('slotStart', 'is not a future slot of the resource');
      const nextIso = new Date(next).toISOString();
      await takePlace(trx, b.consortiumId, b.resourceId, nextIso, resource.capacityPerSlot);
      await freePlace(trx, b.resourceId, new Date(b.slotStart).toISOString());
      set.slotStart = nextIso;
    }
    if (action === 'cancel') {
      set.cancelReason = a.reason;
      await freePlace(trx, b.resourceId, new Date(b.slotStart).toISOString());
    }
    if (action === 'complete') {
      set.resultSummary = a.resultSummary;
      await recordResult(trx, {
        consortiumId: b.consortiumId,
        patientId: b.patientId,
        institutionId: b.ownerInstitutionId,
        examCode: b.examCode,
        examName: b.examName,
        performedOn: todayInChina(now),
        validDays: Number(a.validDays ?? 180),
        summary: String(a.resultSummary),
        bookingId: b.id,
      });
    }
    const moved = await trx
      .updateTable('resourceBookings')
      .set({ ...set, status: t.to, updatedAt: now.toISOString() })
      .where('id', '=', id)
      .where('status', 'in', [...t.from])
      .returning('id')
      .executeTakeFirst();
    if (!moved) throw conflict(`Cannot ${action} a booking that changed meanwhile`);
    // The owner's moves reach whoever booked, and the member too when the office booked for it.
    const other = sides.has('owner')
      ? [
          ...(b.requestedById ? [b.requestedById] : []),
          ...(b.onBehalf
            ? await usersOf(trx, b.requestingInstitutionId, ['clinician', 'institution_admin'])
            : []),
        ]
      : await usersOf(trx, b.ownerInstitutionId, ['clinician', 'institution_admin']);
    await notify(trx, other, {
      kind: `booking.${action}`,
      title: `设备预约${{ confirm: '已确认', reschedule: '已改期', complete: '已完成', no_show: '未到检', cancel: '已取消' }[action]}`,
      body: `${b.resourceName} ${b.examName}`,
      consortiumId: b.consortiumId,
    });
    await recordAudit(trx, actor, {
      action: `booking.${action}`,
      entityType: 'booking',
      entityId: id,
      consortiumId: b.consortiumId,
      institutionId: p.institutionId,
      before: { status: b.status, slotStart: b.slotStart },
      after: { status: t.to, ...set },
    });
  });
  return get(s, p, id);
}
