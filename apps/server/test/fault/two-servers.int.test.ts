import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../db.js';
import { buildReferralWorld, PASSWORD, referralBody, type ReferralWorld } from '../factories.js';
import { httpSignIn, startServer, type ServerProcess } from './server-process.js';

// Two server processes on one PostgreSQL, as behind a load balancer: a session opened on one works
// on the other and ends on both; a notification written on one reaches a live stream on the other;
// and the deadline sweeper, running every second on both, acts on each overdue referral exactly
// once (each action is a conditional update that only one transaction can win). PGlite is one
// process's database, so this runs only with DATABASE_URL.

const OVERDUE = 12;

/** A live notification stream, read in the background; text() is all it has said so far. */
async function openStream(url: string, cookie: string) {
  const ac = new AbortController();
  const res = await fetch(`${url}/api/v1/notifications/stream`, { headers: { cookie }, signal: ac.signal });
  expect(res.status).toBe(200);
  let text = '';
  const reader = res.body!.getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    } catch {
      /* closed */
    }
  })();
  return { text: () => text, close: () => ac.abort() };
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe.runIf(process.env.DATABASE_URL)('two servers on one PostgreSQL', () => {
  let db: TestDatabase;
  let w: ReferralWorld;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    w = await buildReferralWorld(db.db);
    const env = { ...db.env, YILIAN_SWEEP_SECONDS: '1' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await db?.drop();
  }, 180_000);

  it('shares sessions: signed in on A works on B, signed out everywhere on B ends it on A', async () => {
    const cookie = await httpSignIn(a.url, w.users.countyViewer.username, PASSWORD);
    const me = (url: string) => fetch(`${url}/api/v1/auth/me`, { headers: { cookie } });
    expect((await me(b.url)).status).toBe(200);
    const out = await fetch(`${b.url}/api/v1/auth/logout-everywhere`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(out.status).toBe(200);
    expect((await me(a.url)).status).toBe(401);
  }, 180_000);

  it('streams on B a notification written on A', async () => {
    const county = await httpSignIn(a.url, w.users.countyDoctor.username, PASSWORD);
    const city = await httpSignIn(b.url, w.users.cityDoctor.username, PASSWORD);
    const stream = await openStream(b.url, city);
    try {
      const res = await fetch(`${a.url}/api/v1/referrals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: county },
        body: JSON.stringify(referralBody({ institutionId: w.city.id }, 1)),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect(await waitFor(() => stream.text().includes(id), 10_000), stream.text()).toBe(true);
    } finally {
      stream.close();
    }
  }, 180_000);

  it('fires each overdue deadline exactly once across both servers', async () => {
    const county = await httpSignIn(a.url, w.users.countyDoctor.username, PASSWORD);
    const ids: string[] = [];
    for (let i = 0; i < OVERDUE; i++) {
      const urgency = i % 2 ? 'green_channel' : 'routine';
      const body = referralBody({ institutionId: w.city.id }, 100 + i, {
        urgency,
        ...(urgency === 'green_channel' ? { greenCategory: 'chest_pain' } : {}),
      });
      const res = await fetch(`${(i % 2 ? a : b).url}/api/v1/referrals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: county },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    await sql`update referrals set deadline_at = now() - interval '1 hour' where id in (${sql.join(ids)})`.execute(
      db.db,
    );
    // Both servers sweep every second: give them several rounds each.
    await new Promise((r) => setTimeout(r, 4000));
    const fired = await sql<{ entity_id: string; n: number }>`
      select entity_id, count(*)::int as n from audit_log
      where action in ('referral.escalated', 'referral.fail') and entity_id in (${sql.join(ids)})
      group by entity_id`.execute(db.db);
    expect(fired.rows).toHaveLength(OVERDUE);
    expect(fired.rows.every((r) => r.n === 1)).toBe(true);
    const events = await sql<{ n: number }>`
      select count(*)::int as n from referral_events
      where action in ('escalated', 'fail') and referral_id in (${sql.join(ids)})`.execute(db.db);
    expect(events.rows[0]!.n).toBe(OVERDUE);
    // A lost race is not an error: neither server logged a failed sweep.
    expect(a.output()).not.toContain('deadline sweep failed');
    expect(b.output()).not.toContain('deadline sweep failed');
  }, 180_000);
});
