import type { BatchCreate, BatchListQuery, BatchUpdate, DispatchBatch, Page } from '@yilian/domain';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { programmeVisible } from './access.js';
import * as programmes from './programme.service.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// Batches (第N批专家组): a numbered group of a programme with its period and team leader (总领队).

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('dispatchBatches as b')
    .innerJoin('dispatchProgrammes as pr', 'pr.id', 'b.programmeId')
    .innerJoin('institutions as si', 'si.id', 'pr.sendingInstitutionId')
    .innerJoin('institutions as hi', 'hi.id', 'pr.hostInstitutionId')
    .leftJoin('staff as ld', 'ld.id', 'b.leaderStaffId')
    .where(programmeVisible(p, 'pr'));
}
function select(qb: ReturnType<typeof base>) {
  return qb.select((eb) => [
    'b.id',
    'b.consortiumId',
    'b.programmeId',
    'pr.name as programmeName',
    'pr.sendingInstitutionId',
    'si.name as sendingInstitutionName',
    'pr.hostInstitutionId',
    'hi.name as hostInstitutionName',
    'b.number',
    'b.name',
    'b.startDate',
    'b.endDate',
    'b.leaderStaffId',
    'ld.name as leaderName',
    eb
      .selectFrom('dispatchPostings as m')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('m.batchId', '=', 'b.id')
      .as('memberCount'),
    'b.createdAt',
    'b.updatedAt',
  ]);
}
const present = <T extends { memberCount: unknown }>(r: T) => ({ ...r, memberCount: Number(r.memberCount) });

export async function list(s: Services, p: Principal, q: BatchListQuery): Promise<Page<DispatchBatch>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([
        eb('b.name', 'ilike', likePattern(q.q!)),
        eb('pr.name', 'ilike', likePattern(q.q!)),
        eb('hi.name', 'ilike', likePattern(q.q!)),
      ]),
    );
  if (q.programmeId) qb = qb.where('b.programmeId', '=', q.programmeId);
  if (q.hostInstitutionId) qb = qb.where('pr.hostInstitutionId', '=', q.hostInstitutionId);
  if (q.activeOn) qb = qb.where('b.startDate', '<=', q.activeOn).where('b.endDate', '>=', q.activeOn);
  const page = await paginate(qb, q, (b) =>
    select(b).orderBy('b.startDate', 'desc').orderBy('b.number', 'desc'),
  );
  return { ...page, items: page.items.map(present) as DispatchBatch[] };
}

export async function get(s: Services, p: Principal, id: string): Promise<DispatchBatch> {
  const row = await select(base(s, p)).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('batch');
  return present(row) as DispatchBatch;
}

const entity = (b: { consortiumId: string; sendingInstitutionId: string }) => ({
  table: 'dispatchBatches' as const,
  entityType: 'dispatch_batch',
  consortiumId: b.consortiumId,
  institutionId: b.sendingInstitutionId,
});

type Programme = Awaited<ReturnType<typeof programmes.get>>;

/** The batch lies inside its programme; the leader is on the sending institution's staff. */
async function checkBatch(
  s: Services,
  pr: Programme,
  b: { startDate: string; endDate: string; leaderStaffId?: string | null },
) {
  if (b.startDate < pr.startDate) throw invalid('startDate', 'must not be before the programme starts');
  if (pr.endDate && b.endDate > pr.endDate) throw invalid('endDate', 'must not be after the programme ends');
  if (b.leaderStaffId) {
    const leader = await s.db
      .selectFrom('staff')
      .select('id')
      .where('id', '=', b.leaderStaffId)
      .where('institutionId', '=', pr.sendingInstitutionId)
      .executeTakeFirst();
    if (!leader) throw invalid('leaderStaffId', 'must be on the staff of the sending institution');
  }
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: BatchCreate,
): Promise<DispatchBatch> {
  const pr = await programmes.get(s, p, body.programmeId).catch(() => {
    throw invalid('programmeId', 'no such programme in your scope');
  });
  if (!programmes.manages(p, pr)) throw forbidden();
  await checkBatch(s, pr, body);
  const id = await insertRow(s, actor, entity(pr), {
    consortiumId: pr.consortiumId,
    programmeId: pr.id,
    number: body.number,
    name: body.name,
    startDate: body.startDate,
    endDate: body.endDate,
    leaderStaffId: body.leaderStaffId ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: BatchUpdate,
): Promise<DispatchBatch> {
  const current = await get(s, p, id);
  const pr = await programmes.get(s, p, current.programmeId);
  if (!programmes.manages(p, pr)) throw forbidden();
  const next = { ...current, ...patch };
  if (next.endDate < next.startDate) throw invalid('endDate', 'must not be before startDate');
  await checkBatch(s, pr, { ...next, leaderStaffId: patch.leaderStaffId });
  // Postings must stay inside the batch: shrinking it past a member's dates is refused.
  const outside = async (trx: Tx) => {
    const row = await trx
      .selectFrom('dispatchPostings')
      .select('id')
      .where('batchId', '=', id)
      .where((eb) => eb.or([eb('startDate', '<', next.startDate), eb('endDate', '>', next.endDate)]))
      .executeTakeFirst();
    if (row) throw conflict('members are posted outside the new dates; change their postings first');
  };
  await updateRow(s, actor, { ...entity(current), id, current, patch }, outside);
  return get(s, p, id);
}

/** A batch with members cannot be deleted (409 from the foreign key). */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  const pr = await programmes.get(s, p, current.programmeId);
  if (!programmes.manages(p, pr)) throw forbidden();
  await deleteRow(s, actor, { ...entity(current), id, before: current });
}
