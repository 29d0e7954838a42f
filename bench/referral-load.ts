import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withCheckDigit } from '@yilian/domain';

// Referral workflow under load, over HTTP on PostgreSQL. The real server runs as a child process
// with demo data on a scratch database of its own; BENCH_CLIENTS concurrent clients (default 8)
// each loop for BENCH_SECONDS (default 20) through one referral's life on 127.0.0.1:
//   create + submit (sender) -> accept -> [list available slots] -> book -> arrive -> complete (receiver)
// Each state change is one transition (create with submit: true counts as one, the submit), so a
// full workflow is 5 transitions in 6 requests. Beside it, the baseline on the same PostgreSQL
// server in the same run: pgbench's built-in TPC-B-like script with the same clients and seconds on
// a second scratch database. Both scratch databases are dropped at the end. Skips when PostgreSQL
// (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) is not reachable.

const root = path.resolve(import.meta.dirname, '..');

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}`);
    process.exit(1);
  }
  return n;
}

const CLIENTS = envInt('BENCH_CLIENTS', 8, 1, 32);
const SECONDS = envInt('BENCH_SECONDS', 20, 5, 60);
const WARMUP_SECONDS = 3;
const REQUEST_TIMEOUT_MS = 10_000;
const PGBENCH = process.env.PGBENCH || '/usr/bin/pgbench';
const DEMO_PASSWORD = 'Yilian2026!';
const BENCH_PASSWORD = 'Bench-load-2026';
const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Only loopback traffic: a TCP host must be this machine (a Unix socket is fine). */
function isLocal(url: string): boolean {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) return (u.searchParams.get('host') ?? '/').startsWith('/');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function skip(reason: string): never {
  console.log(`referral load bench skipped: ${reason}`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Scratch databases, child processes and cleanup

const children = new Set<ChildProcess>();
const scratch: string[] = [];
let admin: pg.Client | undefined;
let dataDir: string | undefined;
let cleaning: Promise<void> | undefined;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map(stopChild));
    for (const name of scratch) {
      const ident = pg.escapeIdentifier(name);
      await admin!
        .query(`drop database if exists ${ident} with (force)`)
        .catch(() => admin!.query(`drop database if exists ${ident}`))
        .catch((err: Error) => console.error(`could not drop scratch database ${name}: ${err.message}`));
    }
    await admin?.end().catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

function run(cmd: string, args: string[], timeoutMs: number) {
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    children.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stderr!.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, out });
    });
  });
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startServer(databaseUrl: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-bench-referral-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      YILIAN_DEMO: '1',
      YILIAN_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', () => children.delete(child));
  const origin = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${tail}`);
    try {
      const res = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { origin, child };
    } catch {
      /* not up yet */
    }
    if (performance.now() - t0 > 60_000) throw new Error(`the server was not ready after 60 s:\n${tail}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Session {
  cookie: string;
  me: {
    id: string;
    institutionId: string | null;
    institutionName: string | null;
    consortiumId: string | null;
  };
}

/** What one measured run saw. */
class Recorder {
  requests = 0;
  transitions = 0;
  workflows = 0;
  /** Workflows that went on to arrive without a booking: no slot left, or three bookings refused. */
  noSlot = 0;
  bookRefused = 0;
  errors = new Map<string, number>();
  latencies: number[] = [];
  error(kind: string) {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

let origin = '';

async function call(
  session: Session | null,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  rec?: Recorder,
  /** Names the step in the error counts. */
  step = '',
): Promise<{ status: number; body: any; headers?: Headers }> {
  const headers: Record<string, string> = {};
  if (session) headers.cookie = session.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const t0 = performance.now();
  try {
    const res = await fetch(origin + url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (rec) {
      rec.requests++;
      rec.latencies.push(performance.now() - t0);
      if (res.status >= 400) rec.error(`${step} ${res.status}`.trim());
    }
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  } catch (err) {
    if (rec) {
      rec.requests++;
      rec.error(`${step} ${(err as Error).name === 'TimeoutError' ? 'timeout' : 'network error'}`.trim());
    }
    await sleep(20); // a dead server must not turn the loop into a spin
    return { status: 0, body: null };
  }
}

async function expectOk<T>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function login(username: string, password: string): Promise<Session | null> {
  const r = await call(null, 'POST', '/api/v1/auth/login', { username, password });
  if (r.status === 401) return null;
  if (r.status !== 200) throw new Error(`sign-in as ${username}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  const cookie = r
    .headers!.getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('yilian_session='));
  if (!cookie) throw new Error(`sign-in as ${username}: no yilian_session cookie`);
  return { cookie, me: r.body };
}

