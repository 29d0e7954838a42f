import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { maskIdNumber, maskNumbersInText, maskPhone, type AuditAction } from '@yilian/domain';
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

/**
 * Personal numbers enter the trail masked, as every screen shows them: the trail can never be
 * erased, so it must not become a register of identity, phone and insurance numbers. The record
 * it names (entityId) still leads to the patient; the full numbers stay in their own tables,
 * behind the audited reveal. Free text (a reason, a summary) has any identity or mobile number
 * in it masked too.
 */
const PHONE_KEY = /phone|mobile/i;
const ID_KEY = /idNumber|insuranceNo|insuranceNumber/i;

export function scrub(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => scrub(v, key));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!SECRET_KEYS.has(k)) out[k] = scrub(v, k);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (PHONE_KEY.test(key)) return maskPhone(value);
    if (ID_KEY.test(key)) return maskIdNumber(value);
    return maskNumbersInText(value);
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
  /** The first row whose hash or link is wrong, or that disagrees with a signed checkpoint, and why. */
  firstBad?: { id: number; reason: string };
  /** How many signed checkpoints the chain was checked against. */
  checkpoints: number;
}

interface Walk {
  rows: number;
  lastId: number;
  firstBad?: { id: number; reason: string };
}

/**
 * Walks the chain in id order from the row after `afterId` (whose hash is `prevHash`) up to
 * `upToId`, recomputing every hash and checking every link; `onRow` sees each good row with the
 * number of rows walked so far and may name a problem, which stops the walk.
 */
export async function walkAuditChain(
  db: Db,
  from: { afterId: number; prevHash: string; upToId?: number },
  onRow?: (row: { id: number; hash: string }, rows: number) => string | null,
): Promise<Walk> {
  let prev = from.prevHash;
  let lastId = from.afterId;
  let rows = 0;
  for (;;) {
    let q = db.selectFrom('auditLog').selectAll().where('id', '>', lastId);
    if (from.upToId !== undefined) q = q.where('id', '<=', from.upToId);
    const batch = await q.orderBy('id').limit(1000).execute();
    if (batch.length === 0) break;
    for (const row of batch) {
      rows++;
      if (row.prevHash !== prev)
        return {
          rows,
          lastId,
          firstBad: { id: row.id, reason: 'link broken: the row before it was changed or deleted' },
        };
      if (auditHash(row as HashedFields) !== row.hash)
        return {
          rows,
          lastId,
          firstBad: { id: row.id, reason: 'content does not match its hash: the row was edited' },
        };
      const problem = onRow?.(row, rows);
      if (problem) return { rows, lastId, firstBad: { id: row.id, reason: problem } };
      prev = row.hash;
      lastId = row.id;
    }
  }
  return { rows, lastId };
}

/** What verification needs of a signed checkpoint (checkpoint.ts reads and checks the file). */
export interface ChainCheckpoint {
  chain: string;
  at: string;
  rows: number;
  lastId: number;
  head: string;
}

/**
 * Walks the whole chain and recomputes every hash; and, given signed checkpoints, checks that the
 * chain still holds each one: the row it names, with the hash and the number of rows before it
 * that were signed. A forger who edits or deletes rows and re-hashes everything after them passes
 * the first check but not the second, nor one who deletes the newest rows.
 */
export async function verifyAuditChain(db: Db, checkpoints: ChainCheckpoint[] = []): Promise<VerifyResult> {
  const pending = checkpoints.filter((c) => c.chain === 'global').sort((a, b) => a.lastId - b.lastId);
  let k = 0;
  const walk = await walkAuditChain(db, { afterId: 0, prevHash: GENESIS_HASH }, (row, rows) => {
    for (; k < pending.length && pending[k]!.lastId <= row.id; k++) {
      const cp = pending[k]!;
      if (cp.lastId === 0) continue;
      if (cp.lastId < row.id)
        return `rows deleted: row ${cp.lastId}, the newest row of the signed checkpoint of ${cp.at}, is missing before row ${row.id}`;
      if (row.hash !== cp.head)
        return `row ${row.id} differs from the signed checkpoint of ${cp.at}: it, or a row before it, was changed and the chain re-hashed`;
      if (rows !== cp.rows)
        return `row ${row.id} had ${cp.rows} rows up to it at the signed checkpoint of ${cp.at}, and has ${rows} now: rows were ${rows < cp.rows ? 'deleted' : 'inserted'} and the chain re-hashed`;
    }
    return null;
  });
  const result = { rows: walk.rows, checkpoints: pending.length };
  if (walk.firstBad) return { ok: false, ...result, firstBad: walk.firstBad };
  const beyond = pending.slice(k).filter((c) => c.lastId > walk.lastId);
  if (beyond.length) {
    const cp = beyond[beyond.length - 1]!;
    return {
      ok: false,
      ...result,
      firstBad: {
        id: cp.lastId,
        reason: `rows deleted after the checkpoint of ${cp.at}: it was signed at row ${cp.lastId} with ${cp.rows} rows, and the chain now ends at row ${walk.lastId} with ${walk.rows} rows`,
      },
    };
  }
  return { ok: true, ...result };
}
