import type {
  Department,
  DepartmentCreate,
  DepartmentListQuery,
  DepartmentUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import {
  findDepartment,
  institutionAccess,
  listDepartments,
  type DepartmentRecord,
} from './department.repository.js';

const present = (d: DepartmentRecord): Department => ({
  ...d,
  manageable: d.manageable === true,
  staffCount: Number(d.staffCount ?? 0),
});

export async function list(s: Services, p: Principal, q: DepartmentListQuery): Promise<Page<Department>> {
  const page = await listDepartments(s.db, p, q);
  return { ...page, items: page.items.map(present) };
}

/** A department the user can see, or 404; `manageable` says whether they may change it. */
async function getRecord(s: Services, p: Principal, id: string) {
  const d = await findDepartment(s.db, p, id);
  if (!d) throw notFound('department');
  return d;
}

export async function get(s: Services, p: Principal, id: string): Promise<Department> {
  return present(await getRecord(s, p, id));
}

/** The institution a new record is filed under must be one the user manages. */
export async function requireManagedInstitution(
  s: Services,
  p: Principal,
  institutionId: string,
): Promise<void> {
  const access = await institutionAccess(s.db, p, institutionId);
  if (!access) throw invalid('institutionId', 'no such institution');
  if (!access.manageable) throw forbidden('You do not manage this institution');
}

const target = (institutionId: string) => ({
  table: 'departments' as const,
  entityType: 'department',
  institutionId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: DepartmentCreate,
): Promise<Department> {
  await requireManagedInstitution(s, p, body.institutionId);
  const id = await insertAudited(s, actor, target(body.institutionId), {
    ...body,
    phone: body.phone ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: DepartmentUpdate,
): Promise<Department> {
  const current = await getRecord(s, p, id);
  if (!current.manageable) throw forbidden();
  await updateAudited(s, actor, { ...target(current.institutionId), id, current, patch });
  return get(s, p, id);
}

/** A department that still has staff answers 409 (the foreign key refuses). */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getRecord(s, p, id);
  if (!current.manageable) throw forbidden();
  await deleteAudited(s, actor, { ...target(current.institutionId), id, before: present(current) });
}
