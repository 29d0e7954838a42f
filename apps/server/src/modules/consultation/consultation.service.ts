import { sql } from 'kysely';
import {
  consultationActionBodies,
  type Consultation,
  type ConsultationAction,
  type ConsultationCreate,
  type ConsultationListQuery,
  type Page,
} from '@yilian/domain';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { hasPermission, systemActor, type Actor, type Principal, type Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, institutionVisible, twoPartyVisible } from '../../scope.js';
import { notify, usersOf } from '../notification/notify.js';
import { rulesOf } from '../referral/referral.service.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { maskedPatient, patientColumns, upsertPatient } from '../patient/patient.js';
import {
  ACTS_FOR_MEMBERS,
  actedForMember,
  onBehalfOf,
  requesterFor,
  STAFF_ROLES,
} from '../shared/on-behalf.js';
import {
  allowedConsultationActions,
  consultationTransition,
  CONSULTATION_TRANSITIONS,
  type ConsultationSide,
} from './consultation.machine.js';

type Bodies = { [A in keyof typeof consultationActionBodies]: z.infer<(typeof consultationActionBodies)[A]> };

function base(s: Services, p: Principal) {
  let qb = s.db
    .selectFrom('consultations as c')
    .innerJoin('institutions as ri', 'ri.id', 'c.requestingInstitutionId')
    .innerJoin('institutions as ci', 'ci.id', 'c.centerInstitutionId')
    .leftJoin('departments as cd', 'cd.id', 'c.centerDepartmentId')
    .innerJoin('patients as pt', 'pt.id', 'c.patientId');
  qb = qb.where(twoPartyVisible(p, 'c.consortiumId', 'c.requestingInstitutionId', 'c.centerInstitutionId'));
  return qb;
}
const columns = [
  'c.id',
  'c.code',
  'c.consortiumId',
  'c.kind',
  'c.status',
  'c.requestingInstitutionId',
  'ri.name as requestingInstitutionName',
  'c.requestedBy',
  'c.requestedById',
  'c.onBehalf',
  'c.centerInstitutionId',
  'ci.name as centerInstitutionName',
  'c.centerDepartmentId',
  'cd.name as centerDepartmentName',
  'c.icd10Code',
  'c.caseSummary',
  'c.question',
  'c.expertStaffIds',
  'c.scheduledAt',
  'c.videoLink',
  'c.opinion',
  'c.signedBy',
  'c.signedAt',
  'c.rejectReason',
  'c.cancelReason',
  'c.rating',
  'c.ratingComment',
  'c.deadlineAt',
  'c.requestedAt',
  'c.acceptedAt',
  'c.reportedAt',
  'c.createdAt',
  'c.updatedAt',
  ...patientColumns,
] as const;

function sidesOf(
  p: Principal,
  c: {
    requestingInstitutionId: string;
    centerInstitutionId: string;
    onBehalf: boolean;
    requestedById: string | null;
  },
): Set<ConsultationSide> {
  const sides = new Set<ConsultationSide>();
  // The office that asked for a member keeps the requester's side: it may cancel and rate.
  if (actedForMember(p, c)) sides.add('requester');
  if (!STAFF_ROLES.includes(p.role)) return sides;
  if (p.institutionId === c.requestingInstitutionId) sides.add('requester');
  if (p.institutionId === c.centerInstitutionId) sides.add('center');
  return sides;
}

/**
 * Documents come from the staff of the two institutions: the requester's with
 * consultation.request, the centre's with consultation.handle, and from the office that asked for
 * a member. A viewer, another office account or a supervisor reads them and adds none.
 */
function attachingSide(p: Principal, c: Parameters<typeof sidesOf>[1]): boolean {
  const sides = sidesOf(p, c);
  return (
    (sides.has('requester') && hasPermission(p, 'consultation.request')) ||
    (sides.has('center') && hasPermission(p, 'consultation.handle'))
  );
}

export async function requireAttachingSide(s: Services, p: Principal, id: string): Promise<void> {
  if (!attachingSide(p, await getRow(s, p, id)))
    throw forbidden('Only the staff of the two institutions (or the office that asked) attach documents');
}

