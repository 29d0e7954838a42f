import fs from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from '../context.js';

// `yilian backup FILE`: a logical backup written by our own code through the database connection,
// so it works the same on PGlite and on PostgreSQL and does not depend on a pg_dump of the server's
// version. One consistent snapshot (a repeatable-read transaction) of every table, each row as
// PostgreSQL's own to_jsonb (exact timestamps, numerics, jsonb, bytea in hex), and the uploaded
// documents of the data folder; gzip-compressed JSON lines:
//   {"format":"yilian-backup","version":1,"createdAt":…,"migrations":[…],"tables":[…]}
//   {"table":"referrals","rows":[…]}            (up to 500 rows a line)
//   {"file":"ab/cd/….pdf","data":"<base64>"}

export const BACKUP_FORMAT = 'yilian-backup';
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
const PAGE = 500;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

/** The application's tables, in the order their foreign keys allow inserting them. */
export async function appTables(db: Db): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((n) => !MIGRATION_TABLES.has(n));
  const edges = (
    await sql<{ child: string; parent: string }>`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`.execute(db)
  ).rows;
  const order: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (placed.has(t) || visiting.has(t)) return; // a cycle: its order does not matter, triggers are off
    visiting.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent.replace(/"/g, ''));
    visiting.delete(t);
    placed.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t);
  return order.filter((t) => tables.includes(t));
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return r.rows.map((x) => x.name);
}

function* filesUnder(dir: string, base = dir): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full, base);
    else if (entry.isFile()) yield path.relative(base, full);
  }
}

/** Writes the backup; returns how many rows and files it holds. */
export async function backupTo(
  db: Db,
  filesDir: string,
  file: string,
): Promise<{ rows: number; files: number; tables: number }> {
  const out = createGzip();
  const sink = fs.createWriteStream(`${file}.partial`);
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
    out.on('error', reject);
  });
  out.pipe(sink);
  const writeRaw = (line: string) =>
    new Promise<void>((resolve) => (out.write(`${line}\n`) ? resolve() : out.once('drain', resolve)));
  const write = (obj: unknown) => writeRaw(JSON.stringify(obj));
  let rows = 0;
  let files = 0;
  const tables = await appTables(db);
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: 1,
        createdAt: new Date().toISOString(),
        migrations: await appliedMigrations(trx),
        tables,
      };
      await write(header);
      for (const table of tables) {
        // Keyset pages by ctid would shift under writers; inside this snapshot offset pages are exact.
        for (let offset = 0; ; offset += PAGE) {
          // As text: the connection's camelCase plugin would otherwise rename the row's keys.
          const page = await sql<{ r: string }>`
            select to_jsonb(t)::text as r from ${sql.table(table)} t order by ctid limit ${PAGE} offset ${offset}`.execute(
            trx,
          );
          if (page.rows.length)
            await writeRaw(
              `{"table":${JSON.stringify(table)},"rows":[${page.rows.map((x) => x.r).join(',')}]}`,
            );
          rows += page.rows.length;
          if (page.rows.length < PAGE) break;
        }
      }
    });
  // Documents after the rows: files are only ever added under new names, so every file a backed-up
  // row names is there now (one uploaded since the snapshot is carried along, unreferenced).
  for (const rel of filesUnder(filesDir)) {
    await write({
      file: rel.split(path.sep).join('/'),
      data: fs.readFileSync(path.join(filesDir, rel)).toString('base64'),
    });
    files++;
  }
  out.end();
  await done;
  fs.renameSync(`${file}.partial`, file); // a backup cut short never has the final name
  return { rows, files, tables: tables.length };
}
