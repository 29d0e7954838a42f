import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase, type Database } from '../../db/connection.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildReferralWorld, PASSWORD, referralBody, type ReferralWorld } from '../../../test/factories.js';

/** Opens the SSE stream as a browser would and resolves with the first notification event. */
async function firstNotification(app: FastifyInstance, cookie: string, timeoutMs = 10_000) {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream`, {
    headers: { cookie },
    signal: ctrl.signal,
  });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ready = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      const m = /event: notification\nid: [^\n]+\ndata: ([^\n]+)\n\n/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        ctrl.abort();
        return JSON.parse(m[1]!) as { kind: string; title: string; referralId: string };
      }
    }
  })();
  // Wait for the stream's first comment: the subscription is in place.
  while (!buffer.includes(': connected')) await new Promise((r) => setTimeout(r, 10));
  return ready;
}

describe.each(DATABASES)('notifications (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let county: Client;
  let city: Client;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    w = await buildReferralWorld(t.database.db);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('a new referral reaches the receiving doctor live, and waits in the centre until read', async () => {
    const live = firstNotification(t.app, city.cookie);
    await new Promise((r) => setTimeout(r, 50));
    const sent = (
      await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 1))
    ).json();
    const event = await live;
    expect(event).toMatchObject({ kind: 'referral.submit', title: '新的转诊申请', referralId: sent.id });
    const centre = (await city.get('/api/v1/notifications?unread=true')).json();
    expect(centre.unread).toBeGreaterThanOrEqual(1);
    const n = centre.items.find((x: { referralId: string }) => x.referralId === sent.id);
    expect((await city.post(`/api/v1/notifications/${n.id}/read`)).json().readAt).toBeTruthy();
    expect((await county.post(`/api/v1/notifications/${n.id}/read`)).statusCode).toBe(404); // not theirs
    expect((await city.post('/api/v1/notifications/read-all')).statusCode).toBe(200);
    expect((await city.get('/api/v1/notifications?unread=true')).json().unread).toBe(0);
  });

  it.runIf(kind === 'postgres')(
    'crosses servers: written on one, streamed from another, through LISTEN/NOTIFY',
    async () => {
      const second: Database = await openDatabase({
        databaseUrl: t.database.env.DATABASE_URL,
        dataDir: t.database.dataDir,
      });
      const other = await buildApp(
        loadConfig({ YILIAN_DATA_DIR: t.database.dataDir, LOG_LEVEL: 'silent' }),
        second,
      );
      await other.listen({ port: 0, host: '127.0.0.1' });
      try {
        const cityOnOther = await signIn(other, w.users.cityDoctor.username, PASSWORD);
        const live = firstNotification(other, cityOnOther.cookie);
        await new Promise((r) => setTimeout(r, 50));
        const sent = (
          await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 2))
        ).json();
        expect((await live).referralId).toBe(sent.id);
      } finally {
        await other.close();
        await second.close();
      }
    },
  );
});
