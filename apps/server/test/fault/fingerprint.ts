import { sql } from 'kysely';
import type { Db } from '../../src/context.js';

// Has the database changed? Two checks, cheap first:
// - The next transaction id. PostgreSQL assigns an id to a transaction only when it writes, so an
//   unchanged id proves no row anywhere was inserted, updated or deleted (not even one rolled back).
// - When the id moved (a write happened, or one was rolled back), the row count and the latest
//   updated_at of every table, and the audit trail's length: a rolled-back write leaves them as they
//   were; a committed one does not.

export async function nextXid(db: Db): Promise<string> {
  const r = await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db);
  return r.rows[0]!.x;
}

const tableCache = new WeakMap<Db, string[]>();

async function tables(db: Db): Promise<string[]> {
  const cached = tableCache.get(db);
  if (cached) return cached;
  const r = await sql<{ name: string; updated: boolean }>`
    select t.table_name as name,
      exists (select 1 from information_schema.columns c
              where c.table_schema = 'public' and c.table_name = t.table_name
                and c.column_name = 'updated_at') as updated
    from information_schema.tables t
    where t.table_schema = 'public' and t.table_type = 'BASE TABLE' order by 1`.execute(db);
  const parts = r.rows.map(
    (t) =>
      `select '${t.name}' as t, count(*)::text as n, ${t.updated ? 'max(updated_at)::text' : 'null'} as u from "${t.name}"`,
  );
  tableCache.set(db, parts);
  return parts;
}

/** Row count and latest update of every table, as one comparable string. */
export async function contentFingerprint(db: Db): Promise<string> {
  const parts = await tables(db);
  const r = await sql<{
    t: string;
    n: string;
    u: string | null;
  }>`${sql.raw(parts.join(' union all '))}`.execute(db);
  return r.rows
    .sort((a, b) => a.t.localeCompare(b.t))
    .map((x) => `${x.t}:${x.n}:${x.u ?? ''}`)
    .join('|');
}

/**
 * Waits for work a server finished answering but still does in the background (a plan solved in a
 * worker) to be written: the fingerprint once it holds still for a moment.
 */
export async function settledFingerprint(db: Db, quietMs = 300, maxMs = 10_000): Promise<string> {
  let last = await contentFingerprint(db);
  for (const until = Date.now() + maxMs; Date.now() < until;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await contentFingerprint(db);
    if (now === last) return now;
    last = now;
  }
  return last;
}