async function present(
  s: Services,
  p: Principal,
  rows: Awaited<ReturnType<typeof getRows>>,
): Promise<Consultation[]> {
  const staffIds = [...new Set(rows.flatMap((r) => r.expertStaffIds))];
  const staff = staffIds.length
    ? await s.db.selectFrom('staff').select(['id', 'name', 'title']).where('id', 'in', staffIds).execute()
    : [];
  const byId = new Map(staff.map((x) => [x.id, x]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    consortiumId: r.consortiumId,
    kind: r.kind,
    status: r.status,
    requestingInstitutionId: r.requestingInstitutionId,
    requestingInstitutionName: r.requestingInstitutionName,
    requestedBy: r.requestedBy,
    onBehalf: r.onBehalf,
    centerInstitutionId: r.centerInstitutionId,
    centerInstitutionName: r.centerInstitutionName,
    centerDepartmentId: r.centerDepartmentId,
    centerDepartmentName: r.centerDepartmentName,
    patient: maskedPatient(r),
    icd10Code: r.icd10Code,
    caseSummary: r.caseSummary,
    question: r.question,
    experts: r.expertStaffIds
      .map((sid) => byId.get(sid))
      .filter((x) => !!x)
      .map((x) => ({ staffId: x!.id, name: x!.name, title: x!.title })),
    scheduledAt: r.scheduledAt,
    videoLink: r.videoLink,
    opinion: r.opinion,
    signedBy: r.signedBy,
    signedAt: r.signedAt,
    rejectReason: r.rejectReason,
    cancelReason: r.cancelReason,
    rating: r.rating,
    ratingComment: r.ratingComment,
    deadlineAt: r.deadlineAt,
    requestedAt: r.requestedAt,
    acceptedAt: r.acceptedAt,
    reportedAt: r.reportedAt,
    turnaroundMinutes: r.signedAt
      ? Math.round((Date.parse(r.signedAt) - Date.parse(r.requestedAt)) / 60_000)
      : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    allowedActions: allowedConsultationActions(r.status, sidesOf(p, r), r.rating !== null),
    mayAttach: attachingSide(p, r),
  }));
}

async function getRows(s: Services, p: Principal, id: string) {
  return base(s, p).select(columns).where('c.id', '=', id).execute();
}

export async function list(s: Services, p: Principal, q: ConsultationListQuery): Promise<Page<Consultation>> {
  let qb = base(s, p);
  // The office's own requests are those it made for its members.
  if (q.box === 'requested')
    qb = ACTS_FOR_MEMBERS.includes(p.role)
      ? qb.where('c.onBehalf', '=', true)
      : qb.where('c.requestingInstitutionId', '=', p.institutionId ?? '');
  if (q.box === 'incoming') qb = qb.where('c.centerInstitutionId', '=', p.institutionId ?? '');
  if (q.status) qb = qb.where('c.status', '=', q.status);
  if (q.kind) qb = qb.where('c.kind', '=', q.kind);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('pt.name', 'ilike', likePattern(q.q!)), eb('c.code', 'ilike', likePattern(q.q!))]),
    );
  const page = await paginate(qb, q, (b) =>
    b.select(columns).orderBy('c.requestedAt', 'desc').orderBy('c.id'),
  );
  return { ...page, items: await present(s, p, page.items) };
}

async function getRow(s: Services, p: Principal, id: string) {
  const [row] = await getRows(s, p, id);
  if (!row) throw notFound('consultation');
  return row;
}

