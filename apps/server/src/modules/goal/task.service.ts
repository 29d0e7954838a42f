import type {
  GoalTask,
  GoalTaskCreate,
  GoalTaskListQuery,
  GoalTaskUpdate,
  Page,
  TaskProgress,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { todayInChina } from '../shared/paginate.js';
import { deleteRow, insertRow, updateRow } from './crud.js';
import { findTask, listTasks, type TaskRecord } from './goal.repository.js';
import * as goals from './goal.service.js';
import { mayReport, ownerColumns } from './owner.js';

// Tasks of a goal for a functional department, a member institution or a person, with a due date
// and progress. The owner reports progress; the office sets and changes the tasks.

const today = (s: Services) => todayInChina(s.now());

async function present(s: Services, p: Principal, r: TaskRecord): Promise<GoalTask> {
  const { ownerUserId: _u, ownerDepartmentId: _d, ownerInstitutionId: _i, ...rest } = r;
  return { ...rest, canReport: await mayReport(s, p, r) };
}

export async function list(s: Services, p: Principal, q: GoalTaskListQuery): Promise<Page<GoalTask>> {
  const page = await listTasks(s.db, p, q, today(s));
  const items: GoalTask[] = [];
  for (const r of page.items) items.push(await present(s, p, r));
  return { ...page, items };
}

async function record(s: Services, p: Principal, id: string) {
  const t = await findTask(s.db, p, id, today(s));
  if (!t) throw notFound('task');
  return t;
}

export async function get(s: Services, p: Principal, id: string): Promise<GoalTask> {
  return present(s, p, await record(s, p, id));
}

const target = (consortiumId: string) => ({
  table: 'goalTasks' as const,
  entityType: 'goal_task',
  consortiumId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: GoalTaskCreate,
): Promise<GoalTask> {
  const goal = await goals.get(s, p, body.goalId).catch(() => {
    throw invalid('goalId', 'no such goal');
  });
  if (!managesConsortium(p, goal.consortiumId)) throw forbidden();
  const owner = await ownerColumns(s, goal.consortiumId, body.ownerKind, body.ownerId);
  const id = await insertRow(s, actor, target(goal.consortiumId), {
    goalId: body.goalId,
    title: body.title,
    description: body.description ?? null,
    ...owner,
    dueOn: body.dueOn,
    weight: body.weight,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: GoalTaskUpdate,
): Promise<GoalTask> {
  const current = await record(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const { ownerKind, ownerId, ...plain } = patch;
  const owner = ownerKind && ownerId ? await ownerColumns(s, current.consortiumId, ownerKind, ownerId) : {};
  await updateRow(s, actor, {
    ...target(current.consortiumId),
    id,
    current,
    patch,
    values: { ...plain, ...owner },
  });
  return get(s, p, id);
}

/** Progress from 0 to 100 with a note; 100 marks the task done today, less reopens it. */
export async function report(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: TaskProgress,
): Promise<GoalTask> {
  const current = await record(s, p, id);
  if (!(await mayReport(s, p, current)))
    throw forbidden('Only the owner of the task or the office reports on it');
  const doneOn = body.progress >= 100 ? (current.doneOn ?? today(s)) : null;
  const patch = { progress: body.progress, progressNote: body.note ?? null, doneOn };
  await updateRow(s, actor, { ...target(current.consortiumId), id, current, patch, verb: 'progress' });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await record(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await deleteRow(s, actor, { ...target(current.consortiumId), id, before: current });
}
