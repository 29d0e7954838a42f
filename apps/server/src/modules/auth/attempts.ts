import { sql } from 'kysely';
import type { Db, Services, Tx } from '../../context.js';

// The account lockout, counted by the database so that no concurrency outruns it. Before a password is
// checked against the hash, the attempt takes a place in users.failed_logins with one conditional
// UPDATE; the place that fills the last of loginMaxFailures locks the account at once. So at most that
// many guesses are ever checked for an account within a lock window, however many arrive together.
// A right password gives back its own place and every earlier one ("wrong passwords in a row"); places
// taken after it, by attempts still under way, stay counted.

export interface Attempt {
  /** This attempt's place in the run of failures: 1 .. loginMaxFailures. */
  place: number;
  /** Set when this attempt took the last place: the account is locked until then. */
  lockedUntil: string | null;
}

/** Takes a place for one password check, or null when the account is locked (check nothing then). */
export async function reserveAttempt(s: Services, userId: string): Promise<Attempt | null> {
  // The wall clock, as for sessions and the user list's "locked" (a test's fake clock moves deadlines).
  const now = new Date();
  const max = s.config.loginMaxFailures;
  const until = new Date(now.getTime() + s.config.lockMinutes * 60_000).toISOString();
  // After a lock has run out, a new run begins.
  const place = sql<number>`(case when locked_until is null then failed_logins + 1 else 1 end)`;
  const row = await s.db
    .updateTable('users')
    .set({
      failedLogins: place,
      lockedUntil: sql<string | null>`case when ${place} >= ${max} then ${until}::timestamptz end`,
    })
    .where('id', '=', userId)
    .where((eb) =>
      eb.or([
        eb.and([eb('lockedUntil', 'is', null), eb('failedLogins', '<', max)]),
        eb('lockedUntil', '<=', now.toISOString()),
      ]),
    )
    .returning(['failedLogins', 'lockedUntil'])
    .executeTakeFirst();
  return row ? { place: row.failedLogins, lockedUntil: row.lockedUntil } : null;
}

/** The right password: gives back this attempt's place and the earlier ones, and lifts the lock. */
export async function releaseAttempt(trx: Tx, userId: string, attempt: Attempt): Promise<void> {
  await trx
    .updateTable('users')
    .set({ failedLogins: sql<number>`greatest(failed_logins - ${attempt.place}, 0)`, lockedUntil: null })
    .where('id', '=', userId)
    .execute();
}

/** Until when the account is locked, for the refusal's message (null: a lock that just ended). */
export async function lockedUntilOf(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('lockedUntil').where('id', '=', userId).executeTakeFirst();
  return row?.lockedUntil ?? null;
}
