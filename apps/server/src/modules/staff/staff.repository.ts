import type { StaffListQuery } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { institutionManageable, institutionVisible, memberOf } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

function base(db: Db, p: Principal) {
  return db
    .selectFrom('staff as s')
    .innerJoin('institutions as i', 'i.id', 's.institutionId')
    .leftJoin('departments as d', 'd.id', 's.departmentId')
    .where(institutionVisible(p, 's.institutionId'));
}

const columns = [
  's.id',
  's.institutionId',
  'i.name as institutionName',
  's.departmentId',
  'd.name as departmentName',
  's.name',
  's.sex',
  's.title',
  's.specialty',
  's.phone',
  's.practitionerId',
  's.active',
  's.createdAt',
  's.updatedAt',
] as const;

export function listStaff(db: Db, p: Principal, q: StaffListQuery) {
  let qb = base(db, p);
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) =>
      eb.or([
        eb('s.name', 'ilike', like),
        eb('s.specialty', 'ilike', like),
        eb('s.practitionerId', 'ilike', like),
      ]),
    );
  }
  if (q.institutionId) qb = qb.where('s.institutionId', '=', q.institutionId);
  if (q.departmentId) qb = qb.where('s.departmentId', '=', q.departmentId);
  if (q.title) qb = qb.where('s.title', '=', q.title);
  if (q.consortiumId) qb = qb.where(memberOf(q.consortiumId, 's.institutionId'));
  return paginate(qb, q, (b) =>
    b
      .select(columns)
      .select(institutionManageable(p, 's.institutionId').as('manageable'))
      .orderBy('i.name')
      .orderBy('s.name'),
  );
}

export function findStaff(db: Db, p: Principal, id: string) {
  return base(db, p)
    .select(columns)
    .select(institutionManageable(p, 's.institutionId').as('manageable'))
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type StaffRecord = NonNullable<Awaited<ReturnType<typeof findStaff>>>;
