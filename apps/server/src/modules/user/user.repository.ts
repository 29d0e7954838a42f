import { sql, type RawBuilder } from 'kysely';
import type { UserListQuery } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { soleMemberOf } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

/**
 * Accounts a user may see and manage: everyone for the platform admin; one's institution for its
 * admin; for an office, the accounts of its own consortium that sit at no institution or at an
 * institution that belongs to that consortium alone. So no office ever reaches an account of
 * another consortium (its office's least of all), whichever institutions the two share.
 */
export function usersManageable(p: Principal): RawBuilder<boolean> {
  switch (p.role) {
    case 'platform_admin':
      return sql<boolean>`true`;
    case 'consortium_office':
      if (!p.consortiumId) return sql<boolean>`false`;
      return sql<boolean>`(u.consortium_id = ${p.consortiumId}
        and (u.institution_id is null or ${soleMemberOf(p.consortiumId, 'u.institution_id')}))`;
    case 'institution_admin':
      return sql<boolean>`u.institution_id = ${p.institutionId}`;
    default:
      return sql<boolean>`false`;
  }
}

function base(db: Db, p: Principal) {
  return (
    db
      .selectFrom('users as u')
      .leftJoin('consortia as c', 'c.id', 'u.consortiumId')
      .leftJoin('institutions as i', 'i.id', 'u.institutionId')
      .where(usersManageable(p))
      // A system client's account is managed as the client (modules/client), never as a person's.
      .where('u.systemAccount', '=', false)
  );
}

const columns = [
  'u.id',
  'u.username',
  'u.displayName',
  'u.role',
  'u.consortiumId',
  'c.name as consortiumName',
  'u.institutionId',
  'i.name as institutionName',
  'u.regionCode',
  'u.staffId',
  'u.disabled',
  'u.lockedUntil',
  'u.lastLoginAt',
  'u.createdAt',
] as const;

export function listUsers(db: Db, p: Principal, q: UserListQuery) {
  let qb = base(db, p);
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.displayName', 'ilike', like)]));
  }
  if (q.role) qb = qb.where('u.role', '=', q.role);
  if (q.consortiumId) qb = qb.where('u.consortiumId', '=', q.consortiumId);
  if (q.institutionId) qb = qb.where('u.institutionId', '=', q.institutionId);
  return paginate(qb, q, (b) => b.select(columns).orderBy('u.username'));
}

export function findUser(db: Db, p: Principal, id: string) {
  return base(db, p).select(columns).where('u.id', '=', id).executeTakeFirst();
}
export type UserRecord = NonNullable<Awaited<ReturnType<typeof findUser>>>;
