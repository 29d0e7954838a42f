import pg from 'pg';
import { sql } from 'kysely';
import { hash } from '@node-rs/argon2';
import { buildApp } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config.js';
import { openDatabase } from '../apps/server/src/db/connection.js';
import { migrateToLatest } from '../apps/server/src/db/migrate.js';
import { generateNational } from '../apps/server/src/generate/national.js';

// Dashboards at national scale, on PostgreSQL. A scratch database (yilian_bench_dashboard, kept
// between runs so the 10 million referrals are generated once) holds `yilian generate` data:
// BENCH_REFERRALS referrals (default 10,000,000) over 12 months in a third of the national
// consortia. The server runs in this process and listens on 127.0.0.1; each dashboard is fetched
// over HTTP BENCH_REQUESTS times (default 200) after a warm-up, and p50/p95 are printed beside
// the same figures computed the naive way, by scanning the referrals table, in the same run.

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 10_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const NAIVE_RUNS = 5;
const PASSWORD = 'Bench-dashboard-2026';
const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const url = (() => {
  const u = new URL(base);
  u.pathname = '/yilian_bench_dashboard';
  return u.toString();
})();

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function ensureDatabase() {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'yilian_bench_dashboard'`);
  if (!exists.rowCount) await admin.query('create database yilian_bench_dashboard');
  await admin.end();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  await ensureDatabase();
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    YILIAN_WEB_DIST: '/nonexistent',
    YILIAN_DEMO: '0',
  });
  const database = await openDatabase(config);
  const db = database.db;
  await migrateToLatest(db);
  const have = await sql<{
    n: number;
  }>`select count(*)::int as n from referrals where code like 'BENCH-%'`.execute(db);
  if (have.rows[0]!.n < REFERRALS) {
    console.log(`Generating ${REFERRALS.toLocaleString('en-US')} referrals (once; the database is kept) ...`);
    await sql`delete from referrals; delete from patients; delete from memberships; delete from users where username like 'bench-%'`.execute(
      db,
    );
    await sql`delete from institutions; delete from consortia`.execute(db);
    await generateNational(
      db,
      { userId: null, username: 'bench', ip: null },
      { fraction: REFERRALS / 30_000_000, referrals: REFERRALS, tag: 'BENCH' },
      (m) => console.log(`  ${m}`),
    );
  }
  const size = await sql<{ consortia: number; referrals: number; rollup: number }>`
    select (select count(*) from consortia)::int as consortia, (select count(*) from referrals)::int as referrals,
           (select count(*) from referral_rollup_pair)::int as rollup`.execute(db);
  // The busiest province by consortia, and its busiest consortium.
  const province = (
    await sql<{
      p: string;
      n: number;
    }>`select substr(region_code, 1, 2) as p, count(*)::int as n from consortia group by 1 order by 2 desc limit 1`.execute(
      db,
    )
  ).rows[0]!;
  const busiest = (
    await sql<{
      id: string;
    }>`select consortium_id as id from referral_rollup_month group by 1 order by sum(submitted) desc limit 20`.execute(
      db,
    )
  ).rows.map((r) => r.id);
  const passwordHash = await hash(PASSWORD);
  await sql`delete from users where username like 'bench-%'`.execute(db);
  await db
    .insertInto('users')
    .values([
      {
        username: 'bench-supervisor',
        displayName: 'bench',
        passwordHash,
        role: 'commission_supervisor',
        regionCode: `${province.p}0000`,
      },
      { username: 'bench-admin', displayName: 'bench', passwordHash, role: 'platform_admin' },
    ])
    .execute();

  const app = await buildApp(config, database);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = async (username: string) => {
    const res = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = res.headers.get('x-csrf-token');
    return { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) };
  };
  const supervisor = await login('bench-supervisor');
  const admin = await login('bench-admin');
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${address}${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json() as Promise<{ consortia?: unknown[] }>;
  };
  const measure = async (label: string, path: (i: number) => string, headers: Record<string, string>) => {
    for (let i = 0; i < 20; i++) await get(path(i), headers);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await timed(() => get(path(i), headers)));
    return { label, p50: pct(times, 50), p95: pct(times, 95) };
  };

  const overview = await get('/api/v1/dashboards/commission', supervisor);
  const consortiumDash = await measure(
    'consortium dashboard',
    (i) => `/api/v1/dashboards/consortia/${busiest[i % busiest.length]}`,
    admin,
  );
  const commission = await measure(
    `commission overview (province ${province.p}, ${overview.consortia!.length} consortia)`,
    () => '/api/v1/dashboards/commission',
    supervisor,
  );

  // The naive way: the same monthly figures straight from referrals, which no index serves.
  const from = new Date(Date.now() - 365 * 86400_000).toISOString();
  const naive = async (label: string, q: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < NAIVE_RUNS; i++) times.push(await timed(q));
    return { label, p50: pct(times, 50), p95: pct(times, 95) };
  };
  const naiveConsortium = await naive('naive scan: one consortium by month', () =>
    sql`select date_trunc('month', submitted_at + interval '8 hours') as m, direction, count(*), count(accepted_at)
          from referrals where consortium_id = ${busiest[0]} and submitted_at >= ${from} group by 1, 2`.execute(
      db,
    ),
  );
  const naiveCommission = await naive(`naive scan: province ${province.p} by consortium and month`, () =>
    sql`select r.consortium_id, date_trunc('month', r.submitted_at + interval '8 hours') as m, count(*), count(r.accepted_at)
          from referrals r join consortia c on c.id = r.consortium_id
         where c.region_code like ${province.p + '%'} and r.submitted_at >= ${from} group by 1, 2`.execute(
      db,
    ),
  );

  await app.close();
  await database.close();
  const s = size.rows[0]!;
  console.log(
    `\nDashboards on PostgreSQL: ${s.consortia.toLocaleString('en-US')} consortia, ${s.referrals.toLocaleString('en-US')} referrals, ${s.rollup.toLocaleString('en-US')} pair-rollup rows`,
  );
  console.log(
    `${REQUESTS} requests each over HTTP (one client, after 20 warm-up requests); naive scans ${NAIVE_RUNS} runs each\n`,
  );
  console.log('| what | p50 | p95 |');
  console.log('|---|---|---|');
  for (const r of [consortiumDash, commission, naiveConsortium, naiveCommission])
    console.log(`| ${r.label} | ${ms(r.p50)} | ${ms(r.p95)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
