import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from '../context.js';
import { appliedMigrations, appTables, BACKUP_FORMAT, type BackupHeader } from './backup.js';

// `yilian restore FILE`: replaces the database's records and the data folder's documents with a
// backup's, in one transaction: either everything is restored or nothing changed. The database
// must be at the same migrations as the backup (restore with the version that wrote it, then
// upgrade). Triggers are off while rows go in, so derived tables (rollups) and the append-only
// audit trail come back exactly as they were rather than being recomputed or refused.

export class RestoreError extends Error {}

async function* lines(file: string): AsyncGenerator<Record<string, unknown>> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
}

/** Columns a row can be inserted with (generated ones are computed), and identity columns. */
async function columnsOf(db: Db, table: string) {
  const r = await sql<{ name: string; generated: string; identity: string }>`
    select a.attname as name, a.attgenerated::text as generated, a.attidentity::text as identity
    from pg_attribute a
    where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  return {
    insertable: r.rows.filter((c) => !c.generated).map((c) => c.name),
    identity: r.rows.filter((c) => c.identity).map((c) => c.name),
  };
}

/** Has the database any records (beyond the migration bookkeeping)? */
export async function hasRecords(db: Db): Promise<boolean> {
  for (const t of await appTables(db)) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
    if (r.rows[0]!.n > 0) return true;
  }
  return false;
}

export async function restoreFrom(
  db: Db,
  filesDir: string,
  file: string,
): Promise<{ rows: number; files: number }> {
  if (!fs.existsSync(file)) throw new RestoreError(`No such file: ${file}`);
  const it = lines(file);
  const first = (await it.next()).value as BackupHeader | undefined;
  if (first?.format !== BACKUP_FORMAT) throw new RestoreError(`${file} is not a Yilian backup`);
  const here = await appliedMigrations(db);
  if (JSON.stringify(here) !== JSON.stringify(first.migrations))
    throw new RestoreError(
      `The backup was taken at migrations ${first.migrations.at(-1)}, this database is at ${here.at(-1)}: ` +
        'restore with the version that wrote the backup, then upgrade',
    );
  const tables = await appTables(db);
  const unknown = first.tables.filter((t) => !tables.includes(t));
  if (unknown.length)
    throw new RestoreError(`The backup has tables this database lacks: ${unknown.join(', ')}`);

  let rows = 0;
  const documents: { file: string; data: Buffer }[] = [];
  await db.transaction().execute(async (trx) => {
    const list = sql.join(tables.map((t) => sql.table(t)));
    await sql`truncate table ${list} restart identity cascade`.execute(trx);
    for (const t of tables) await sql`alter table ${sql.table(t)} disable trigger user`.execute(trx);
    const columns = new Map<string, Awaited<ReturnType<typeof columnsOf>>>();
    for await (const line of it) {
      if (typeof line.file === 'string') {
        const rel = path.normalize(line.file);
        if (rel.startsWith('..') || path.isAbsolute(rel))
          throw new RestoreError(`Bad file path ${line.file}`);
        documents.push({ file: rel, data: Buffer.from(String(line.data), 'base64') });
        continue;
      }
      const table = String(line.table);
      if (!tables.includes(table)) throw new RestoreError(`Unknown table ${table}`);
      if (!columns.has(table)) columns.set(table, await columnsOf(trx, table));
      const { insertable } = columns.get(table)!;
      const cols = sql.join(insertable.map((c) => sql.ref(c)));
      const data = JSON.stringify(line.rows);
      // PostgreSQL turns each JSON object back into a row of the table's own types.
      await sql`insert into ${sql.table(table)} (${cols}) overriding system value
        select ${cols} from jsonb_populate_recordset(null::${sql.table(table)}, ${data}::jsonb)`.execute(trx);
      rows += (line.rows as unknown[]).length;
    }
    for (const t of tables) {
      await sql`alter table ${sql.table(t)} enable trigger user`.execute(trx);
      // Identity columns continue after the restored rows.
      for (const c of (columns.get(t) ?? (await columnsOf(trx, t))).identity) {
        await sql`select setval(pg_get_serial_sequence(${t}, ${c}),
          coalesce((select max(${sql.ref(c)}) from ${sql.table(t)}), 0) + 1, false)`.execute(trx);
      }
    }
  });
  // Documents after the commit: a failed restore leaves the old documents in place.
  fs.rmSync(filesDir, { recursive: true, force: true });
  for (const d of documents) {
    const target = path.join(filesDir, d.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, d.data);
  }
  return { rows, files: documents.length };
}
