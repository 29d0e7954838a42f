import { sql } from 'kysely';
import type { SystemClientListQuery } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { clientsManageable } from './client.policy.js';
import { permissionsOf } from './client.scopes.js';

// Queries of system clients, their tokens and the ids of the assertions they used.

function base(db: Db, p: Principal) {
  return db
    .selectFrom('systemClients as c')
    .innerJoin('institutions as i', 'i.id', 'c.institutionId')
    .innerJoin('users as a', 'a.id', 'c.userId')
    .leftJoin('users as cb', 'cb.id', 'c.createdBy')
    .leftJoin('users as rb', 'rb.id', 'c.revokedBy')
    .where(clientsManageable(p));
}

const columns = [
  'c.id',
  'c.name',
  'c.institutionId',
  'i.name as institutionName',
  'i.code as institutionCode',
  'c.userId as accountId',
  'a.username as accountName',
  'c.scopes',
  'c.jwks',
  'c.createdAt',
  'cb.displayName as createdByName',
  'c.keysRotatedAt',
  'c.revokedAt',
  'rb.displayName as revokedByName',
  'c.revokeReason',
  'c.lastTokenAt',
  'c.lastTokenIp',
  'c.lastUsedAt',
  'c.lastUsedIp',
] as const;

export function listClients(db: Db, p: Principal, q: SystemClientListQuery) {
  let qb = base(db, p);
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) =>
      eb.or([
        eb('c.name', 'ilike', like),
        eb('i.name', 'ilike', like),
        eb(sql<string>`c.id::text`, 'ilike', like),
      ]),
    );
  }
  if (q.institutionId) qb = qb.where('c.institutionId', '=', q.institutionId);
  if (q.state === 'active') qb = qb.where('c.revokedAt', 'is', null);
  if (q.state === 'revoked') qb = qb.where('c.revokedAt', 'is not', null);
  return paginate(qb, q, (b) =>
    b
      .select(columns)
      .orderBy(sql`c.revoked_at is not null`)
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id'),
  );
}

export function findClient(db: Db, p: Principal, id: string) {
  return base(db, p).select(columns).where('c.id', '=', id).executeTakeFirst();
}
export type ClientRecord = NonNullable<Awaited<ReturnType<typeof findClient>>>;

/** A client as the token endpoint needs it, by id, whoever asks. */
export function findClientForToken(db: Db, id: string) {
  return db
    .selectFrom('systemClients as c')
    .innerJoin('users as a', 'a.id', 'c.userId')
    .select([
      'c.id',
      'c.name',
      'c.institutionId',
      'c.userId',
      'c.scopes',
      'c.jwks',
      'c.revokedAt',
      'a.username',
      'a.consortiumId',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type TokenClient = NonNullable<Awaited<ReturnType<typeof findClientForToken>>>;

/** The consortia an institution belongs to now, the longest-standing first. */
export async function currentConsortia(db: Db, institutionId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('consortiumId')
    .where('institutionId', '=', institutionId)
    .where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>', today)]))
    .where('joinedOn', '<=', today)
    .orderBy('joinedOn')
    .orderBy('consortiumId')
    .execute();
  return rows.map((r) => r.consortiumId);
}

/**
 * The principal of a bearer token: the client's service account with the permissions of the
 * token's scopes. Nothing when the token is unknown, expired, or its client revoked.
 */
export async function findPrincipalByToken(
  db: Db,
  tokenId: string,
  now: Date,
): Promise<(Principal & { lastUsedAt: string | null; lastUsedIp: string | null }) | undefined> {
  const row = await db
    .selectFrom('clientTokens as t')
    .innerJoin('systemClients as c', 'c.id', 't.clientId')
    .innerJoin('users as u', 'u.id', 'c.userId')
    .select([
      'u.id as userId',
      'u.username',
      'u.displayName',
      'u.role',
      'u.consortiumId',
      'u.institutionId',
      'u.regionCode',
      'c.id as clientId',
      't.scopes',
      'c.lastUsedAt',
      'c.lastUsedIp',
    ])
    .where('t.id', '=', tokenId)
    .where('t.expiresAt', '>', now.toISOString())
    .where('c.revokedAt', 'is', null)
    .where('u.disabled', '=', false)
    .where('u.systemAccount', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const scopes = row.scopes.split(' ').filter(Boolean);
  return {
    ...row,
    mustChangePassword: false,
    scopes,
    permissions: permissionsOf(scopes),
  };
}

/** Notes a request made with a client's token (the web shows the last one). */
export async function touchClientUse(db: Db, clientId: string, ip: string, now: Date): Promise<void> {
  await db
    .updateTable('systemClients')
    .set({ lastUsedAt: now.toISOString(), lastUsedIp: ip })
    .where('id', '=', clientId)
    .execute();
}
