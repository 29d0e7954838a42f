import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../apps/server/src/db/connection.js';
import { migrateToLatest } from '../apps/server/src/db/migrate.js';
import {
  buildReferralWorld,
  buildSlots,
  buildUser,
  PASSWORD,
  referralBody,
} from '../apps/server/test/factories.js';
import { httpSignIn, startServer } from '../apps/server/test/fault/server-process.js';

// Many users at once, over HTTP, against one server process on PostgreSQL. BENCH_VUS virtual users
// (default 200) loop for BENCH_SECONDS (default 60) without pause, each step one of what people do
// all day (weights in MIX): county doctors list their outbox and send referrals, city doctors list
// their inbox, open referrals, read notifications, and take a new referral through receive, accept
// and booking a clinic slot. Baseline in the same run: the same users on GET /api/health (no
// database, no session) for BENCH_BASELINE_SECONDS (default 15). Throughput, p50/p95/p99 per kind
// and overall, and errors (any non-2xx or failed request), which must be zero: exit 1 otherwise.
// The load generator shares the machine with the server: on 2 cores both figures are lower bounds.
// 24 accounts share the sessions (one address may sign in 30 times in 5 minutes).
// Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server;
// a scratch database is made there and dropped at the end.

const VUS = Number(process.env.BENCH_VUS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 15);
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

type Kind =
  'list outbox' | 'list inbox' | 'open referral' | 'notifications' | 'send referral' | 'receive+accept+book';
const MIX: [Kind, number][] = [
  ['list outbox', 20],
  ['list inbox', 20],
  ['open referral', 25],
  ['notifications', 10],
  ['send referral', 15],
  ['receive+accept+book', 10],
];

interface Stats {
  ok: number[];
  errors: number;
  firstError?: string;
}
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function report(title: string, stats: Map<string, Stats>, seconds: number) {
  console.log(`\n${title}`);
  console.log(
    'kind'.padEnd(22),
    'requests'.padStart(9),
    'req/s'.padStart(8),
    'p50 ms'.padStart(8),
    'p95 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'errors'.padStart(7),
  );
  const all: number[] = [];
  let errors = 0;
  for (const [kind, s] of stats) {
    const sorted = [...s.ok].sort((a, b) => a - b);
    all.push(...s.ok);
    errors += s.errors;
    const row = [
      sorted.length,
      (sorted.length / seconds).toFixed(1),
      pct(sorted, 50).toFixed(1),
      pct(sorted, 95).toFixed(1),
      pct(sorted, 99).toFixed(1),
      s.errors,
    ];
    console.log(kind.padEnd(22), ...row.map((v, i) => String(v).padStart(i ? 8 : 9)));
    if (s.firstError) console.log(`  first error: ${s.firstError}`);
  }
  all.sort((a, b) => a - b);
  const total = {
    requests: all.length,
    perSecond: all.length / seconds,
    p50: pct(all, 50),
    p95: pct(all, 95),
    p99: pct(all, 99),
    errors,
  };
  console.log(
    'all'.padEnd(22),
    String(total.requests).padStart(9),
    total.perSecond.toFixed(1).padStart(8),
    total.p50.toFixed(1).padStart(8),
    total.p95.toFixed(1).padStart(8),
    total.p99.toFixed(1).padStart(8),
    String(errors).padStart(7),
  );
  return total;
}

