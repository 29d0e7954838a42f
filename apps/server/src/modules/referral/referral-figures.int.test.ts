import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildReferralWorld, PASSWORD, referralBody, type ReferralWorld } from '../../../test/factories.js';
import { sweepDeadlines } from './referral.actions.js';

// A week of referrals on a fake clock, and the figures the assessment reads from it.
describe.each(DATABASES)('referral figures (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let county: Client;
  let city: Client;
  let clock = new Date('2030-03-04T01:00:00Z'); // Monday 09:00 in China
  const at = (minutes: number) => (clock = new Date(Date.parse('2030-03-04T01:00:00Z') + minutes * 60_000));

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildReferralWorld(t.database.db);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    const send = async (n: number, over: Record<string, unknown> = {}) =>
      (await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, n, over))).json()
        .id as string;

    at(0);
    const r1 = await send(1);
    const r2 = await send(2);
    const r3 = await send(3);
    const g1 = await send(4, { urgency: 'green_channel', greenCategory: 'stroke' });
    const g2 = await send(5, { urgency: 'green_channel', greenCategory: 'chest_pain' });
    at(5);
    await city.post(`/api/v1/referrals/${g2}/accept`, {}); // in time
    at(20);
    await sweepDeadlines(t.app.services); // g1 escalates at 15 minutes
    await city.post(`/api/v1/referrals/${g1}/accept`, {});
    at(30);
    await city.post(`/api/v1/referrals/${r1}/accept`, {});
    await city.post(`/api/v1/referrals/${r2}/reject`, { reason: '无床位' });
    at(90);
    await city.post(`/api/v1/referrals/${r3}/accept`, {});
    await city.post(`/api/v1/referrals/${r3}/arrive`, {});
    await city.post(`/api/v1/referrals/${r3}/complete`, { dischargeSummary: '好转出院' });
    const down = await city.post('/api/v1/referrals', {
      ...referralBody({ institutionId: w.county.id }, 6),
      direction: 'down',
      plan: '康复随访',
    });
    expect(down.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('counts up and down, acceptance, median time to accept, green-channel compliance and receipts', async () => {
    const res = await city.get('/api/v1/referral-figures?from=2030-03-01&to=2030-03-31');
    expect(res.statusCode).toBe(200);
    const byId = new Map(res.json().map((f: { institutionId: string }) => [f.institutionId, f]));
    expect(byId.get(w.city.id)).toMatchObject({
      receivedUp: 5,
      sentDown: 1,
      acceptanceRate: 0.8, // 4 accepted of 5 decided
      medianMinutesToAccept: 25, // 5, 20, 30, 90
      greenReceived: 2,
      greenCompliance: 0.5,
    });
    expect(byId.get(w.county.id)).toMatchObject({ sentUp: 5, receivedDown: 1, receiptShare: 0.2 });
  });

  it("keeps to the period and the reader's scope", async () => {
    expect((await city.get('/api/v1/referral-figures?from=2030-04-01&to=2030-04-30')).json()).toEqual([]);
    const bad = await city.get('/api/v1/referral-figures?from=2030-13-01&to=2030-04-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('from');
  });
});
