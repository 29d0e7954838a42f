import type { DemandCreate, DemandListQuery, DemandUpdate, DispatchDemand, Page } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { consortiumToActIn, managesFor } from './access.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// Demand (需求申报): a host institution asks for experts of a specialty over a period, with a
// minimum title, a priority and a head count. Members of the consortium see its demand (the
// sending hospitals plan from it); the office or the host's administrator changes it.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('dispatchDemands as dm')
    .innerJoin('institutions as hi', 'hi.id', 'dm.hostInstitutionId')
    .where(consortiumVisible(p, 'dm.consortiumId'));
}
const columns = [
  'dm.id',
  'dm.consortiumId',
  'dm.hostInstitutionId',
  'hi.name as hostInstitutionName',
  'dm.specialty',
  'dm.role',
  'dm.startDate',
  'dm.endDate',
  'dm.minTitleRank',
  'dm.priority',
  'dm.count',
  'dm.note',
  'dm.createdAt',
  'dm.updatedAt',
] as const;

export async function list(s: Services, p: Principal, q: DemandListQuery): Promise<Page<DispatchDemand>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('dm.specialty', 'ilike', likePattern(q.q!)), eb('hi.name', 'ilike', likePattern(q.q!))]),
    );
  if (q.hostInstitutionId) qb = qb.where('dm.hostInstitutionId', '=', q.hostInstitutionId);
  if (q.specialty) qb = qb.where('dm.specialty', '=', q.specialty);
  if (q.from) qb = qb.where('dm.endDate', '>=', q.from);
  if (q.to) qb = qb.where('dm.startDate', '<=', q.to);
  return paginate(qb, q, (b) =>
    b.select(columns).orderBy('dm.startDate').orderBy('dm.priority', 'desc').orderBy('hi.name'),
  );
}

export async function get(s: Services, p: Principal, id: string): Promise<DispatchDemand> {
  const row = await base(s, p).select(columns).where('dm.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('demand');
  return row;
}

const entity = (consortiumId: string, institutionId: string) => ({
  table: 'dispatchDemands' as const,
  entityType: 'dispatch_demand',
  consortiumId,
  institutionId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: DemandCreate,
): Promise<DispatchDemand> {
  const consortiumId = await consortiumToActIn(s.db, p, body.consortiumId, {
    hostInstitutionId: body.hostInstitutionId,
  });
  if (!managesFor(p, consortiumId, body.hostInstitutionId))
    throw forbidden('you may file demand for your own institution only');
  const id = await insertRow(s, actor, entity(consortiumId, body.hostInstitutionId), {
    consortiumId,
    hostInstitutionId: body.hostInstitutionId,
    specialty: body.specialty,
    role: body.role ?? 'clinical',
    startDate: body.startDate,
    endDate: body.endDate,
    minTitleRank: body.minTitleRank,
    priority: body.priority,
    count: body.count,
    note: body.note ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: DemandUpdate,
): Promise<DispatchDemand> {
  const current = await get(s, p, id);
  if (!managesFor(p, current.consortiumId, current.hostInstitutionId)) throw forbidden();
  const next = { ...current, ...patch };
  if (next.endDate < next.startDate) throw invalid('endDate', 'must not be before startDate');
  await updateRow(s, actor, {
    ...entity(current.consortiumId, current.hostInstitutionId),
    id,
    current,
    patch,
  });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesFor(p, current.consortiumId, current.hostInstitutionId)) throw forbidden();
  await deleteRow(s, actor, {
    ...entity(current.consortiumId, current.hostInstitutionId),
    id,
    before: current,
  });
}