export async function get(s: Services, p: Principal, id: string): Promise<Consultation> {
  return (await present(s, p, [await getRow(s, p, id)]))[0]!;
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ConsultationCreate,
): Promise<Consultation> {
  // Staff ask for their own institution; the office (or the platform admin) for the member it names.
  const forMember = ACTS_FOR_MEMBERS.includes(p.role);
  if (!forMember && (!p.institutionId || !STAFF_ROLES.includes(p.role)))
    throw forbidden('Only staff of a member institution or the consortium office can ask for a consultation');
  if (forMember && !body.requestingInstitutionId)
    throw invalid('requestingInstitutionId', 'required: the member institution the consultation is for');
  const asking = forMember ? body.requestingInstitutionId! : p.institutionId!;
  if (body.centerInstitutionId === asking)
    throw invalid('centerInstitutionId', 'must be another institution');
  const center = await s.db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', body.centerInstitutionId)
    .where(institutionVisible(p, 'i.id'))
    .executeTakeFirst();
  if (!center) throw invalid('centerInstitutionId', 'no such institution');
  // The consortium the two share: for the office, its own.
  let shared = s.db
    .selectFrom('memberships as a')
    .innerJoin('memberships as b', 'b.consortiumId', 'a.consortiumId')
    .select('a.consortiumId')
    .where('a.institutionId', '=', asking)
    .where('b.institutionId', '=', body.centerInstitutionId)
    .where('a.leftOn', 'is', null)
    .where('b.leftOn', 'is', null);
  if (p.role === 'consortium_office') shared = shared.where('a.consortiumId', '=', p.consortiumId ?? '');
  const common = await shared.orderBy('a.consortiumId').executeTakeFirst();
  if (!common && p.role === 'consortium_office')
    await requesterFor(s.db, p, p.consortiumId ?? '', asking, 'consultation'); // names a non-member: 400
  if (!common)
    throw invalid(
      'centerInstitutionId',
      forMember
        ? 'is not in a consortium with that institution'
        : 'is not in a consortium with your institution',
    );
  const requester = await requesterFor(
    s.db,
    p,
    common.consortiumId,
    body.requestingInstitutionId,
    'consultation',
  );
  if (body.centerDepartmentId) {
    const d = await s.db
      .selectFrom('departments')
      .select('institutionId')
      .where('id', '=', body.centerDepartmentId)
      .executeTakeFirst();
    if (d?.institutionId !== body.centerInstitutionId)
      throw invalid('centerDepartmentId', 'is not a department of the centre');
  }
  const now = s.now();
  const rules = await rulesOf(s.db, common.consortiumId);
  const id = await s.db.transaction().execute(async (trx) => {
    const patientId = await upsertPatient(trx, common.consortiumId, body.patient, now);
    const { rows } = await sql<{ n: number }>`select nextval('consultation_code_seq')::int as n`.execute(trx);
    const code = `HZ${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')}-${String(rows[0]!.n).padStart(6, '0')}`;
    const row = await trx
      .insertInto('consultations')
      .values({
        code,
        consortiumId: common.consortiumId,
        kind: body.kind,
        status: 'requested',
        requestingInstitutionId: requester.institutionId,
        requestedById: p.userId,
        requestedBy: p.displayName,
        onBehalf: requester.onBehalf,
        centerInstitutionId: body.centerInstitutionId,
        centerDepartmentId: body.centerDepartmentId ?? null,
        patientId,
        icd10Code: body.icd10Code ?? null,
        caseSummary: body.caseSummary,
        question: body.question,
        scheduledAt: null,
        videoLink: null,
        opinion: null,
        signedBy: null,
        signedAt: null,
        rejectReason: null,
        cancelReason: null,
        rating: null,
        ratingComment: null,
        deadlineAt: new Date(now.getTime() + rules.consultationHours * 3600_000).toISOString(),
        requestedAt: now.toISOString(),
        acceptedAt: null,
        reportedAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notify(trx, await usersOf(trx, body.centerInstitutionId, ['clinician', 'institution_admin']), {
      kind: 'consultation.created',
      title: '新的远程会诊申请',
      body: code,
      consortiumId: common.consortiumId,
    });
    if (requester.onBehalf)
      await notify(trx, await usersOf(trx, requester.institutionId, ['clinician', 'institution_admin']), {
        kind: 'consultation.created',
        title: '医联体办公室为本院申请了远程会诊',
        body: code,
        consortiumId: common.consortiumId,
      });
    await recordAudit(trx, actor, {
      action: 'consultation.created',
      entityType: 'consultation',
      entityId: row.id,
      consortiumId: common.consortiumId,
      institutionId: requester.institutionId,
      after: {
        code,
        kind: body.kind,
        centerInstitutionId: body.centerInstitutionId,
        ...onBehalfOf(requester),
      },
    });
    return row.id;
  });
  return get(s, p, id);
}

export async function act<A extends Exclude<ConsultationAction, 'fail'>>(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: A,
  body: Bodies[A],
): Promise<Consultation> {
  const c = await getRow(s, p, id);
  const t = consultationTransition(action, c.status);
  if (!sidesOf(p, c).has(t.side))
    throw forbidden(
      `Only the ${t.side === 'center' ? 'consulting centre' : 'requesting institution'} can ${action} this consultation`,
    );
  const now = s.now().toISOString();
  const a = body as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  if (action === 'accept') {
    const ids = [...new Set(a.expertStaffIds as string[])];
    const staff = await s.db
      .selectFrom('staff')
      .select('id')
      .where('id', 'in', ids)
      .where('institutionId', '=', c.centerInstitutionId)
      .execute();
    if (staff.length !== ids.length)
      throw invalid('expertStaffIds', 'must be staff of the consulting centre');
    Object.assign(set, { expertStaffIds: JSON.stringify(ids), acceptedAt: now, deadlineAt: null });
  }
  if (action === 'reject') Object.assign(set, { rejectReason: a.reason, deadlineAt: null });
  if (action === 'schedule')
    Object.assign(set, {
      scheduledAt: new Date(String(a.scheduledAt)).toISOString(),
      videoLink: a.videoLink,
    });
  if (action === 'report') Object.assign(set, { opinion: a.opinion, reportedAt: now });
  if (action === 'sign') Object.assign(set, { signedBy: p.displayName, signedAt: now });
  if (action === 'cancel') Object.assign(set, { cancelReason: a.reason, deadlineAt: null });
  await s.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('consultations')
      .set({ ...set, status: t.to, updatedAt: now })
      .where('id', '=', id)
      .where('status', 'in', [...t.from])
      .returning('id')
      .executeTakeFirst();
    if (!moved) throw conflict(`Cannot ${action} a consultation that changed meanwhile`);
    const to =
      t.side === 'center'
        ? c.requestedById
          ? [c.requestedById]
          : []
        : await usersOf(trx, c.centerInstitutionId, ['clinician', 'institution_admin']);
    const title = {
      accept: '会诊已受理',
      reject: '会诊申请被退回',
      schedule: '会诊已排期',
      report: '会诊意见已出具',
      sign: '会诊报告已签发',
      cancel: '会诊已撤销',
    }[action];
    await notify(trx, to, {
      kind: `consultation.${action}`,
      title,
      body: c.code,
      consortiumId: c.consortiumId,
    });
    await recordAudit(trx, actor, {
      action: `consultation.${action}`,
      entityType: 'consultation',
      entityId: id,
      consortiumId: c.consortiumId,
      institutionId: p.institutionId,
      before: { status: c.status },
      after: { status: t.to, ...set },
    });
  });
  return get(s, p, id);
}

