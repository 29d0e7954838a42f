import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AuditAction } from '@yilian/domain';
import type { Actor, Db, Tx } from '../context.js';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);
// Any fixed number: the advisory lock that orders writers of the chain.
const CHAIN_LOCK = 73_012_024;

/** Fields that never enter the trail, whatever the entity. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'token']);

export interface AuditEvent {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  consortiumId?: string | null;
  /** For changes to an institution's own records (departments, staff): whose they are. */
  institutionId?: string | null;
  before?: unknown;
  after?: unknown;
}

function scrub(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!SECRET_KEYS.has(k)) out[k] = scrub(v);
    }
    return out;
  }
  return value;
}

export interface HashedFields {
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  consortiumId: string | null;
  institutionId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

export function auditHash(row: HashedFields): string {
  const body = canonicalJson([
    row.at,
    row.actorId,
    row.actorName,
    row.ip,
    row.action,
    row.entityType,
    row.entityId,
    row.consortiumId,
    row.institutionId,
    row.before ?? null,
    row.after ?? null,
    row.prevHash,
  ]);
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Appends one row to the chain inside the caller's transaction, so the change and its record
 * commit or roll back together. Writers take a transaction-scoped advisory lock, so each row
 * links to the row committed before it.
 */
export async function recordAudit(trx: Tx, actor: Actor, event: AuditEvent): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('auditLog')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fields: HashedFields = {
    at: new Date().toISOString(),
    actorId: actor.userId,
    actorName: actor.username,
    ip: actor.ip,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    consortiumId: event.consortiumId ?? null,
    institutionId: event.institutionId ?? null,
    before: scrub(event.before),
    after: scrub(event.after),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditHash(fields);
  await trx
    .insertInto('auditLog')
    .values({
      ...fields,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      hash,
    })
    .execute();
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  /** The first row whose hash or link is wrong, and why. */
  firstBad?: { id: number; reason: string };
}

/** Walks the chain in order and recomputes every hash. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  for (;;) {
    const batch = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (batch.length === 0) break;
    for (const row of batch) {
      rows++;
      if (row.prevHash !== prev) {
        return {
          ok: false,
          rows,
          firstBad: { id: row.id, reason: 'link broken: the row before it was changed or deleted' },
        };
      }
      if (auditHash(row as HashedFields) !== row.hash) {
        return {
          ok: false,
          rows,
          firstBad: { id: row.id, reason: 'content does not match its hash: the row was edited' },
        };
      }
      prev = row.hash;
      lastId = row.id;
    }
  }
  return { ok: true, rows };
}
