import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  /** LISTEN on a channel: NOTIFYs committed by any process on this database arrive here. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PostgreSQL only: the pool's connections, for /metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

// Both drivers return the same JavaScript shapes: bigint counts as numbers (ids and counts stay
// far below 2^53), dates as 'YYYY-MM-DD', timestamps as ISO strings (what the API sends).
const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;
/** '2026-11-25 02:09:19.123456+08' (PostgreSQL text form) -> '2026-11-24T18:09:19.123Z'. */
export function pgTimestampToIso(v: string): string {
  let s = v.replace(' ', 'T');
  const tz = /([+-]\d\d)(:?(\d\d))?(:?\d\d)?$/.exec(s);
  if (tz) s = `${s.slice(0, tz.index)}${tz[1]}:${tz[3] ?? '00'}`;
  else if (!s.endsWith('Z')) s += 'Z';
  return new Date(s).toISOString();
}
const parsers: Record<number, (v: string) => unknown> = {
  [OID.int8]: (v) => Number(v),
  [OID.numeric]: (v) => Number(v),
  [OID.date]: (v) => v,
  [OID.timestamp]: pgTimestampToIso,
  [OID.timestamptz]: pgTimestampToIso,
};

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const plugins = [new CamelCasePlugin()];
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    const listen = async (channel: string, onMessage: (payload: string) => void) => {
      // A dedicated connection: a pooled one would be handed to queries and lose the LISTEN.
      const client = new pg.Client({ connectionString: config.databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    };
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { db, kind: 'postgres', listen, close: () => db.destroy(), poolStats };
  }
  const dir = path.join(config.dataDir, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: dir, parsers });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
  const listen = async (channel: string, onMessage: (payload: string) => void) => {
    const unlisten = await pglite.listen(channel, onMessage);
    return async () => {
      if (!pglite.closed) await unlisten().catch(() => undefined);
    };
  };
  return { db, kind: 'pglite', listen, close: () => db.destroy() };
}