async function main() {
  const name = `yilian_load_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch {
    console.log(`bench:load skipped: PostgreSQL at ${adminUrl} is not reachable`);
    return 0;
  }
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = `/tmp/${name}`;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir });
    await migrateToLatest(database.db);
    const w = await buildReferralWorld(database.db);
    const slots = await buildSlots(database.db, w, 60, 200);
    const people = async (institutionId: string, n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          buildUser(database.db, 'clinician', { consortiumId: w.consortium.id, institutionId }),
        ),
      );
    const [countyDocs, cityDocs] = [await people(w.county.id, 12), await people(w.city.id, 12)];
    await database.close();

    server = await startServer({ DATABASE_URL: url.toString(), YILIAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const base = server.url;
    const county: string[] = [];
    const city: string[] = [];
    for (const u of countyDocs) county.push(await httpSignIn(base, u.username, PASSWORD));
    for (const u of cityDocs) city.push(await httpSignIn(base, u.username, PASSWORD));
    const known: string[] = [];
    const fresh: string[] = [];
    let n = 0;
    const json = (cookie: string, body?: unknown) => ({
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
    });
    const send = async (cookie: string) => {
      const res = await fetch(
        `${base}/api/v1/referrals`,
        json(cookie, referralBody({ institutionId: w.city.id }, ++n)),
      );
      if (res.status !== 201) return res;
      const { id } = (await res.json()) as { id: string };
      known.push(id);
      fresh.push(id);
      return res;
    };
    for (let i = 0; i < 50; i++) await send(county[i % county.length]!);

    // Every answer is read to the end, as a browser would, and reduced to what the stats need.
    type Outcome = { ok: boolean; status: number; url: string };
    const read = async (res: Response | Promise<Response>): Promise<Outcome> => {
      const r = await res;
      if (!r.bodyUsed) await r.arrayBuffer();
      return { ok: r.ok, status: r.status, url: r.url };
    };
    const step = async (kind: Kind, vu: number): Promise<Outcome> => {
      const c = county[vu % county.length]!;
      const h = city[vu % city.length]!;
      switch (kind) {
        case 'list outbox':
          return read(fetch(`${base}/api/v1/referrals?box=outbox&pageSize=20`, json(c)));
        case 'list inbox':
          return read(fetch(`${base}/api/v1/referrals?box=inbox&pageSize=20`, json(h)));
        case 'open referral':
          return read(
            fetch(`${base}/api/v1/referrals/${known[Math.floor(Math.random() * known.length)]}`, json(h)),
          );
        case 'notifications':
          return read(fetch(`${base}/api/v1/notifications?pageSize=20`, json(c)));
        case 'send referral':
          return read(send(c));
        case 'receive+accept+book': {
          const id = fresh.shift();
          if (!id) return read(send(c));
          for (const action of ['receive', 'accept']) {
            const r = await fetch(`${base}/api/v1/referrals/${id}/${action}`, json(h, {}));
            const o = await read(r);
            if (!o.ok) return o;
          }
          return read(
            fetch(`${base}/api/v1/referrals/${id}/book`, json(h, { slotId: slots[vu % slots.length]!.id })),
          );
        }
      }
    };
    const pick = (): Kind => {
      let r = Math.random() * MIX.reduce((s, [, wgt]) => s + wgt, 0);
      for (const [kind, wgt] of MIX) if ((r -= wgt) < 0) return kind;
      return MIX[0]![0];
    };
    const run = async (seconds: number, choose: () => Kind | 'health') => {
      const stats = new Map<string, Stats>();
      const end = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: VUS }, async (_, vu) => {
          while (Date.now() < end) {
            const kind = choose();
            const s = stats.get(kind) ?? stats.set(kind, { ok: [], errors: 0 }).get(kind)!;
            const t0 = performance.now();
            try {
              const res = kind === 'health' ? await read(fetch(`${base}/api/health`)) : await step(kind, vu);
              if (res.ok) s.ok.push(performance.now() - t0);
              else {
                s.errors++;
                s.firstError ??= `${res.status} ${res.url}`;
              }
            } catch (err) {
              s.errors++;
              s.firstError ??= String(err);
            }
          }
        }),
      );
      return stats;
    };
    console.log(
      `bench:load: ${VUS} virtual users, one server process on PostgreSQL ${url.host}, ${SECONDS} s (+ ${BASELINE_SECONDS} s baseline)`,
    );
    const baseline = report(
      `Baseline: GET /api/health, ${BASELINE_SECONDS} s`,
      await run(BASELINE_SECONDS, () => 'health'),
      BASELINE_SECONDS,
    );
    const mixed = report(`Workload: people's mix, ${SECONDS} s`, await run(SECONDS, pick), SECONDS);
    console.log(
      `\nWorkload throughput is ${((100 * mixed.perSecond) / baseline.perSecond).toFixed(0)}% of the baseline's.`,
    );
    return mixed.errors === 0 && baseline.errors === 0 ? 0 : 1;
  } finally {
    if (server) await server.kill('SIGTERM');
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
