import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type DbKind } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';

/** Every data test runs on PGlite, and on PostgreSQL as well when DATABASE_URL is set. */
export const DATABASES: DbKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  dataDir: string;
  /** The connection settings for a second process (the CLI) on the same database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A new, migrated, empty database of the given kind, and a data folder for files. */
export async function freshDatabase(kind: DbKind): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-test-'));
  if (kind === 'pglite') {
    fs.cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    const database = await openDatabase({ dataDir });
    return {
      ...database,
      dataDir,
      env: { YILIAN_DATA_DIR: dataDir, DATABASE_URL: '' },
      drop: async () => {
        await database.close().catch(() => undefined);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `yilian_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir });
  await migrateToLatest(database.db);
  return {
    ...database,
    dataDir,
    env: { DATABASE_URL: url.toString(), YILIAN_DATA_DIR: dataDir },
    drop: async () => {
      await database.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
