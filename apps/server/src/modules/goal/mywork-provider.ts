import { sql } from 'kysely';
import type { MyWorkItem } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { todayInChina } from '../shared/paginate.js';

/**
 * Goal tasks waiting on the reader, not done: their own, their department's, and (for an
 * institution's administrator, who reports for it) their institution's. Soonest due first.
 */
export async function tasksOnMe(s: Services, p: Principal): Promise<MyWorkItem[]> {
  const today = todayInChina(s.now());
  const rows = await s.db
    .selectFrom('goalTasks as t')
    .innerJoin('goals as g', 'g.id', 't.goalId')
    .select(['t.id', 't.title', 't.dueOn', 't.progress', 'g.title as goalTitle', 'g.year'])
    .where('t.progress', '<', 100)
    .where(consortiumVisible(p, 't.consortiumId'))
    .where(
      sql<boolean>`(t.owner_user_id = ${p.userId}
        or t.owner_department_id in (select st.department_id from staff st join users us on us.staff_id = st.id where us.id = ${p.userId})
        or (${p.role === 'institution_admin'} and t.owner_institution_id = ${p.institutionId}))`,
    )
    .orderBy('t.dueOn')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    kind: 'task',
    id: r.id,
    title: r.title,
    subtitle: `${r.year} ${r.goalTitle} · ${r.progress}%`,
    reason: 'task_due',
    status: r.dueOn < today ? 'overdue' : r.progress > 0 ? 'in_progress' : 'not_started',
    // The end of the due day in China.
    dueAt: new Date(Date.parse(`${r.dueOn}T23:59:59+08:00`)).toISOString(),
    overdue: r.dueOn < today,
    path: `/goals?mine=true`,
  }));
}
