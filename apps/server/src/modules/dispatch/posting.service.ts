import type {
  DispatchPosting,
  HostView,
  Page,
  PostingCreate,
  PostingListQuery,
  PostingUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { institutionVisible } from '../../scope.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';
import { postingVisible } from './access.js';
import * as batches from './batch.service.js';
import * as programmes from './programme.service.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// Members of a batch (postings): who goes, to which host, in which role, for which dates; a
// management secondment records the position held at the host (挂职执行副院长).

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('dispatchPostings as po')
    .innerJoin('dispatchBatches as b', 'b.id', 'po.batchId')
    .innerJoin('dispatchProgrammes as pr', 'pr.id', 'b.programmeId')
    .innerJoin('staff as st', 'st.id', 'po.staffId')
    .leftJoin('departments as d', 'd.id', 'st.departmentId')
    .innerJoin('institutions as si', 'si.id', 'st.institutionId')
    .innerJoin('institutions as hi', 'hi.id', 'po.hostInstitutionId')
    .where(postingVisible(p));
}
const columns = [
  'po.id',
  'po.consortiumId',
  'po.batchId',
  'b.name as batchName',
  'b.number as batchNumber',
  'po.staffId',
  'st.name as staffName',
  'st.title as staffTitle',
  'd.name as departmentName',
  'si.name as sendingInstitutionName',
  'po.hostInstitutionId',
  'hi.name as hostInstitutionName',
  'po.role',
  'po.startDate',
  'po.endDate',
  'po.isLeader',
  'po.hostPosition',
  'po.planId',
  'po.createdAt',
  'po.updatedAt',
] as const;

export async function list(s: Services, p: Principal, q: PostingListQuery): Promise<Page<DispatchPosting>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('st.name', 'ilike', likePattern(q.q!)), eb('hi.name', 'ilike', likePattern(q.q!))]),
    );
  if (q.batchId) qb = qb.where('po.batchId', '=', q.batchId);
  if (q.staffId) qb = qb.where('po.staffId', '=', q.staffId);
  if (q.hostInstitutionId) qb = qb.where('po.hostInstitutionId', '=', q.hostInstitutionId);
  if (q.role) qb = qb.where('po.role', '=', q.role);
  if (q.activeOn) qb = qb.where('po.startDate', '<=', q.activeOn).where('po.endDate', '>=', q.activeOn);
  return paginate(qb, q, (b) =>
    b.select(columns).orderBy('po.isLeader', 'desc').orderBy('po.startDate').orderBy('st.name'),
  );
}

