import type {
  Department,
  DepartmentCreate,
  DepartmentListQuery,
  DepartmentUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { audited, changedFields } from '../shared/audited.js';
import {
  findDepartment,
  institutionAccess,
  listDepartments,
  type DepartmentRecord,
} from './department.repository.js';

const present = ({ manageable: _m, ...d }: DepartmentRecord): Department => ({
  ...d,
  staffCount: Number(d.staffCount ?? 0),
});

export async function list(s: Services, p: Principal, q: DepartmentListQuery): Promise<Page<Department>> {
  const page = await listDepartments(s.db, p, q);
  return { ...page, items: page.items.map((d) => ({ ...d, staffCount: Number(d.staffCount ?? 0) })) };
}

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

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: DepartmentCreate,
): Promise<Department> {
  await requireManagedInstitution(s, p, body.institutionId);
  const id = await audited(s, actor, async (trx) => {
    const row = await trx
      .insertInto('departments')
      .values({ ...body, phone: body.phone ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row.id,
      event: {
        action: 'department.created',
        entityType: 'department',
        entityId: row.id,
        institutionId: row.institutionId,
        after: row,
      },
    };
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
  const diff = changedFields(current, patch);
  if (Object.keys(diff.after).length) {
    await audited(s, actor, async (trx) => {
      await trx
        .updateTable('departments')
        .set({ ...patch, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      return {
        result: null,
        event: {
          action: 'department.updated',
          entityType: 'department',
          entityId: id,
          institutionId: current.institutionId,
          ...diff,
        },
      };
    });
  }
  return get(s, p, id);
}

/** A department that still has staff answers 409 (the foreign key refuses). */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getRecord(s, p, id);
  if (!current.manageable) throw forbidden();
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('departments').where('id', '=', id).execute();
    return {
      result: null,
      event: {
        action: 'department.deleted',
        entityType: 'department',
        institutionId: current.institutionId,
        entityId: id,
        before: present(current),
      },
    };
  });
}
