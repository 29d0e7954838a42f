import { sql } from 'kysely';
import type { z } from 'zod';
import {
  enrolmentActionBodies,
  type EnrolmentAction,
  type EnrolmentCreate,
  type EnrolmentListQuery,
  type EnrolmentState,
  type Page,
  type TrainingEnrolment,
} from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import { hasPermission, type Actor, type Principal, type Services, type Tx } from '../../context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium, twoPartyVisible } from '../../scope.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';
import {
  allowedEnrolmentActions,
  enrolmentTransition,
  SEAT_HOLDING,
  type EnrolmentSide,
} from './enrolment.machine.js';
import { get as getProgramme, runsProgramme } from './programme.service.js';

// Enrolment of member staff in a programme, through the transition table of enrolment.machine.ts.
// A seat is taken on acceptance by one guarded UPDATE, so concurrent accepts never overfill.

type Bodies = { [A in EnrolmentAction]: z.infer<(typeof enrolmentActionBodies)[A]> };

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('trainingEnrolments as e')
    .innerJoin('trainingProgrammes as tp', 'tp.id', 'e.programmeId')
    .innerJoin('staff as st', 'st.id', 'e.staffId')
    .innerJoin('institutions as i', 'i.id', 'e.institutionId')
    .where(twoPartyVisible(p, 'e.consortiumId', 'e.institutionId', 'tp.providerInstitutionId'));
}
const columns = [
  'e.id',
  'e.consortiumId',
  'e.programmeId',
  'tp.name as programmeName',
  'tp.kind as programmeKind',
  'tp.providerInstitutionId',
  'e.staffId',
  'st.name as staffName',
  'st.title as staffTitle',
  'e.institutionId',
  'i.name as institutionName',
  'e.status',
  'e.appliedOn',
  'e.acceptedOn',
  'e.startedOn',
  'e.completedOn',
  'e.returnedOn',
  'e.worksIndependently',
  'e.reason',
  'e.note',
  sql<number>`(select count(*) from training_attendance ta where ta.enrolment_id = e.id and ta.present)::int`.as(
    'sessionsAttended',
  ),
  'e.createdAt',
  'e.updatedAt',
] as const;
type Row = Omit<TrainingEnrolment, 'allowedActions'>;

function sidesOf(
  p: Principal,
  e: { consortiumId: string; institutionId: string; providerInstitutionId: string },
) {
  const sides = new Set<EnrolmentSide>();
  if (runsProgramme(p, e)) sides.add('provider');
  if (
    managesConsortium(p, e.consortiumId) ||
    (p.institutionId === e.institutionId && hasPermission(p, 'training.enrol'))
  )
    sides.add('sender');
  return sides;
}

const present = (r: Row, p: Principal): TrainingEnrolment => ({
  ...r,
  allowedActions: allowedEnrolmentActions(r.status, sidesOf(p, r)),
});

export async function list(
  s: Services,
  p: Principal,
  q: EnrolmentListQuery,
): Promise<Page<TrainingEnrolment>> {
  let qb = base(s, p);
  if (q.programmeId) qb = qb.where('e.programmeId', '=', q.programmeId);
  if (q.status) qb = qb.where('e.status', '=', q.status);
  if (q.kind) qb = qb.where('tp.kind', '=', q.kind);
  if (q.institutionId) qb = qb.where('e.institutionId', '=', q.institutionId);
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) => eb.or([eb('st.name', 'ilike', like), eb('tp.name', 'ilike', like)]));
  }
  const page = await paginate(qb, q, (b) => b.select(columns).orderBy('e.appliedOn', 'desc').orderBy('e.id'));
  return { ...page, items: page.items.map((r) => present(r as Row, p)) };
}

async function getRow(s: Services, p: Principal, id: string): Promise<Row> {
  const row = await base(s, p).select(columns).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('enrolment');
  return row as Row;
}

export async function get(s: Services, p: Principal, id: string): Promise<TrainingEnrolment> {
  return present(await getRow(s, p, id), p);
}

