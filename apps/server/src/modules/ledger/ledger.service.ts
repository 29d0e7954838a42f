import { sql } from 'kysely';
import {
  problemActionBodies,
  type LedgerProblem,
  type MeetingProblemCreate,
  type Page,
  type ProblemAction,
  type ProblemCreate,
  type ProblemDetail,
  type ProblemListQuery,
} from '@yilian/domain';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { notify, officeOf } from '../notification/notify.js';
import { paginate, todayInChina } from '../shared/paginate.js';
import { problemTransition } from './ledger.machine.js';
import { checkParties, visibleConsortium } from './ledger-checks.js';
import {
  columns,
  entriesOf,
  filtered,
  managesLedger,
  present,
  rowsById,
  sidesOf,
} from './ledger.repository.js';

type Bodies = { [A in ProblemAction]: z.infer<(typeof problemActionBodies)[A]> };

export async function list(s: Services, p: Principal, q: ProblemListQuery): Promise<Page<LedgerProblem>> {
  const page = await paginate(filtered(s, p, q), q, (b) =>
    b.select(columns).orderBy('pr.raisedAt', 'desc').orderBy('pr.number', 'desc'),
  );
  return { ...page, items: await present(s, p, page.items) };
}

async function row(s: Services, p: Principal, id: string) {
  const [r] = await rowsById(s, p, [id]);
  if (!r) throw notFound('problem');
  return r;
}

export async function get(s: Services, p: Principal, id: string): Promise<ProblemDetail> {
  const [problem] = await present(s, p, [await row(s, p, id)]);
  return { ...problem!, entries: await entriesOf(s, id) };
}

