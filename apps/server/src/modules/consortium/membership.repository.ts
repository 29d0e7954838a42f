import { sql } from 'kysely';
import type { Membership, MembershipListQuery } from '@yilian/domain';
import type { Db, Tx } from '../../context.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';

const ROLE_ORDER = sql<number>`case m.role when 'lead' then 0 when 'backbone' then 1 when 'branch' then 2 else 3 end`;

function base(db: Db | Tx) {
  return db.selectFrom('memberships as m').innerJoin('institutions as i', 'i.id', 'm.institutionId');
}

const columns = [
  'm.id',
  'm.consortiumId',
  'm.institutionId',
  'i.name as institutionName',
  'i.code as institutionCode',
  'i.kind as institutionKind',
  'i.level as institutionLevel',
  'i.grade as institutionGrade',
  'i.regionCode',
  'm.role',
  'm.joinedOn',
  'm.leftOn',
] as const;

type Row = Omit<Membership, 'active'>;
export const presentMembership = (r: Row): Membership => ({
  ...r,
  active: r.leftOn === null || r.leftOn > todayInChina(),
});

/** Members of one consortium; the caller has checked that the consortium is visible. */
export async function listMemberships(
  db: Db,
  consortiumId: string,
  q: Partial<MembershipListQuery> & { page: number; pageSize: number },
) {
  let qb = base(db).where('m.consortiumId', '=', consortiumId);
  if (q.role) qb = qb.where('m.role', '=', q.role);
  if (q.active === 'true')
    qb = qb.where((eb) => eb.or([eb('m.leftOn', 'is', null), eb('m.leftOn', '>', todayInChina())]));
  if (q.active === 'false') qb = qb.where('m.leftOn', '<=', todayInChina());
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('i.name', 'ilike', likePattern(q.q!)), eb('i.code', 'ilike', likePattern(q.q!))]),
    );
  const page = await paginate(qb, q, (b) => b.select(columns).orderBy(ROLE_ORDER).orderBy('i.name'));
  return { ...page, items: page.items.map(presentMembership) };
}

export async function findMembership(db: Db | Tx, id: string) {
  const row = await base(db).select(columns).where('m.id', '=', id).executeTakeFirst();
  return row && presentMembership(row);
}