/** A member institution (or the office) applies for a place for one of its staff. */
export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: EnrolmentCreate,
): Promise<TrainingEnrolment> {
  const programme = await getProgramme(s, p, body.programmeId).catch(() => {
    throw invalid('programmeId', 'no such programme');
  });
  const staff = await s.db
    .selectFrom('staff as st')
    .innerJoin('memberships as m', 'm.institutionId', 'st.institutionId')
    .select(['st.id', 'st.institutionId', 'st.active'])
    .where('st.id', '=', body.staffId)
    .where('m.consortiumId', '=', programme.consortiumId)
    .where('m.leftOn', 'is', null)
    .executeTakeFirst();
  if (!staff || !staff.active) throw invalid('staffId', 'is not staff of a member of the consortium');
  if (!managesConsortium(p, programme.consortiumId) && p.institutionId !== staff.institutionId)
    throw forbidden('An institution applies only for its own staff');
  if (staff.institutionId === programme.providerInstitutionId)
    throw invalid('staffId', 'works at the providing institution');
  const id = await s.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('trainingEnrolments')
      .values({
        consortiumId: programme.consortiumId,
        programmeId: programme.id,
        staffId: staff.id,
        institutionId: staff.institutionId,
        status: 'applied',
        appliedOn: todayInChina(s.now()),
        acceptedOn: null,
        startedOn: null,
        completedOn: null,
        returnedOn: null,
        worksIndependently: null,
        reason: null,
        note: body.note ?? null,
      })
      .onConflict((oc) => oc.columns(['programmeId', 'staffId']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new AppError('conflict', 'This person has already applied for the programme', [
        { field: 'staffId', message: 'has already applied' },
      ]);
    await recordAudit(trx, actor, {
      action: 'enrolment.created',
      entityType: 'enrolment',
      entityId: row.id,
      consortiumId: programme.consortiumId,
      institutionId: staff.institutionId,
      after: { programmeId: programme.id, staffId: staff.id },
    });
    return row.id;
  });
  return get(s, p, id);
}

/** Takes one seat of the programme or answers 409: one statement under the seat CHECK. */
async function takeSeat(trx: Tx, programmeId: string) {
  const row = await trx
    .updateTable('trainingProgrammes')
    .set((eb) => ({ seatsTaken: eb('seatsTaken', '+', 1) }))
    .where('id', '=', programmeId)
    .where((eb) => eb.or([eb('seats', 'is', null), eb('seatsTaken', '<', eb.ref('seats'))]))
    .returning('id')
    .executeTakeFirst();
  if (!row)
    throw new AppError('conflict', 'All seats of the programme are taken', [
      { field: 'seats', message: 'are all taken' },
    ]);
}

async function freeSeat(trx: Tx, programmeId: string) {
  await trx
    .updateTable('trainingProgrammes')
    .set((eb) => ({ seatsTaken: eb('seatsTaken', '-', 1) }))
    .where('id', '=', programmeId)
    .where('seatsTaken', '>', 0)
    .execute();
}

/** A date the action records must not be before the previous step, nor in the future. */
function checkStepDate(field: string, date: string, after: string | null, today: string) {
  if (date > today) throw invalid(field, 'is in the future');
  if (after && date < after) throw invalid(field, `must not be before ${after}`);
}

export async function act<A extends EnrolmentAction>(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: A,
  body: Bodies[A],
): Promise<TrainingEnrolment> {
  const e = await getRow(s, p, id);
  const t = enrolmentTransition(action, e.status);
  if (!t.sides.some((x) => sidesOf(p, e).has(x))) throw forbidden(`You cannot ${action} this enrolment`);
  const a = body as Record<string, unknown>;
  const today = todayInChina(s.now());
  const set: Record<string, unknown> = {};
  if (action === 'accept') set.acceptedOn = today;
  if (action === 'reject' || action === 'withdraw') set.reason = a.reason;
  if (action === 'start') {
    checkStepDate('startedOn', String(a.startedOn), e.acceptedOn, today);
    set.startedOn = a.startedOn;
  }
  if (action === 'complete') {
    checkStepDate('completedOn', String(a.completedOn), e.startedOn, today);
    set.completedOn = a.completedOn;
  }
  if (action === 'return_to_post') {
    checkStepDate('returnedOn', String(a.returnedOn), e.completedOn, today);
    set.returnedOn = a.returnedOn;
    set.worksIndependently = a.worksIndependently;
    if (a.note) set.note = a.note;
  }
  await s.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('trainingEnrolments')
      .set({ ...set, status: t.to, updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .where('status', 'in', [...t.from])
      .returning('id')
      .executeTakeFirst();
    if (!moved) throw conflict(`Cannot ${action} an enrolment that changed meanwhile`);
    if (action === 'accept') await takeSeat(trx, e.programmeId);
    if (action === 'withdraw' && SEAT_HOLDING.includes(e.status as EnrolmentState))
      await freeSeat(trx, e.programmeId);
    await recordAudit(trx, actor, {
      action: `enrolment.${action}`,
      entityType: 'enrolment',
      entityId: id,
      consortiumId: e.consortiumId,
      institutionId: e.institutionId,
      before: { status: e.status },
      after: { status: t.to, ...set },
    });
  });
  return get(s, p, id);
}