export async function get(s: Services, p: Principal, id: string): Promise<DispatchPosting> {
  const row = await base(s, p).select(columns).where('po.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('posting');
  return row;
}

/** Refuses (409) a second posting of the same person at overlapping dates; locks the staff row first. */
export async function checkNoOverlap(
  trx: Tx,
  staffId: string,
  startDate: string,
  endDate: string,
  exceptId?: string,
): Promise<void> {
  await trx.selectFrom('staff').select('id').where('id', '=', staffId).forUpdate().execute();
  let qb = trx
    .selectFrom('dispatchPostings as o')
    .innerJoin('dispatchBatches as ob', 'ob.id', 'o.batchId')
    .select(['o.startDate', 'o.endDate', 'ob.name'])
    .where('o.staffId', '=', staffId)
    .where('o.startDate', '<=', endDate)
    .where('o.endDate', '>=', startDate);
  if (exceptId) qb = qb.where('o.id', '<>', exceptId);
  const clash = await qb.executeTakeFirst();
  if (clash)
    throw conflict(
      `already posted from ${clash.startDate} to ${clash.endDate} (${clash.name}) at overlapping dates`,
    );
}

const entity = (consortiumId: string, hostInstitutionId: string) => ({
  table: 'dispatchPostings' as const,
  entityType: 'dispatch_posting',
  consortiumId,
  institutionId: hostInstitutionId,
});

type Batch = Awaited<ReturnType<typeof batches.get>>;

async function checkPosting(
  s: Services,
  b: Batch,
  v: {
    startDate: string;
    endDate: string;
    hostInstitutionId: string;
    role: string;
    hostPosition?: string | null;
  },
) {
  if (v.startDate < b.startDate) throw invalid('startDate', 'must not be before the batch starts');
  if (v.endDate > b.endDate) throw invalid('endDate', 'must not be after the batch ends');
  if (v.endDate < v.startDate) throw invalid('endDate', 'must not be before startDate');
  if (v.hostPosition && v.role !== 'management')
    throw invalid('hostPosition', 'only a management secondment holds a position at the host');
  const member = await s.db
    .selectFrom('memberships')
    .select('id')
    .where('consortiumId', '=', b.consortiumId)
    .where('institutionId', '=', v.hostInstitutionId)
    .where('leftOn', 'is', null)
    .executeTakeFirst();
  if (!member) throw invalid('hostInstitutionId', 'is not a member institution of the consortium');
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: PostingCreate,
): Promise<DispatchPosting> {
  const b = await batches.get(s, p, body.batchId).catch(() => {
    throw invalid('batchId', 'no such batch in your scope');
  });
  if (!programmes.manages(p, b)) throw forbidden();
  const staff = await s.db
    .selectFrom('staff')
    .select(['id', 'active'])
    .where('id', '=', body.staffId)
    .where('institutionId', '=', b.sendingInstitutionId)
    .executeTakeFirst();
  if (!staff) throw invalid('staffId', 'must be on the staff of the sending institution');
  const v = {
    startDate: body.startDate ?? b.startDate,
    endDate: body.endDate ?? b.endDate,
    hostInstitutionId: body.hostInstitutionId ?? b.hostInstitutionId,
    role: body.role,
    hostPosition: body.hostPosition ?? null,
  };
  await checkPosting(s, b, v);
  const id = await insertRow(
    s,
    actor,
    entity(b.consortiumId, v.hostInstitutionId),
    {
      consortiumId: b.consortiumId,
      batchId: b.id,
      staffId: body.staffId,
      ...v,
      isLeader: body.isLeader ?? false,
      planId: null,
    },
    (trx) => checkNoOverlap(trx, body.staffId, v.startDate, v.endDate),
  );
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: PostingUpdate,
): Promise<DispatchPosting> {
  const current = await get(s, p, id);
  const b = await batches.get(s, p, current.batchId);
  if (!programmes.manages(p, b)) throw forbidden();
  const next = { ...current, ...patch };
  await checkPosting(s, b, next);
  await updateRow(
    s,
    actor,
    { ...entity(current.consortiumId, next.hostInstitutionId), id, current, patch },
    (trx) => checkNoOverlap(trx, current.staffId, next.startDate, next.endDate, id),
  );
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  const b = await batches.get(s, p, current.batchId);
  if (!programmes.manages(p, b)) throw forbidden();
  await deleteRow(s, actor, {
    ...entity(current.consortiumId, current.hostInstitutionId),
    id,
    before: current,
  });
}

/** 驻点专家: who is at an institution today, and who is posted there next. */
export async function hostView(s: Services, p: Principal, institutionId?: string): Promise<HostView> {
  const instId = institutionId ?? p.institutionId;
  if (!instId) throw invalid('institutionId', 'is required');
  const inst = await s.db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('id', '=', instId)
    .where(institutionVisible(p, 'id'))
    .executeTakeFirst();
  if (!inst) throw notFound('institution');
  const today = todayInChina(s.now());
  const atHost = base(s, p).select(columns).where('po.hostInstitutionId', '=', inst.id);
  const [current, upcoming] = await Promise.all([
    atHost
      .where('po.startDate', '<=', today)
      .where('po.endDate', '>=', today)
      .orderBy('po.isLeader', 'desc')
      .orderBy('po.endDate')
      .orderBy('st.name')
      .execute(),
    atHost.where('po.startDate', '>', today).orderBy('po.startDate').orderBy('st.name').limit(50).execute(),
  ]);
  return { institutionId: inst.id, institutionName: inst.name, today, current, upcoming };
}