/** The requester rates a signed consultation, once. */
export async function rate(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: { rating: number; comment?: string | null },
): Promise<Consultation> {
  const c = await getRow(s, p, id);
  if (!sidesOf(p, c).has('requester'))
    throw forbidden('Only the requesting institution rates a consultation');
  if (c.status !== 'completed') throw conflict(`Cannot rate a consultation that is ${c.status}`);
  await s.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('consultations')
      .set({ rating: body.rating, ratingComment: body.comment ?? null })
      .where('id', '=', id)
      .where('rating', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('The consultation is already rated');
    await recordAudit(trx, actor, {
      action: 'consultation.rated',
      entityType: 'consultation',
      entityId: id,
      consortiumId: c.consortiumId,
      institutionId: p.institutionId,
      after: body,
    });
  });
  return get(s, p, id);
}

/** Requests not accepted by their deadline fail, once each (a conditional UPDATE). */
export async function sweepConsultationDeadlines(s: Services, now = s.now()): Promise<number> {
  const at = now.toISOString();
  const t = CONSULTATION_TRANSITIONS.fail;
  const due = await s.db
    .selectFrom('consultations')
    .select(['id', 'code', 'consortiumId', 'requestedById', 'status'])
    .where('deadlineAt', '<=', at)
    .where('status', 'in', [...t.from])
    .limit(500)
    .execute();
  let failed = 0;
  for (const c of due) {
    const done = await s.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('consultations')
        .set({ status: t.to, deadlineAt: null, updatedAt: at })
        .where('id', '=', c.id)
        .where('status', 'in', [...t.from])
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await notify(trx, c.requestedById ? [c.requestedById] : [], {
        kind: 'consultation.fail',
        title: '会诊申请超时未受理',
        body: c.code,
        consortiumId: c.consortiumId,
      });
      await recordAudit(trx, systemActor, {
        action: 'consultation.fail',
        entityType: 'consultation',
        entityId: c.id,
        consortiumId: c.consortiumId,
        before: { status: c.status },
        after: { status: t.to },
      });
      return true;
    });
    if (done) failed++;
  }
  return failed;
}

export async function figures(s: Services, p: Principal, from: string, to: string) {
  const { rows } = await sql<{
    kind: Consultation['kind'];
    requested: number;
    completed: number;
    medianTurnaroundMinutes: number | null;
    averageRating: number | null;
  }>`
    select c.kind,
      count(*)::int as requested,
      count(*) filter (where c.status = 'completed')::int as completed,
      (percentile_cont(0.5) within group (order by extract(epoch from c.signed_at - c.requested_at) / 60) filter (where c.signed_at is not null))::float8 as "medianTurnaroundMinutes",
      round(avg(c.rating)::numeric, 2)::float8 as "averageRating"
    from consultations c
    where ${consortiumVisible(p, 'c.consortiumId')}
      and c.requested_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
      and c.requested_at < (${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'
    group by c.kind
    order by c.kind
  `.execute(s.db);
  return rows;
}
