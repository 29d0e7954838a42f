import { sql } from 'kysely';
import type { KeyProjectListQuery } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

// Queries of key projects, rolled up from their checklist and milestones.

function base(db: Db, p: Principal) {
  return db
    .selectFrom('keyProjects as kp')
    .innerJoin('consortia as c', 'c.id', 'kp.consortiumId')
    .innerJoin('institutions as i', 'i.id', 'kp.institutionId')
    .where(consortiumVisible(p, 'kp.consortiumId'));
}

function columns<Q extends ReturnType<typeof base>>(qb: Q, today: string) {
  const items = (f = '') =>
    sql.raw(`(select count(*)::int from checklist_items ci where ci.project_id = kp.id${f})`);
  const ms = (f = '') =>
    sql.raw(`(select count(*)::int from project_milestones m where m.project_id = kp.id${f})`);
  return qb.select([
    'kp.id',
    'kp.consortiumId',
    'c.name as consortiumName',
    'kp.institutionId',
    'i.name as institutionName',
    'kp.goalId',
    'kp.kind',
    'kp.title',
    'kp.description',
    'kp.targetOn',
    sql<number>`${items()}`.as('itemCount'),
    sql<number>`${items(' and ci.done')}`.as('itemsDone'),
    sql<number>`${ms()}`.as('milestoneCount'),
    sql<number>`${ms(' and m.done_on is not null')}`.as('milestonesDone'),
    sql<number>`(select count(*)::int from project_milestones m where m.project_id = kp.id and m.done_on is null and m.due_on < ${today})`.as(
      'overdueMilestones',
    ),
    'kp.createdAt',
    'kp.updatedAt',
  ]);
}

/** Done over all, checklist items and milestones together, 0-100 with one decimal. */
export function withProgress<
  R extends { itemCount: number; itemsDone: number; milestoneCount: number; milestonesDone: number },
>(r: R) {
  const all = r.itemCount + r.milestoneCount;
  return { ...r, progress: all ? Math.round(((r.itemsDone + r.milestonesDone) / all) * 1000) / 10 : 0 };
}

export async function listProjects(db: Db, p: Principal, q: KeyProjectListQuery, today: string) {
  let qb = base(db, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('kp.title', 'ilike', likePattern(q.q!)), eb('i.name', 'ilike', likePattern(q.q!))]),
    );
  if (q.consortiumId) qb = qb.where('kp.consortiumId', '=', q.consortiumId);
  if (q.institutionId) qb = qb.where('kp.institutionId', '=', q.institutionId);
  if (q.kind) qb = qb.where('kp.kind', '=', q.kind);
  const page = await paginate(qb, q, (b) => columns(b, today).orderBy('kp.targetOn').orderBy('kp.title'));
  return { ...page, items: page.items.map(withProgress) };
}

export async function findProject(db: Db, p: Principal, id: string, today: string) {
  const row = await columns(base(db, p), today).where('kp.id', '=', id).executeTakeFirst();
  return row ? withProgress(row) : undefined;
}