/** The next number of the year in the consortium: one row per (consortium, year), locked by the upsert. */
async function nextNumber(trx: Tx, consortiumId: string, now: Date): Promise<string> {
  const year = Number(todayInChina(now).slice(0, 4));
  const { rows } = await sql<{ last: number }>`
    insert into ledger_counters (consortium_id, year, last) values (${consortiumId}, ${year}, 1)
    on conflict (consortium_id, year) do update set last = ledger_counters.last + 1
    returning last`.execute(trx);
  return `${year}-${String(rows[0]!.last).padStart(3, '0')}`;
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ProblemCreate | (MeetingProblemCreate & { consortiumId: string; source: 'meeting' }),
  meetingId: string | null = null,
): Promise<ProblemDetail> {
  await visibleConsortium(s, p, body.consortiumId);
  if (body.source === 'meeting' && !meetingId)
    throw invalid('source', 'raise a problem from its meeting (POST /meetings/:id/problems)');
  if (body.category === 'particular' && body.affectedInstitutionIds.length !== 1)
    throw invalid('affectedInstitutionIds', 'a particular problem concerns one institution');
  await checkParties(s, body.consortiumId, body);
  const office = managesLedger(p, body.consortiumId);
  // Only the office assigns; a member's proposal of an owner waits for it.
  const assigned = office && !!body.ownerDepartmentId && !!body.responsibleUserId && !!body.deadline;
  const now = s.now();
  const at = now.toISOString();
  const id = await s.db.transaction().execute(async (trx) => {
    const number = await nextNumber(trx, body.consortiumId, now);
    const r = await trx
      .insertInto('problems')
      .values({
        consortiumId: body.consortiumId,
        number,
        title: body.title,
        description: body.description,
        source: body.source,
        meetingId,
        category: body.category,
        affectedInstitutionIds: JSON.stringify([...new Set(body.affectedInstitutionIds)]),
        priority: body.priority ?? 'medium',
        ownerDepartmentId: body.ownerDepartmentId ?? null,
        coOwnerDepartmentIds: JSON.stringify([...new Set(body.coOwnerDepartmentIds ?? [])]),
        responsibleUserId: body.responsibleUserId ?? null,
        deadline: body.deadline ?? null,
        status: assigned ? 'assigned' : 'raised',
        escalatedAt: null,
        measures: null,
        raisedById: p.userId,
        raisedBy: p.displayName,
        raisedAt: at,
        resolvedAt: null,
        verifiedAt: null,
        verifiedBy: null,
        closedAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('problemEntries')
      .values({
        problemId: r.id,
        consortiumId: body.consortiumId,
        kind: 'transition',
        at,
        actorId: p.userId,
        actorName: p.displayName,
        action: 'create',
        fromStatus: null,
        toStatus: assigned ? 'assigned' : 'raised',
        note: null,
      })
      .execute();
    const to = assigned ? [body.responsibleUserId!] : await officeOf(trx, body.consortiumId);
    await notify(
      trx,
      to.filter((u) => u !== p.userId),
      {
        kind: 'problem.created',
        title: assigned ? '问题台账：有问题交由您负责整改' : '问题台账：新提出的问题待交办',
        body: `${number} ${body.title}`,
        consortiumId: body.consortiumId,
      },
    );
    await recordAudit(trx, actor, {
      action: 'problem.created',
      entityType: 'problem',
      entityId: r.id,
      consortiumId: body.consortiumId,
      institutionId: p.institutionId,
      after: { number, title: body.title, source: body.source, meetingId, category: body.category },
    });
    return r.id;
  });
  return get(s, p, id);
}

const TITLES: Record<ProblemAction, string> = {
  assign: '问题台账：有问题交由您负责整改',
  start: '问题台账：整改已开始',
  resolve: '问题台账：问题已整改完成，请确认',
  verify: '问题台账：提出人已确认整改结果',
  close: '问题台账：问题已销号',
  reopen: '问题台账：问题被重新打开',
};

export async function act<A extends ProblemAction>(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: A,
  body: Bodies[A],
): Promise<ProblemDetail> {
  const r = await row(s, p, id);
  const t = problemTransition(action, r.status);
  const sides = sidesOf(p, r);
  if (!t.sides.some((x) => sides.has(x)))
    throw forbidden(`Only ${t.sides.join(' or ')} can ${action} this problem`);
  const a = body as Record<string, unknown>;
  const now = s.now().toISOString();
  const set: Record<string, unknown> = {};
  if (action === 'assign') {
    const b = body as Bodies['assign'];
    await checkParties(s, r.consortiumId, b);
    Object.assign(set, {
      ownerDepartmentId: b.ownerDepartmentId,
      responsibleUserId: b.responsibleUserId,
      deadline: b.deadline,
      escalatedAt: null,
      ...(b.coOwnerDepartmentIds
        ? { coOwnerDepartmentIds: JSON.stringify([...new Set(b.coOwnerDepartmentIds)]) }
        : {}),
    });
  }
  if (action === 'resolve') Object.assign(set, { measures: a.measures, resolvedAt: now });
  if (action === 'verify') Object.assign(set, { verifiedAt: now, verifiedBy: p.displayName });
  if (action === 'close') Object.assign(set, { closedAt: now });
  if (action === 'reopen')
    Object.assign(set, { resolvedAt: null, verifiedAt: null, verifiedBy: null, closedAt: null });
  const note = (a.note ?? a.measures ?? a.reason ?? null) as string | null;
  await s.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('problems')
      .set({ ...set, status: t.to, updatedAt: now })
      .where('id', '=', id)
      .where('status', 'in', [...t.from])
      .returning(['responsibleUserId'])
      .executeTakeFirst();
    if (!moved) throw conflict(`Cannot ${action} a problem that changed meanwhile`);
    await trx
      .insertInto('problemEntries')
      .values({
        problemId: id,
        consortiumId: r.consortiumId,
        kind: 'transition',
        at: now,
        actorId: p.userId,
        actorName: p.displayName,
        action,
        fromStatus: r.status,
        toStatus: t.to,
        note,
      })
      .execute();
    // Who hears of it: the owner of work to do, the raiser of a result to confirm, the office of the rest.
    const to =
      action === 'assign' || action === 'reopen'
        ? [moved.responsibleUserId]
        : action === 'resolve'
          ? [r.raisedById]
          : action === 'verify'
            ? [r.responsibleUserId, ...(await officeOf(trx, r.consortiumId))]
            : [r.raisedById, r.responsibleUserId];
    await notify(
      trx,
      to.filter((u): u is string => !!u && u !== p.userId),
      {
        kind: `problem.${action}`,
        title: TITLES[action],
        body: `${r.number} ${r.title}`,
        consortiumId: r.consortiumId,
      },
    );
    await recordAudit(trx, actor, {
      action: `problem.${action}`,
      entityType: 'problem',
      entityId: id,
      consortiumId: r.consortiumId,
      institutionId: p.institutionId,
      before: { status: r.status },
      after: { status: t.to, ...set, ...(note ? { note } : {}) },
    });
  });
  return get(s, p, id);
}
