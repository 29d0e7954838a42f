import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AuditAction } from '@yilian/domain';
import { recordAudit, type AuditEvent } from '../../audit/audit.js';
import type { Actor, Services, Tx } from '../../context.js';
import type { DB } from '../../db/schema.js';

/**
 * One change and its audit row in one transaction. `change` does the write and returns the
 * result and the event to record; if either fails, neither is kept.
 */
export async function audited<T>(
  s: Services,
  actor: Actor,
  change: (trx: Tx) => Promise<{ result: T; event: AuditEvent }>,
): Promise<T> {
  return s.db.transaction().execute(async (trx) => {
    const { result, event } = await change(trx);
    await recordAudit(trx, actor, event);
    return result;
  });
}

/** Only the fields a patch actually changes, for a compact before/after. */
export function changedFields<T extends object>(
  before: T,
  patch: { [K in keyof T]?: unknown },
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(patch[key])) {
      b[key] = before[key];
      a[key] = patch[key] as T[typeof key];
    }
  }
  return { before: b, after: a };
}

/** The helpers below write to a table chosen at run time; its row types are checked at the call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (trx: Tx) => trx as unknown as Kysely<any>;

type Table =
  | 'consortia'
  | 'institutions'
  | 'memberships'
  | 'agreements'
  | 'departments'
  | 'staff'
  | 'users'
  | 'capacitySlots'
  | 'sharedResources';

/** A record of the registry as the audit trail names it. */
export interface Target<T extends Table> {
  table: T;
  entityType: string;
  consortiumId?: string | null;
  institutionId?: string | null;
}

const action = (t: Target<Table>, verb: 'created' | 'updated' | 'deleted') =>
  `${t.entityType}.${verb}` as AuditAction;

/** Inserts a row and records `<entity>.created` with the whole row; returns the new id. */
export async function insertAudited<T extends Table>(
  s: Services,
  actor: Actor,
  target: Target<T>,
  values: Insertable<DB[T]>,
): Promise<string> {
  return audited(s, actor, async (trx) => {
    const row = (await trx
      .insertInto(target.table)
      .values(values as never)
      .returningAll()
      .executeTakeFirstOrThrow()) as unknown as { id: string; consortiumId?: string; institutionId?: string };
    return {
      result: row.id,
      event: {
        action: action(target, 'created'),
        entityType: target.entityType,
        entityId: row.id,
        consortiumId: target.consortiumId ?? row.consortiumId ?? null,
        institutionId: target.institutionId ?? row.institutionId ?? null,
        after: row,
      },
    };
  });
}

/**
 * Applies a patch and records `<entity>.updated` with the fields that changed, before and after.
 * A patch that changes nothing writes nothing. `values` overrides what is stored when it differs
 * from what the client sent (a JSON column, say).
 */
export async function updateAudited<T extends Table, R extends object>(
  s: Services,
  actor: Actor,
  target: Target<T> & {
    id: string;
    current: R;
    patch: { [K in keyof R]?: unknown };
    values?: Updateable<DB[T]>;
  },
): Promise<void> {
  const diff = changedFields(target.current, target.patch);
  if (Object.keys(diff.after).length === 0) return;
  await audited(s, actor, async (trx) => {
    await loose(trx)
      .updateTable(target.table as string)
      .set({ ...(target.values ?? target.patch), updatedAt: new Date().toISOString() } as Record<
        string,
        unknown
      >)
      .where('id', '=', target.id)
      .execute();
    return {
      result: null,
      event: {
        action: action(target, 'updated'),
        entityType: target.entityType,
        entityId: target.id,
        consortiumId: target.consortiumId ?? null,
        institutionId: target.institutionId ?? null,
        ...diff,
      },
    };
  });
}

/** Deletes a row and records `<entity>.deleted` with what it was. A row still referenced answers 409. */
export async function deleteAudited<T extends Table>(
  s: Services,
  actor: Actor,
  target: Target<T> & { id: string; before: unknown },
): Promise<void> {
  await audited(s, actor, async (trx) => {
    await loose(trx)
      .deleteFrom(target.table as string)
      .where('id', '=', target.id)
      .execute();
    return {
      result: null,
      event: {
        action: action(target, 'deleted'),
        entityType: target.entityType,
        entityId: target.id,
        consortiumId: target.consortiumId ?? null,
        institutionId: target.institutionId ?? null,
        before: target.before,
      },
    };
  });
}
