import { randomUUID } from 'node:crypto';
import {
  systemClientCreate,
  type ClientJwks,
  type Page,
  type SystemClient,
  type SystemClientListQuery,
} from '@yilian/domain';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Db, Principal, Services } from '../../context.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { audited } from '../shared/audited.js';
import { todayInChina } from '../shared/paginate.js';
import { checkKeyMaterial, keySummary } from './client.keys.js';
import { institutionForNewClient } from './client.policy.js';
import { currentConsortia, findClient, listClients, type ClientRecord } from './client.repository.js';

// Registering, listing, rotating the keys of and revoking system clients. Each change and its
// audit row commit together; revoking ends the client's tokens in the same transaction, so a
// revoked client is refused by the very next request on every server.

type CreateBody = z.output<typeof systemClientCreate>;

/** The audit trail's name for a client's account: never a valid username, so never a person's. */
export const clientAccountName = (clientId: string) => `client:${clientId}`;

function present(r: ClientRecord): SystemClient {
  const { scopes, jwks, ...rest } = r;
  return {
    ...rest,
    scopes: scopes.split(' ').filter(Boolean),
    keys: keySummary(jwks),
    state: r.revokedAt ? 'revoked' : 'active',
  };
}

export async function list(s: Services, p: Principal, q: SystemClientListQuery): Promise<Page<SystemClient>> {
  const page = await listClients(s.db, p, q);
  return { ...page, items: page.items.map(present) };
}

async function record(s: Services, p: Principal, id: string): Promise<ClientRecord> {
  const found = await findClient(s.db, p, id);
  if (!found) throw notFound('system client');
  return found;
}

export async function get(s: Services, p: Principal, id: string): Promise<SystemClient> {
  return present(await record(s, p, id));
}

export interface NewClient {
  name: string;
  institutionId: string;
  scopes: string[];
  jwks: ClientJwks;
}

/**
 * Registers a client and the account it acts through (a clinician-role account of the
 * institution, in its longest-standing consortium, marked a system account: no password ever
 * opens it). Shared by the web and `yilian create-client`.
 */
export async function registerClient(db: Db, actor: Actor, c: NewClient, now: Date): Promise<{ id: string }> {
  const institution = await db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('id', '=', c.institutionId)
    .executeTakeFirst();
  if (!institution) throw invalid('institutionId', 'no such institution');
  const [consortiumId] = await currentConsortia(db, c.institutionId, todayInChina(now));
  if (!consortiumId)
    throw invalid('institutionId', 'belongs to no consortium now: its client would see nothing');
  await checkKeyMaterial(c.jwks);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const account = await trx
      .insertInto('users')
      .values({
        username: clientAccountName(id),
        displayName: c.name,
        // Not an argon2 hash: no password verifies against it, and sign-in refuses system accounts.
        passwordHash: '!system-client',
        role: 'clinician',
        consortiumId,
        institutionId: c.institutionId,
        regionCode: null,
        systemAccount: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('systemClients')
      .values({
        id,
        name: c.name,
        institutionId: c.institutionId,
        userId: account.id,
        scopes: c.scopes.join(' '),
        jwks: JSON.stringify(c.jwks),
        createdBy: actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'client.created',
      entityType: 'system_client',
      entityId: id,
      consortiumId,
      institutionId: c.institutionId,
      after: {
        name: c.name,
        institutionId: c.institutionId,
        scopes: c.scopes,
        keys: keySummary(c.jwks),
        accountId: account.id,
      },
    });
  });
  return { id };
}

export async function register(
  s: Services,
  p: Principal,
  actor: Actor,
  body: CreateBody,
): Promise<SystemClient> {
  const institutionId = institutionForNewClient(p, body.institutionId);
  const { id } = await registerClient(
    s.db,
    actor,
    { name: body.name, institutionId, scopes: body.scopes, jwks: body.jwks },
    s.now(),
  );
  return get(s, p, id);
}

/** The account's consortium, for the audit row of a change to the client. */
async function consortiumOf(s: Services, r: ClientRecord) {
  const a = await s.db
    .selectFrom('users')
    .select('consortiumId')
    .where('id', '=', r.accountId)
    .executeTakeFirst();
  return a?.consortiumId ?? null;
}

/**
 * Replaces the client's public keys. The tokens issued so far end with the old keys: a key is
 * often rotated because it leaked, and a client simply asks for a new token.
 */
export async function rotateKeys(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: { jwks: ClientJwks; note?: string | null },
): Promise<SystemClient> {
  const current = await record(s, p, id);
  if (current.revokedAt) throw conflict('The client is revoked: register a new one');
  await checkKeyMaterial(body.jwks);
  const consortiumId = await consortiumOf(s, current);
  const now = s.now().toISOString();
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable('systemClients')
      .set({ jwks: JSON.stringify(body.jwks), keysRotatedAt: now, updatedAt: now })
      .where('id', '=', id)
      .execute();
    const ended = await trx.deleteFrom('clientTokens').where('clientId', '=', id).executeTakeFirst();
    return {
      result: null,
      event: {
        action: 'client.keys_rotated',
        entityType: 'system_client',
        entityId: id,
        consortiumId,
        institutionId: current.institutionId,
        before: { keys: keySummary(current.jwks) },
        after: {
          keys: keySummary(body.jwks),
          tokensEnded: Number(ended.numDeletedRows),
          ...(body.note ? { note: body.note } : {}),
        },
      },
    };
  });
  return get(s, p, id);
}

/** Revokes the client for good: its tokens end now, it gets no new ones, its account is disabled. */
export async function revoke(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: { reason?: string | null },
): Promise<SystemClient> {
  const current = await record(s, p, id);
  if (current.revokedAt) throw conflict('The client is already revoked');
  const consortiumId = await consortiumOf(s, current);
  const now = s.now().toISOString();
  await audited(s, actor, async (trx) => {
    // Conditional: of two revocations at once, one wins and the other changes nothing.
    const done = await trx
      .updateTable('systemClients')
      .set({ revokedAt: now, revokedBy: actor.userId, revokeReason: body.reason ?? null, updatedAt: now })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw conflict('The client is already revoked');
    const ended = await trx.deleteFrom('clientTokens').where('clientId', '=', id).executeTakeFirst();
    await trx
      .updateTable('users')
      .set({ disabled: true, updatedAt: now })
      .where('id', '=', current.accountId)
      .execute();
    return {
      result: null,
      event: {
        action: 'client.revoked',
        entityType: 'system_client',
        entityId: id,
        consortiumId,
        institutionId: current.institutionId,
        after: { tokensEnded: Number(ended.numDeletedRows), ...(body.reason ? { reason: body.reason } : {}) },
      },
    };
  });
  return get(s, p, id);
}
