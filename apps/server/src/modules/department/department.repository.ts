import type { ExpressionBuilder } from 'kysely';
import type { DepartmentListQuery } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { institutionManageable, institutionVisible, memberOf } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

const staffCount = (eb: ExpressionBuilder<DB & { d: DB['departments'] }, 'd'>) =>
  eb
    .selectFrom('staff as sc')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('sc.departmentId', '=', 'd.id')
    .as('staffCount');

function base(db: Db, p: Principal) {
  return db
    .selectFrom('departments as d')
    .innerJoin('institutions as i', 'i.id', 'd.institutionId')
    .where(institutionVisible(p, 'd.institutionId'));
}

const columns = [
  'd.id',
  'd.institutionId',
  'i.name as institutionName',
  'd.name',
  'd.kind',
  'd.phone',
  'd.createdAt',
  'd.updatedAt',
] as const;

export function listDepartments(db: Db, p: Principal, q: DepartmentListQuery) {
  let qb = base(db, p);
  if (q.q) qb = qb.where('d.name', 'ilike', likePattern(q.q));
  if (q.institutionId) qb = qb.where('d.institutionId', '=', q.institutionId);
  if (q.kind) qb = qb.where('d.kind', '=', q.kind);
  if (q.consortiumId) qb = qb.where(memberOf(q.consortiumId, 'd.institutionId'));
  return paginate(qb, q, (b) =>
    b
      .select(columns)
      .select(staffCount)
      .select(institutionManageable(p, 'd.institutionId').as('manageable'))
      .orderBy('i.name')
      .orderBy('d.name'),
  );
}

export function findDepartment(db: Db, p: Principal, id: string) {
  return base(db, p)
    .select(columns)
    .select(staffCount)
    .select(institutionManageable(p, 'd.institutionId').as('manageable'))
    .where('d.id', '=', id)
    .executeTakeFirst();
}
export type DepartmentRecord = NonNullable<Awaited<ReturnType<typeof findDepartment>>>;

/** Is the institution visible, and may the user change its records? undefined when not visible. */
export async function institutionAccess(db: Db, p: Principal, institutionId: string) {
  return db
    .selectFrom('institutions as i')
    .select(['i.id', institutionManageable(p, 'i.id').as('manageable')])
    .where('i.id', '=', institutionId)
    .where(institutionVisible(p, 'i.id'))
    .executeTakeFirst();
}
