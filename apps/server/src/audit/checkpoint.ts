import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../context.js';
import { GENESIS_HASH, walkAuditChain } from './audit.js';
import { canonicalJson } from './canonical-json.js';

// Signed checkpoints of the audit trail, kept outside the database.
//
// The hash chain shows an edit or a deletion inside the trail, but not one made by whoever owns the
// database and recomputes the hashes after it, nor the deletion of the newest rows. So the server
// signs, every few minutes and when it stops, what the chain is: its head row, that row's hash and
// the number of rows, with a key the database does not hold (YILIAN_AUDIT_KEY, or a key generated
// once into the data folder). The checkpoints go to a file of JSON lines in the data folder, one a
// line, only ever appended to, which the operator copies off the machine; `audit verify` then
// checks the chain against every one of them. This is how Certificate Transparency logs and
// Trillian publish their signed tree heads.

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const KEY_FILE = 'audit-checkpoint.key';
/** The one chain there is today; a chain per consortium will name itself here. */
export const GLOBAL_CHAIN = 'global';

export interface Checkpoint {
  v: 1;
  /** Which chain: 'global' while the trail is one chain. */
  chain: string;
  /** When it was signed (ISO 8601). */
  at: string;
  /** How many rows the chain had, up to and including its head. */
  rows: number;
  /** The id of the chain's head row (0: an empty chain). */
  lastId: number;
  /** That row's hash. */
  head: string;
  /** Which key signed it: the start of the key's SHA-256. */
  keyId: string;
  /** HMAC-SHA256 (hex) of the fields above, as canonical JSON. */
  mac: string;
}

export interface CheckpointStore {
  file: string;
  key: Buffer;
  keyId: string;
  /** Where the key came from, for messages: the environment variable or the key file. */
  keySource: string;
}

/** Where checkpoints are kept and the key that signs them; generates the key file when needed. */
export function checkpointStore(
  config: { dataDir: string; auditKey?: string },
  file?: string,
): CheckpointStore {
  const key = config.auditKey ? Buffer.from(config.auditKey, 'utf8') : keyFromFile(config.dataDir);
  return {
    file: file ?? path.join(config.dataDir, CHECKPOINT_FILE),
    key,
    keyId: createHash('sha256').update(key).digest('hex').slice(0, 16),
    keySource: config.auditKey ? 'YILIAN_AUDIT_KEY' : path.join(config.dataDir, KEY_FILE),
  };
}

function keyFromFile(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': never overwrite a key another process has just written.
    fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new Error(`${file}: the audit checkpoint key is shorter than 32 characters`);
  return Buffer.from(text, 'utf8');
}

type Unsigned = Omit<Checkpoint, 'mac'>;

function macOf(key: Buffer, c: Unsigned): string {
  return createHmac('sha256', key)
    .update(canonicalJson([c.v, c.chain, c.at, c.rows, c.lastId, c.head, c.keyId]))
    .digest('hex');
}

export function signCheckpoint(store: CheckpointStore, c: Omit<Unsigned, 'v' | 'keyId'>): Checkpoint {
  const unsigned: Unsigned = { v: 1, ...c, keyId: store.keyId };
  return { ...unsigned, mac: macOf(store.key, unsigned) };
}

function isCheckpoint(x: unknown): x is Checkpoint {
  const c = x as Checkpoint;
  return (
    !!c &&
    c.v === 1 &&
    typeof c.chain === 'string' &&
    typeof c.at === 'string' &&
    Number.isSafeInteger(c.rows) &&
    c.rows >= 0 &&
    Number.isSafeInteger(c.lastId) &&
    c.lastId >= 0 &&
    /^[0-9a-f]{64}$/.test(c.head) &&
    typeof c.keyId === 'string' &&
    /^[0-9a-f]{64}$/.test(c.mac)
  );
}

export interface ReadCheckpoints {
  /** The checkpoints whose signature holds, in file order. */
  checkpoints: Checkpoint[];
  /** One line for each line that is not a checkpoint signed with this key. */
  problems: string[];
}

