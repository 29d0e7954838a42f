import type {
  DispatchProgramme,
  Page,
  ProgrammeCreate,
  ProgrammeListQuery,
  ProgrammeUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { consortiumToActIn, managesFor, programmeVisible } from './access.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// Assistance programmes (对口帮扶): a sending institution sends experts to a host site.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('dispatchProgrammes as pr')
    .innerJoin('institutions as si', 'si.id', 'pr.sendingInstitutionId')
    .innerJoin('institutions as hi', 'hi.id', 'pr.hostInstitutionId')
    .where(programmeVisible(p, 'pr'));
}
function select(qb: ReturnType<typeof base>) {
  return qb.select((eb) => [
    'pr.id',
    'pr.consortiumId',
    'pr.sendingInstitutionId',
    'si.name as sendingInstitutionName',
    'pr.hostInstitutionId',
    'hi.name as hostInstitutionName',
    'pr.name',
    'pr.startDate',
    'pr.endDate',
    'pr.description',
    eb
      .selectFrom('dispatchBatches as b')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('b.programmeId', '=', 'pr.id')
      .as('batchCount'),
    'pr.createdAt',
    'pr.updatedAt',
  ]);
}
const present = <T extends { batchCount: unknown }>(r: T) => ({ ...r, batchCount: Number(r.batchCount) });

export async function list(
  s: Services,
  p: Principal,
  q: ProgrammeListQuery,
): Promise<Page<DispatchProgramme>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([
        eb('pr.name', 'ilike', likePattern(q.q!)),
        eb('si.name', 'ilike', likePattern(q.q!)),
        eb('hi.name', 'ilike', likePattern(q.q!)),
      ]),
    );
  if (q.sendingInstitutionId) qb = qb.where('pr.sendingInstitutionId', '=', q.sendingInstitutionId);
  if (q.hostInstitutionId) qb = qb.where('pr.hostInstitutionId', '=', q.hostInstitutionId);
  const page = await paginate(qb, q, (b) => select(b).orderBy('pr.startDate', 'desc').orderBy('pr.name'));
  return { ...page, items: page.items.map(present) as DispatchProgramme[] };
}

export async function get(s: Services, p: Principal, id: string): Promise<DispatchProgramme> {
  const row = await select(base(s, p)).where('pr.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('programme');
  return present(row) as DispatchProgramme;
}

const entity = (consortiumId: string, institutionId: string) => ({
  table: 'dispatchProgrammes' as const,
  entityType: 'dispatch_programme',
  consortiumId,
  institutionId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ProgrammeCreate,
): Promise<DispatchProgramme> {
  if (body.sendingInstitutionId === body.hostInstitutionId)
    throw invalid('hostInstitutionId', 'must differ from the sending institution');
  const consortiumId = await consortiumToActIn(s.db, p, body.consortiumId, {
    sendingInstitutionId: body.sendingInstitutionId,
    hostInstitutionId: body.hostInstitutionId,
  });
  if (!managesFor(p, consortiumId, body.sendingInstitutionId))
    throw invalid('sendingInstitutionId', 'you may only run programmes your institution sends from');
  const id = await insertRow(s, actor, entity(consortiumId, body.sendingInstitutionId), {
    consortiumId,
    sendingInstitutionId: body.sendingInstitutionId,
    hostInstitutionId: body.hostInstitutionId,
    name: body.name,
    startDate: body.startDate,
    endDate: body.endDate ?? null,
    description: body.description ?? null,
  });
  return get(s, p, id);
}

export function manages(p: Principal, pr: { consortiumId: string; sendingInstitutionId: string }) {
  return managesFor(p, pr.consortiumId, pr.sendingInstitutionId);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: ProgrammeUpdate,
): Promise<DispatchProgramme> {
  const current = await get(s, p, id);
  if (!manages(p, current)) throw forbidden();
  const next = { ...current, ...patch };
  if (next.endDate && next.endDate < next.startDate) throw invalid('endDate', 'must not be before startDate');
  await updateRow(s, actor, {
    ...entity(current.consortiumId, current.sendingInstitutionId),
    id,
    current,
    patch,
  });
  return get(s, p, id);
}

/** A programme with batches cannot be deleted (409 from the foreign key). */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!manages(p, current)) throw forbidden();
  await deleteRow(s, actor, {
    ...entity(current.consortiumId, current.sendingInstitutionId),
    id,
    before: current,
  });
}
