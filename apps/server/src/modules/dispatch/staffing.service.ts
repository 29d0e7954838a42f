import type {
  DepartmentStaffing,
  Page,
  StaffingCreate,
  StaffingListQuery,
  StaffingUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { consortiumToActIn, managesFor, ownInstitutionVisible } from './access.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// Home-department staffing: how many of a department may be away at once, given directly or as
// the head count less a minimum that must stay on duty. The planner reads effectiveMaxAway.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('departmentStaffing as ds')
    .innerJoin('departments as d', 'd.id', 'ds.departmentId')
    .innerJoin('institutions as i', 'i.id', 'd.institutionId')
    .where(ownInstitutionVisible(p, 'ds.consortiumId', 'd.institutionId'));
}
function select(qb: ReturnType<typeof base>) {
  return qb.select((eb) => [
    'ds.id',
    'ds.consortiumId',
    'ds.departmentId',
    'd.name as departmentName',
    'd.institutionId',
    'i.name as institutionName',
    eb
      .selectFrom('staff as st')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('st.departmentId', '=', 'ds.departmentId')
      .where('st.active', '=', true)
      .as('headcount'),
    'ds.minStaffing',
    'ds.maxAway',
    'ds.createdAt',
    'ds.updatedAt',
  ]);
}

export function effectiveMaxAway(r: {
  headcount: number;
  minStaffing: number | null;
  maxAway: number | null;
}) {
  if (r.maxAway != null) return r.maxAway;
  return Math.max(0, r.headcount - (r.minStaffing ?? 0));
}
const present = <T extends { headcount: unknown; minStaffing: number | null; maxAway: number | null }>(
  r: T,
) => {
  const headcount = Number(r.headcount);
  return { ...r, headcount, effectiveMaxAway: effectiveMaxAway({ ...r, headcount }) };
};

export async function list(
  s: Services,
  p: Principal,
  q: StaffingListQuery,
): Promise<Page<DepartmentStaffing>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('d.name', 'ilike', likePattern(q.q!)), eb('i.name', 'ilike', likePattern(q.q!))]),
    );
  if (q.institutionId) qb = qb.where('d.institutionId', '=', q.institutionId);
  const page = await paginate(qb, q, (b) => select(b).orderBy('i.name').orderBy('d.name'));
  return { ...page, items: page.items.map(present) };
}

export async function get(s: Services, p: Principal, id: string): Promise<DepartmentStaffing> {
  const row = await select(base(s, p)).where('ds.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('department staffing');
  return present(row);
}

const entity = (consortiumId: string, institutionId: string) => ({
  table: 'departmentStaffing' as const,
  entityType: 'department_staffing',
  consortiumId,
  institutionId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: StaffingCreate,
): Promise<DepartmentStaffing> {
  const dept = await s.db
    .selectFrom('departments')
    .select(['id', 'institutionId'])
    .where('id', '=', body.departmentId)
    .executeTakeFirst();
  if (!dept) throw invalid('departmentId', 'no such department');
  const consortiumId = await consortiumToActIn(s.db, p, body.consortiumId, {
    departmentId: dept.institutionId,
  });
  if (!managesFor(p, consortiumId, dept.institutionId))
    throw forbidden('you may set staffing of your own departments only');
  const id = await insertRow(s, actor, entity(consortiumId, dept.institutionId), {
    consortiumId,
    departmentId: dept.id,
    minStaffing: body.minStaffing ?? null,
    maxAway: body.maxAway ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: StaffingUpdate,
): Promise<DepartmentStaffing> {
  const current = await get(s, p, id);
  if (!managesFor(p, current.consortiumId, current.institutionId)) throw forbidden();
  const next = { ...current, ...patch };
  if (next.minStaffing == null && next.maxAway == null)
    throw invalid('maxAway', 'give a minimum staffing or a maximum away');
  await updateRow(s, actor, { ...entity(current.consortiumId, current.institutionId), id, current, patch });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesFor(p, current.consortiumId, current.institutionId)) throw forbidden();
  await deleteRow(s, actor, { ...entity(current.consortiumId, current.institutionId), id, before: current });
}