/** A clinician account at the institution, made by the consortium office (first password changed). */
async function benchAccount(office: Session, username: string, institutionId: string): Promise<Session> {
  await expectOk(
    call(office, 'POST', '/api/v1/users', {
      username,
      displayName: `压测账号 ${username}`,
      password: `${BENCH_PASSWORD}-first`,
      role: 'clinician',
      consortiumId: office.me.consortiumId,
      institutionId,
    }),
    `create account ${username}`,
  );
  const s = await login(username, `${BENCH_PASSWORD}-first`);
  if (!s) throw new Error(`sign-in as new account ${username} failed`);
  await expectOk(
    call(s, 'POST', '/api/v1/auth/password', {
      currentPassword: `${BENCH_PASSWORD}-first`,
      newPassword: BENCH_PASSWORD,
    }),
    `first password change of ${username}`,
  );
  return s;
}

// ---------------------------------------------------------------------------------------------
// The workload

interface World {
  sender: Session;
  receiver: Session;
  office: Session;
  receivingId: string;
  departments: string[];
  slotDate: string;
}

let patientSeq = 0;

/** A new patient each time, with a valid 居民身份证 (叙永县 510524) whose birth date matches. */
function referralBody(w: World) {
  const n = patientSeq++;
  const birth = new Date(Date.UTC(1950, 0, 1) + (Math.floor(n / 1000) % 20_000) * 86_400_000);
  const birthDate = birth.toISOString().slice(0, 10);
  const seq = String(n % 1000).padStart(3, '0');
  return {
    direction: 'up',
    urgency: 'routine',
    toInstitutionId: w.receivingId,
    patient: {
      name: `压测患者${n}`,
      sex: Number(seq[2]) % 2 === 1 ? 'male' : 'female',
      birthDate,
      idType: 'resident_id',
      idNumber: withCheckDigit(`510524${birthDate.replaceAll('-', '')}${seq}`),
    },
    icd10Code: 'I63.9',
    diagnosisName: '脑梗死',
    reason: '需上级医院进一步诊治',
    summary: '负载测试生成：言语不清伴右侧肢体无力3小时，头颅CT未见出血。',
    submit: true,
  };
}

/**
 * One referral through its life; stops at the first failed step or when the time is up. With a
 * department, the referral goes to it and is booked into one of its reserved places.
 */
async function workflow(w: World, rec: Recorder, deadline: number, department: string | null) {
  const body = { ...referralBody(w), toDepartmentId: department ?? undefined };
  const created = await call(w.sender, 'POST', '/api/v1/referrals', body, rec, 'create');
  if (created.status !== 201) return;
  rec.transitions++;
  const id: string = created.body.id;
  const step = async (action: string, body: object) => {
    if (performance.now() >= deadline) return false;
    const r = await call(w.receiver, 'POST', `/api/v1/referrals/${id}/${action}`, body, rec, action);
    if (r.status !== 200) return false;
    rec.transitions++;
    return true;
  };
  if (!(await step('accept', {}))) return;
  if (department) {
    let booked = false;
    let attempt = 0;
    for (; attempt < 3 && !booked && performance.now() < deadline; attempt++) {
      const q =
        `institutionId=${w.receivingId}&departmentId=${department}&available=true` +
        `&from=${w.slotDate}&to=${w.slotDate}&pageSize=50`;
      const list = await call(w.receiver, 'GET', `/api/v1/capacity?${q}`, undefined, rec, 'capacity');
      if (list.status !== 200) return;
      const items: { id: string }[] = list.body.items;
      if (!items.length) {
        rec.noSlot++; // the published pool ran out: go on without a booking
        break;
      }
      const slot = items[Math.floor(Math.random() * items.length)]!;
      booked = await step('book', { slotId: slot.id });
    }
    if (!booked && attempt === 3) rec.bookRefused++;
  }
  if (!(await step('arrive', {}))) return;
  if (!(await step('complete', { dischargeSummary: '好转出院，返回叙永县人民医院继续康复。' }))) return;
  rec.workflows++;
}

