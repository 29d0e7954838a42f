import { createHash, randomBytes } from 'node:crypto';
import type { Db, Principal } from '../../context.js';

/** The cookie carries a random token; the database keeps only its SHA-256. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function findPrincipalBySession(
  db: Db,
  sessionId: string,
): Promise<(Principal & { lastSeenAt: string }) | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select([
      'u.id as userId',
      'u.username',
      'u.displayName',
      'u.role',
      'u.consortiumId',
      'u.institutionId',
      'u.regionCode',
      'u.mustChangePassword',
      's.lastSeenAt',
    ])
    .where('s.id', '=', sessionId)
    .where('s.expiresAt', '>', new Date().toISOString())
    .where('u.disabled', '=', false)
    .executeTakeFirst();
}

export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ lastSeenAt: new Date().toISOString() })
    .where('id', '=', sessionId)
    .execute();
}