/** Reads the checkpoint file (none yet: nothing to check) and checks every line's signature. */
export function readCheckpoints(store: CheckpointStore): ReadCheckpoints {
  let text: string;
  try {
    text = fs.readFileSync(store.file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], problems: [] };
    throw err;
  }
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const n = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(`line ${n}: not a checkpoint (unreadable JSON)`);
      return;
    }
    if (!isCheckpoint(parsed)) {
      problems.push(`line ${n}: not a checkpoint (fields missing or malformed)`);
      return;
    }
    if (parsed.keyId !== store.keyId) {
      problems.push(
        `line ${n}: signed with another key (${parsed.keyId}; the key in ${store.keySource} is ${store.keyId})`,
      );
      return;
    }
    const expected = Buffer.from(macOf(store.key, parsed), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(parsed.mac, 'hex'))) {
      problems.push(`line ${n}: bad signature: the line was changed after it was signed`);
      return;
    }
    checkpoints.push(parsed);
  });
  return { checkpoints, problems };
}

export class CheckpointRefused extends Error {}

/**
 * Signs the chain as it is now and appends the checkpoint to the file. The chain must extend the
 * latest checkpoint: its rows since then are verified (link and hash), and its head then must still
 * be there, unchanged, with as many rows before it; otherwise nothing is signed (CheckpointRefused),
 * so a tampered trail is never blessed. With `onlyIfGrown`, an unchanged chain signs nothing (null).
 */
export async function writeCheckpoint(
  db: Db,
  store: CheckpointStore,
  now: Date,
  opts: { onlyIfGrown?: boolean } = {},
): Promise<Checkpoint | null> {
  // The head and the count in one statement, so one snapshot: rows commit in id order (audit.ts).
  const { rows: found } = await sql<{ id: number; hash: string; n: string | number }>`
    select id, hash, (select count(*) from audit_log) as n
    from audit_log order by id desc limit 1`.execute(db);
  const top = found[0];
  const state = top
    ? { lastId: Number(top.id), head: top.hash, rows: Number(top.n) }
    : { lastId: 0, head: GENESIS_HASH, rows: 0 };

  const previous = latest(readCheckpoints(store).checkpoints);
  if (previous && opts.onlyIfGrown && previous.lastId === state.lastId && previous.head === state.head)
    return null;
  const problem = await extendsCheckpoint(db, previous, state);
  if (problem) throw new CheckpointRefused(`audit checkpoint refused: ${problem}`);

  const cp = signCheckpoint(store, { chain: GLOBAL_CHAIN, at: now.toISOString(), ...state });
  fs.appendFileSync(store.file, `${JSON.stringify(cp)}\n`, { mode: 0o640 });
  return cp;
}

/** The checkpoint of the global chain with the highest head. */
export function latest(checkpoints: Checkpoint[]): Checkpoint | undefined {
  let best: Checkpoint | undefined;
  for (const c of checkpoints) if (c.chain === GLOBAL_CHAIN && (!best || c.lastId >= best.lastId)) best = c;
  return best;
}

async function extendsCheckpoint(
  db: Db,
  from: Checkpoint | undefined,
  to: { lastId: number; head: string; rows: number },
): Promise<string | null> {
  if (from && from.lastId > 0) {
    const row = await db
      .selectFrom('auditLog')
      .select('hash')
      .where('id', '=', from.lastId)
      .executeTakeFirst();
    if (!row) return `row ${from.lastId}, the head of the checkpoint of ${from.at}, is gone`;
    if (row.hash !== from.head) return `row ${from.lastId} differs from the checkpoint of ${from.at}`;
  }
  const walked = await walkAuditChain(db, {
    afterId: from?.lastId ?? 0,
    prevHash: from?.head ?? GENESIS_HASH,
    upToId: to.lastId,
  });
  if (walked.firstBad) return `row ${walked.firstBad.id}: ${walked.firstBad.reason}`;
  const expected = (from?.rows ?? 0) + walked.rows;
  if (expected !== to.rows)
    return `the chain has ${to.rows} rows up to row ${to.lastId}, ${expected} expected${from ? ` from the checkpoint of ${from.at}` : ''}`;
  return null;
}

/**
 * After a restore the trail is another one: its checkpoints so far are kept under a new name
 * (returned), so the new series starts with the restored chain. None yet: null.
 */
export function archiveCheckpoints(store: CheckpointStore, now: Date, why: string): string | null {
  if (!fs.existsSync(store.file)) return null;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const to = store.file.replace(/\.jsonl$/, '') + `.${why}-${stamp}.jsonl`;
  fs.renameSync(store.file, to);
  return to;
}
