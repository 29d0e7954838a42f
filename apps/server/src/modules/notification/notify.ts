import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import { NOTIFY_CHANNEL } from './bus.js';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  referralId?: string | null;
  consortiumId?: string | null;
}

/** Writes one notification per recipient inside the caller's transaction and signals it at commit. */
export async function notify(trx: Tx, userIds: readonly string[], n: NewNotification): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const rows = await trx
    .insertInto('notifications')
    .values(
      unique.map((userId) => ({
        userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? null,
        referralId: n.referralId ?? null,
        consortiumId: n.consortiumId ?? null,
        readAt: null,
      })),
    )
    .returning(['id', 'userId'])
    .execute();
  for (const r of rows) {
    await sql`select pg_notify(${NOTIFY_CHANNEL}, ${JSON.stringify({ userId: r.userId, id: r.id })})`.execute(
      trx,
    );
  }
}

/** Active users of an institution with one of the roles. */
export async function usersOf(trx: Tx, institutionId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('institutionId', '=', institutionId)
    .where('role', 'in', roles as never)
    // A hospital system's service account is not a person to tell.
    .where('systemAccount', '=', false)
    .where('disabled', '=', false)
    .execute();
  return rows.map((r) => r.id);
}

/** The consortium office's accounts. */
export async function officeOf(trx: Tx, consortiumId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('consortiumId', '=', consortiumId)
    .where('role', '=', 'consortium_office')
    .where('disabled', '=', false)
    .execute();
  return rows.map((r) => r.id);
}
