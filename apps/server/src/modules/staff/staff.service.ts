import {
  maskPhone,
  type Page,
  type Staff,
  type StaffCreate,
  type StaffListQuery,
  type StaffUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { requireManagedInstitution } from '../department/department.service.js';
import { deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import { findStaff, listStaff, type StaffRecord } from './staff.repository.js';

/** Phones are shown whole only to those who manage the staff member's institution. */
function present({ manageable, ...r }: StaffRecord, reveal = manageable === true): Staff {
  return {
    ...r,
    manageable: manageable === true,
    phone: reveal ? r.phone : maskPhone(r.phone),
    phoneMasked: !reveal && r.phone !== null,
  };
}

export async function list(s: Services, p: Principal, q: StaffListQuery): Promise<Page<Staff>> {
  const page = await listStaff(s.db, p, q);
  // Lists always mask: a table on a screen is read over shoulders.
  return { ...page, items: page.items.map((r) => present(r, false)) };
}

async function getRecord(s: Services, p: Principal, id: string) {
  const r = await findStaff(s.db, p, id);
  if (!r) throw notFound('staff member');
  return r;
}

export async function get(s: Services, p: Principal, id: string): Promise<Staff> {
  return present(await getRecord(s, p, id));
}

async function checkDepartment(s: Services, institutionId: string, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const d = await s.db
    .selectFrom('departments')
    .select('institutionId')
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!d || d.institutionId !== institutionId)
    throw invalid('departmentId', 'is not a department of the institution');
}

/** A 执业证书编码 names one staff member of an institution: a second answers 409 naming the field. */
async function uniquePractitionerId<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (e.code !== '23505' || e.constraint !== 'staff_practitioner_id') throw err;
    const message = 'another staff member of the institution has this 执业证书编码';
    throw new AppError('conflict', `practitionerId: ${message}`, [{ field: 'practitionerId', message }]);
  }
}

const target = (institutionId: string) => ({ table: 'staff' as const, entityType: 'staff', institutionId });

export async function create(s: Services, p: Principal, actor: Actor, body: StaffCreate): Promise<Staff> {
  await requireManagedInstitution(s, p, body.institutionId);
  await checkDepartment(s, body.institutionId, body.departmentId);
  const id = await uniquePractitionerId(() =>
    insertAudited(s, actor, target(body.institutionId), {
      ...body,
      departmentId: body.departmentId ?? null,
      sex: body.sex ?? null,
      specialty: body.specialty ?? null,
      phone: body.phone ?? null,
      practitionerId: body.practitionerId ?? null,
    }),
  );
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: StaffUpdate,
): Promise<Staff> {
  const current = await getRecord(s, p, id);
  if (!current.manageable) throw forbidden();
  await checkDepartment(s, current.institutionId, patch.departmentId);
  await uniquePractitionerId(() =>
    updateAudited(s, actor, { ...target(current.institutionId), id, current, patch }),
  );
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const { manageable, ...current } = await getRecord(s, p, id);
  if (!manageable) throw forbidden();
  await deleteAudited(s, actor, { ...target(current.institutionId), id, before: current });
}