/** The clients share the receiving departments round-robin; each books in its own department. */
const departmentOf = (w: World, client: number) => w.departments[client % w.departments.length]!;

async function load(w: World, seconds: number, book: boolean) {
  const rec = new Recorder();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const department = book ? departmentOf(w, c) : null;
      while (performance.now() < deadline) await workflow(w, rec, deadline, department);
    }),
  );
  return { rec, elapsed: (performance.now() - t0) / 1000 };
}

/**
 * Reserved clinic places for the bookings, on a day beyond the demo's own slots. Each slot holds
 * one place: the partial unique index referrals_slot (migration 0004) lets only one active
 * referral hold a slot, so a second booking of a larger slot would be refused (409).
 */
async function publishSlots(w: World, perDepartment: number) {
  const departments = [...new Set(Array.from({ length: CLIENTS }, (_, c) => departmentOf(w, c)))];
  const count = perDepartment * departments.length;
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < count) {
        const i = next++;
        await expectOk(
          call(w.office, 'POST', '/api/v1/capacity', {
            departmentId: departments[i % departments.length],
            date: w.slotDate,
            kind: 'clinic',
            label: `压测号源${i + 1}`,
            capacity: 1,
          }),
          'publish capacity',
        );
      }
    }),
  );
}

async function setup(): Promise<World> {
  const office = await login('swmu.office', DEMO_PASSWORD);
  if (!office) throw new Error('demo account swmu.office could not sign in');
  const institutions: { items: any[] } = await expectOk(
    call(office, 'GET', `/api/v1/institutions?consortiumId=${office.me.consortiumId}&pageSize=50`),
    'list institutions',
  );
  const byName = (name: string) => {
    const found = institutions.items.find((i) => i.name === name);
    if (!found) throw new Error(`demo institution ${name} not found`);
    return found.id as string;
  };
  const sendingId = byName('叙永县人民医院');
  const receivingId = byName('西南医科大学附属医院');
  // The demo's referral accounts when present, else accounts of our own made by the office.
  const sender =
    (await login('xuyong.doctor', DEMO_PASSWORD)) ?? (await benchAccount(office, 'bench.sender', sendingId));
  const receiver =
    (await login('swmu.doctor', DEMO_PASSWORD)) ??
    (await benchAccount(office, 'bench.receiver', receivingId));
  if (sender.me.institutionId !== sendingId || receiver.me.institutionId !== receivingId)
    throw new Error('the sending or receiving account is not at the expected institution');
  const departments: { items: { id: string }[] } = await expectOk(
    call(office, 'GET', `/api/v1/departments?institutionId=${receivingId}&kind=clinical&pageSize=50`),
    'list departments',
  );
  if (!departments.items.length) throw new Error('the receiving hospital has no clinical department');
  const slotDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  return { sender, receiver, office, receivingId, departments: departments.items.map((d) => d.id), slotDate };
}

