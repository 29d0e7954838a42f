import { sql, type RawBuilder } from 'kysely';
import type { TaskOwnerKind } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { invalid } from '../../errors.js';
import { managesConsortium, memberOf } from '../../scope.js';

// Who owns a task or a checklist item, and who may report on it. A task belongs to a person, a
// functional department (职能处室) or a member institution of the consortium.

/** The department of the signed-in user's staff record, as SQL. */
const myDepartment = (p: Principal) =>
  sql`(select st.department_id from staff st join users us on us.staff_id = st.id where us.id = ${p.userId})`;

/**
 * Condition: the row's owner is the user, their department or their institution. Columns are
 * given as (alias.)column names of a goal_tasks row.
 */
export function ownedBy(p: Principal, alias: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`(${col('ownerUserId')} = ${p.userId}
    or ${col('ownerDepartmentId')} in ${myDepartment(p)}
    or (${col('ownerInstitutionId')} is not null and ${col('ownerInstitutionId')} = ${p.institutionId}))`;
}

/** May the user report progress on a record owned so? The office always may. */
export async function mayReport(
  s: Services,
  p: Principal,
  r: {
    consortiumId: string;
    ownerUserId: string | null;
    ownerDepartmentId: string | null;
    ownerInstitutionId: string | null;
  },
): Promise<boolean> {
  if (managesConsortium(p, r.consortiumId)) return true;
  if (r.ownerUserId && r.ownerUserId === p.userId) return true;
  if (r.ownerInstitutionId) return p.role === 'institution_admin' && p.institutionId === r.ownerInstitutionId;
  if (r.ownerDepartmentId) {
    const dep = await s.db
      .selectFrom('departments as d')
      .select('d.institutionId')
      .where('d.id', '=', r.ownerDepartmentId)
      .executeTakeFirst();
    if (p.role === 'institution_admin' && dep?.institutionId === p.institutionId) return true;
    const mine = await s.db
      .selectFrom('users as u')
      .innerJoin('staff as st', 'st.id', 'u.staffId')
      .select('st.departmentId')
      .where('u.id', '=', p.userId)
      .executeTakeFirst();
    return mine?.departmentId === r.ownerDepartmentId;
  }
  return false;
}

/** The owner columns of a task, checked: the owner belongs to the consortium. */
export async function ownerColumns(
  s: Services,
  consortiumId: string,
  kind: TaskOwnerKind,
  id: string,
  field = 'ownerId',
) {
  const none = { ownerUserId: null, ownerDepartmentId: null, ownerInstitutionId: null };
  if (kind === 'user') {
    const u = await s.db
      .selectFrom('users as u')
      .select('u.id')
      .where('u.id', '=', id)
      .where((eb) =>
        eb.or([eb('u.consortiumId', '=', consortiumId), memberOf(consortiumId, 'u.institutionId')]),
      )
      .executeTakeFirst();
    if (!u) throw invalid(field, 'not a user of this consortium');
    return { ...none, ownerKind: kind, ownerUserId: id };
  }
  if (kind === 'department') {
    const d = await departmentOf(s, consortiumId, id, field);
    if (d.kind !== 'functional') throw invalid(field, 'must be a functional department (职能处室)');
    return { ...none, ownerKind: kind, ownerDepartmentId: id };
  }
  const i = await s.db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', id)
    .where(memberOf(consortiumId, 'i.id'))
    .executeTakeFirst();
  if (!i) throw invalid(field, 'not a member institution of this consortium');
  return { ...none, ownerKind: kind, ownerInstitutionId: id };
}

/** A department of a member institution of the consortium, or 400 on the field. */
export async function departmentOf(s: Services, consortiumId: string, id: string, field: string) {
  const d = await s.db
    .selectFrom('departments as d')
    .select(['d.id', 'd.kind', 'd.institutionId'])
    .where('d.id', '=', id)
    .where(memberOf(consortiumId, 'd.institutionId'))
    .executeTakeFirst();
  if (!d) throw invalid(field, 'not a department of a member institution');
  return d;
}
