import { sql, type ExpressionBuilder } from 'kysely';
import { MID_LEVEL_OR_HIGHER_TITLES, type ConsortiumListQuery } from '@yilian/domain';
import type { Db, Principal, Tx } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

const memberCount = (eb: ExpressionBuilder<DB, 'consortia'>) =>
  eb
    .selectFrom('memberships as m')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('m.consortiumId', '=', 'consortia.id')
    .where('m.leftOn', 'is', null)
    .as('memberCount');

const columns = [
  'consortia.id',
  'consortia.code',
  'consortia.name',
  'consortia.kind',
  'consortia.regionCode',
  'consortia.establishedOn',
  'consortia.description',
  'consortia.createdAt',
  'consortia.updatedAt',
] as const;

export function listConsortia(db: Db, p: Principal, q: ConsortiumListQuery) {
  let base = db.selectFrom('consortia').where(consortiumVisible(p, 'consortia.id'));
  if (q.q)
    base = base.where((eb) =>
      eb.or([
        eb('consortia.name', 'ilike', likePattern(q.q!)),
        eb('consortia.code', 'ilike', likePattern(q.q!)),
      ]),
    );
  if (q.kind) base = base.where('consortia.kind', '=', q.kind);
  if (q.regionCode)
    base = base.where('consortia.regionCode', 'like', `${q.regionCode.replace(/(00)+$/, '')}%`);
  return paginate(base, q, (qb) => qb.select([...columns, memberCount]).orderBy('consortia.name'));
}

export function findConsortium(db: Db | Tx, p: Principal, id: string) {
  return db
    .selectFrom('consortia')
    .select([...columns, memberCount])
    .where('consortia.id', '=', id)
    .where(consortiumVisible(p, 'consortia.id'))
    .executeTakeFirst();
}

export type ConsortiumRecord = NonNullable<Awaited<ReturnType<typeof findConsortium>>>;

export async function overviewCounts(db: Db, consortiumId: string) {
  const row = await sql<{
    institutions: number;
    departments: number;
    staff: number;
    midLevelOrHigherStaff: number;
    agreementsActive: number;
    users: number;
  }>`
    with inst as (
      select institution_id as id from memberships where consortium_id = ${consortiumId} and left_on is null
    )
    select
      (select count(*) from inst)::int as institutions,
      (select count(*) from departments d where d.institution_id in (select id from inst))::int as departments,
      (select count(*) from staff s where s.active and s.institution_id in (select id from inst))::int as staff,
      (select count(*) from staff s where s.active and s.institution_id in (select id from inst)
         and s.title in (${sql.join(MID_LEVEL_OR_HIGHER_TITLES)}))::int as "midLevelOrHigherStaff",
      (select count(*) from agreements a where a.consortium_id = ${consortiumId}
         and (a.expires_on is null or a.expires_on >= current_date)
         and (a.effective_on is null or a.effective_on <= current_date))::int as "agreementsActive",
      (select count(*) from users u where u.consortium_id = ${consortiumId} and not u.disabled)::int as users
  `.execute(db);
  return row.rows[0]!;
}