/** User + system CPU seconds of a process (Linux /proc), or null where that is not available. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields after the command name: state is field 3, utime and stime fields 14 and 15 (clock ticks, 100 a second on Linux).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------

async function pgbenchBaseline(url: string): Promise<number> {
  const init = await run(PGBENCH, ['-i', '-s', '10', '-q', url], 180_000);
  if (init.code !== 0) throw new Error(`pgbench -i failed:\n${init.out}`);
  const args = ['-c', String(CLIENTS), '-j', String(Math.min(2, CLIENTS)), '-T', String(SECONDS), url];
  const res = await run(PGBENCH, args, (SECONDS + 120) * 1000);
  if (res.code !== 0) throw new Error(`pgbench failed:\n${res.out}`);
  // PostgreSQL 14+: "tps = … (without initial connection time)"; older: "(excluding connections establishing)".
  const lines = res.out.split('\n').filter((l) => /^tps = /.test(l));
  const line = lines.find((l) => /without|excluding/.test(l)) ?? lines[0];
  const tps = line ? Number(/^tps = ([\d.]+)/.exec(line)![1]) : NaN;
  if (!Number.isFinite(tps)) throw new Error(`no "tps = …" in pgbench output:\n${res.out}`);
  return tps;
}

async function main() {
  if (!isLocal(baseUrl)) skip(`DATABASE_URL ${redact(baseUrl)} is not on this machine (loopback only)`);
  if (!fs.existsSync(PGBENCH)) skip(`pgbench not found at ${PGBENCH} (set PGBENCH)`);
  const connect = async (url: string) => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  try {
    admin = await connect(baseUrl);
  } catch (err) {
    // The default URL names a database "test"; any database on the server will do to create ours.
    if ((err as { code?: string }).code !== '3D000')
      skip(`PostgreSQL is not reachable at ${redact(baseUrl)} (${(err as Error).message}); set DATABASE_URL`);
    try {
      admin = await connect(withDatabase(baseUrl, 'postgres'));
    } catch (again) {
      skip(`cannot connect to ${redact(baseUrl)} (${(again as Error).message})`);
    }
  }

  const suffix = crypto.randomBytes(4).toString('hex');
  const appDb = `yilian_bench_${suffix}`;
  const pgbenchDb = `yilian_bench_pgbench_${suffix}`;
  for (const name of [appDb, pgbenchDb]) {
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    scratch.push(name);
  }

  const server = await startServer(withDatabase(baseUrl, appDb));
  origin = server.origin;
  const w = await setup();

  // Warm-up without bookings: primes the server and sizes the pool of slots for the measured run.
  const warm = await load(w, WARMUP_SECONDS, false);
  if (!warm.rec.workflows)
    throw new Error(`no workflow completed in the warm-up; errors: ${JSON.stringify([...warm.rec.errors])}`);
  const rate = warm.rec.workflows / warm.elapsed;
  const clientsPerDepartment = Math.ceil(CLIENTS / w.departments.length);
  const perClient = Math.ceil((rate / CLIENTS) * SECONDS * 2) + 10;
  await publishSlots(w, Math.min(Math.floor(20_000 / CLIENTS), perClient * clientsPerDepartment));

  const cpu0 = cpuSeconds(server.child.pid);
  const { rec, elapsed } = await load(w, SECONDS, true);
  const cpu1 = cpuSeconds(server.child.pid);
  await stopChild(server.child);
  const serverCpu =
    cpu0 !== null && cpu1 !== null ? `; server process CPU ${fmt((100 * (cpu1 - cpu0)) / elapsed)} %` : '';

  const tps = await pgbenchBaseline(withDatabase(baseUrl, pgbenchDb));

  const sorted = rec.latencies.sort((a, b) => a - b);
  const errors = [...rec.errors].map(([k, v]) => `${k} ×${fmt(v)}`).join(', ') || 'none';
  console.log(
    `referral workflow: ${fmt(rec.transitions / elapsed)} transitions/s (${fmt(rec.requests / elapsed)} req/s, ` +
      `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, ` +
      `${CLIENTS} clients, ${SECONDS} s) | baseline pgbench TPC-B-like: ${fmt(tps)} tps (${CLIENTS} clients, ${SECONDS} s)`,
  );
  console.log(
    `  ${fmt(rec.workflows)} workflows completed (submit, accept, book, arrive, complete), ` +
      `${fmt(rec.transitions)} transitions, ${fmt(rec.requests)} requests in ${elapsed.toFixed(1)} s; ` +
      `HTTP errors: ${errors}${serverCpu}` +
      (rec.noSlot ? `; ${fmt(rec.noSlot)} without a booking (no slot left)` : '') +
      (rec.bookRefused ? `; ${fmt(rec.bookRefused)} without a booking (3 bookings refused)` : ''),
  );
}

// A run that hangs anyway ends here, with its scratch databases dropped.
const guard = setTimeout(
  () => {
    console.error('referral load bench: over its time limit, stopping');
    void cleanup().finally(() => process.exit(1));
  },
  (WARMUP_SECONDS + 2 * SECONDS + 240) * 1000,
);
guard.unref();

try {
  await main();
} catch (err) {
  console.error(`referral load bench failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
