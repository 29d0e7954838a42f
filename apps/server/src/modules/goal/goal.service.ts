import type { Goal, GoalCreate, GoalListQuery, GoalUpdate, Page } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { todayInChina } from '../shared/paginate.js';
import { deleteRow, insertRow, updateRow } from './crud.js';
import { findGoal, listGoals } from './goal.repository.js';

// Yearly goals of a consortium (年度目标). Their progress is their tasks' progress, weighted.

const today = (s: Services) => todayInChina(s.now());

export async function list(s: Services, p: Principal, q: GoalListQuery): Promise<Page<Goal>> {
  return listGoals(s.db, p, q, today(s));
}

export async function get(s: Services, p: Principal, id: string): Promise<Goal> {
  const g = await findGoal(s.db, p, id, today(s));
  if (!g) throw notFound('goal');
  return g;
}

const target = (consortiumId: string) => ({ table: 'goals' as const, entityType: 'goal', consortiumId });

export async function create(s: Services, p: Principal, actor: Actor, body: GoalCreate): Promise<Goal> {
  if (!managesConsortium(p, body.consortiumId)) throw invalid('consortiumId', 'not a consortium you manage');
  const { consortiumId, ...values } = body;
  const id = await insertRow(s, actor, target(consortiumId), {
    ...values,
    description: body.description ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: GoalUpdate,
): Promise<Goal> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await updateRow(s, actor, { ...target(current.consortiumId), id, current, patch });
  return get(s, p, id);
}

/** A goal goes with its tasks; key projects that served it stay, unlinked. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await deleteRow(s, actor, { ...target(current.consortiumId), id, before: current });
}
