import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AuditAction } from '@yilian/domain';
import type { Actor, Services, Tx } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { audited, changedFields } from '../shared/audited.js';

// Insert, update and delete of the dispatch tables, each with its audit row in the same
// transaction (the registry's helpers in shared/audited.ts name only the registry's tables).

export type DispatchTable =
  | 'dispatchProgrammes'
  | 'dispatchBatches'
  | 'dispatchPostings'
  | 'dispatchDemands'
  | 'expertProfiles'
  | 'departmentStaffing'
  | 'dispatchPlans';

export interface Entity<T extends DispatchTable> {
  table: T;
  entityType: string;
  consortiumId: string;
  institutionId?: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (trx: Tx) => trx as unknown as Kysely<any>;
const act = (e: Entity<DispatchTable>, verb: string) => `${e.entityType}.${verb}` as AuditAction;

/** Inserts a row (inside `check`'s transaction when given) and records `<entity>.created`. */
export async function insertRow<T extends DispatchTable>(
  s: Services,
  actor: Actor,
  e: Entity<T>,
  values: Insertable<DB[T]>,
  check?: (trx: Tx) => Promise<void>,
): Promise<string> {
  return audited(s, actor, async (trx) => {
    await check?.(trx);
    const row = (await loose(trx)
      .insertInto(e.table as string)
      .values(values as never)
      .returningAll()
      .executeTakeFirstOrThrow()) as { id: string };
    return {
      result: row.id,
      event: {
        action: act(e, 'created'),
        entityType: e.entityType,
        entityId: row.id,
        consortiumId: e.consortiumId,
        institutionId: e.institutionId ?? null,
        after: row,
      },
    };
  });
}

/** Applies a patch and records the fields that changed; a patch that changes nothing writes nothing. */
export async function updateRow<T extends DispatchTable, R extends object>(
  s: Services,
  actor: Actor,
  e: Entity<T> & { id: string; current: R; patch: { [K in keyof R]?: unknown }; values?: Updateable<DB[T]> },
  check?: (trx: Tx) => Promise<void>,
): Promise<void> {
  const diff = changedFields(e.current, e.patch);
  if (Object.keys(diff.after).length === 0) return;
  await audited(s, actor, async (trx) => {
    await check?.(trx);
    await loose(trx)
      .updateTable(e.table as string)
      .set({ ...(e.values ?? e.patch), updatedAt: new Date().toISOString() } as Record<string, unknown>)
      .where('id', '=', e.id)
      .execute();
    return {
      result: null,
      event: {
        action: act(e, 'updated'),
        entityType: e.entityType,
        entityId: e.id,
        consortiumId: e.consortiumId,
        institutionId: e.institutionId ?? null,
        ...diff,
      },
    };
  });
}

/** Deletes a row and records what it was; a row still referenced answers 409 (foreign key). */
export async function deleteRow<T extends DispatchTable>(
  s: Services,
  actor: Actor,
  e: Entity<T> & { id: string; before: unknown },
): Promise<void> {
  await audited(s, actor, async (trx) => {
    await loose(trx)
      .deleteFrom(e.table as string)
      .where('id', '=', e.id)
      .execute();
    return {
      result: null,
      event: {
        action: act(e, 'deleted'),
        entityType: e.entityType,
        entityId: e.id,
        consortiumId: e.consortiumId,
        institutionId: e.institutionId ?? null,
        before: e.before,
      },
    };
  });
}
