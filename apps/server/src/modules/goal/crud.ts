import type { AuditAction } from '@yilian/domain';
import type { Actor, Services, Tx } from '../../context.js';
import { audited, changedFields } from '../shared/audited.js';

// Insert, update and delete of the goal module's tables, each with its audit row in the same
// transaction (the shared helpers in modules/shared/audited.ts cover the registry tables only).

type GoalTable = 'goals' | 'goalTasks' | 'keyProjects' | 'projectMilestones' | 'checklistItems';
interface Target {
  table: GoalTable;
  entityType: string;
  consortiumId: string;
  institutionId?: string | null;
}
const act = (t: Target, verb: string) => `${t.entityType}.${verb}` as AuditAction;

export async function insertRow(s: Services, actor: Actor, t: Target, values: Record<string, unknown>) {
  return audited(s, actor, async (trx: Tx) => {
    const row = (await trx
      .insertInto(t.table)
      .values({ ...values, consortiumId: t.consortiumId } as never)
      .returningAll()
      .executeTakeFirstOrThrow()) as { id: string };
    return {
      result: row.id,
      event: {
        action: act(t, 'created'),
        entityType: t.entityType,
        entityId: row.id,
        consortiumId: t.consortiumId,
        institutionId: t.institutionId ?? null,
        after: row,
      },
    };
  });
}

/** Writes the patch and records what changed; a patch that changes nothing writes nothing. */
export async function updateRow<R extends object>(
  s: Services,
  actor: Actor,
  t: Target & {
    id: string;
    current: R;
    patch: { [K in keyof R]?: unknown };
    values?: Record<string, unknown>;
    verb?: string;
  },
) {
  const diff = changedFields(t.current, t.patch);
  if (Object.keys(diff.after).length === 0) return;
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable(t.table)
      .set({ ...(t.values ?? t.patch), updatedAt: s.now().toISOString() } as never)
      .where('id', '=', t.id)
      .execute();
    return {
      result: null,
      event: {
        action: act(t, t.verb ?? 'updated'),
        entityType: t.entityType,
        entityId: t.id,
        consortiumId: t.consortiumId,
        institutionId: t.institutionId ?? null,
        ...diff,
      },
    };
  });
}

export async function deleteRow(s: Services, actor: Actor, t: Target & { id: string; before: unknown }) {
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom(t.table).where('id', '=', t.id).execute();
    return {
      result: null,
      event: {
        action: act(t, 'deleted'),
        entityType: t.entityType,
        entityId: t.id,
        consortiumId: t.consortiumId,
        institutionId: t.institutionId ?? null,
        before: t.before,
      },
    };
  });
}
