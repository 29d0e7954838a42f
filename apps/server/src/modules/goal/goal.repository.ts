import { sql } from 'kysely';
import type { GoalListQuery, GoalTaskListQuery, TaskStatus } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { ownedBy } from './owner.js';

// Queries of goals and their tasks. A task's status is derived here from its progress, its due
// date and today (the services' clock), so that filters and figures agree with what is shown.

export const taskStatus = (today: string) => sql<TaskStatus>`case
  when t.progress >= 100 then 'done'
  when t.due_on < ${today} then 'overdue'
  when t.progress > 0 then 'in_progress'
  else 'not_started' end`;

function taskBase(db: Db, p: Principal) {
  return db
    .selectFrom('goalTasks as t')
    .innerJoin('goals as g', 'g.id', 't.goalId')
    .leftJoin('users as ou', 'ou.id', 't.ownerUserId')
    .leftJoin('departments as od', 'od.id', 't.ownerDepartmentId')
    .leftJoin('institutions as odi', 'odi.id', 'od.institutionId')
    .leftJoin('institutions as oi', 'oi.id', 't.ownerInstitutionId')
    .where(consortiumVisible(p, 't.consortiumId'));
}

function taskColumns<Q extends ReturnType<typeof taskBase>>(qb: Q, today: string) {
  return qb.select([
    't.id',
    't.consortiumId',
    't.goalId',
    'g.title as goalTitle',
    'g.year as goalYear',
    't.title',
    't.description',
    't.ownerKind',
    't.ownerUserId',
    't.ownerDepartmentId',
    't.ownerInstitutionId',
    sql<string>`coalesce(t.owner_user_id, t.owner_department_id, t.owner_institution_id)`.as('ownerId'),
    sql<string>`coalesce(ou.display_name, od.name, oi.name)`.as('ownerName'),
    'odi.name as ownerInstitutionName',
    't.dueOn',
    't.progress',
    't.weight',
    't.progressNote',
    't.doneOn',
    taskStatus(today).as('status'),
    't.createdAt',
    't.updatedAt',
  ]);
}

export function listTasks(db: Db, p: Principal, q: GoalTaskListQuery, today: string) {
  let qb = taskBase(db, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([
        eb('t.title', 'ilike', likePattern(q.q!)),
        eb('g.title', 'ilike', likePattern(q.q!)),
        eb(sql<string>`coalesce(ou.display_name, od.name, oi.name)`, 'ilike', likePattern(q.q!)),
      ]),
    );
  if (q.consortiumId) qb = qb.where('t.consortiumId', '=', q.consortiumId);
  if (q.goalId) qb = qb.where('t.goalId', '=', q.goalId);
  if (q.year) qb = qb.where('g.year', '=', q.year);
  if (q.ownerKind) qb = qb.where('t.ownerKind', '=', q.ownerKind);
  if (q.ownerId)
    qb = qb.where(
      sql<boolean>`coalesce(t.owner_user_id, t.owner_department_id, t.owner_institution_id) = ${q.ownerId}`,
    );
  if (q.status) qb = qb.where(sql<boolean>`${taskStatus(today)} = ${q.status}`);
  if (q.mine === 'true') qb = qb.where(ownedBy(p, 't'));
  return paginate(qb, q, (b) => taskColumns(b, today).orderBy('t.dueOn').orderBy('t.title'));
}

export function findTask(db: Db, p: Principal, id: string, today: string) {
  return taskColumns(taskBase(db, p), today).where('t.id', '=', id).executeTakeFirst();
}
export type TaskRecord = NonNullable<Awaited<ReturnType<typeof findTask>>>;

function goalBase(db: Db, p: Principal) {
  return db
    .selectFrom('goals as g')
    .innerJoin('consortia as c', 'c.id', 'g.consortiumId')
    .where(consortiumVisible(p, 'g.consortiumId'));
}

/** A goal with its tasks rolled up: counts, overdue, and progress weighted by each task's weight. */
function goalColumns<Q extends ReturnType<typeof goalBase>>(qb: Q, today: string) {
  const agg = (expr: string) => sql.raw(`(select ${expr} from goal_tasks t where t.goal_id = g.id)`);
  return qb.select([
    'g.id',
    'g.consortiumId',
    'c.name as consortiumName',
    'g.year',
    'g.title',
    'g.description',
    sql<number>`${agg('count(*)::int')}`.as('taskCount'),
    sql<number>`${agg('count(*) filter (where t.progress >= 100)::int')}`.as('doneCount'),
    sql<number>`(select count(*)::int from goal_tasks t where t.goal_id = g.id and t.progress < 100 and t.due_on < ${today})`.as(
      'overdueCount',
    ),
    sql<number>`${agg('coalesce(round(sum(t.progress * t.weight)::numeric / nullif(sum(t.weight), 0), 1), 0)::float8')}`.as(
      'progress',
    ),
    'g.createdAt',
    'g.updatedAt',
  ]);
}

export function listGoals(db: Db, p: Principal, q: GoalListQuery, today: string) {
  let qb = goalBase(db, p);
  if (q.q) qb = qb.where('g.title', 'ilike', likePattern(q.q));
  if (q.consortiumId) qb = qb.where('g.consortiumId', '=', q.consortiumId);
  if (q.year) qb = qb.where('g.year', '=', q.year);
  return paginate(qb, q, (b) => goalColumns(b, today).orderBy('g.year', 'desc').orderBy('g.title'));
}

export function findGoal(db: Db, p: Principal, id: string, today: string) {
  return goalColumns(goalBase(db, p), today).where('g.id', '=', id).executeTakeFirst();
}
