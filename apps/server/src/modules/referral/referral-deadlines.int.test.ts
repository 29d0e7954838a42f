import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/connection.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildReferralWorld, PASSWORD, referralBody, type ReferralWorld } from '../../../test/factories.js';
import { acceptDeadline } from './deadline.js';
import { sweepDeadlines } from './referral.actions.js';

// Deadlines on a fake clock: the green channel escalates after its minutes, a routine referral
// fails after its Chinese working days, and both survive a restart of the server.

describe('accept deadlines', () => {
  const rules = { routineWorkdays: 2, urgentHours: 24, greenMinutes: 15, consultationHours: 24 };
  it('count Chinese working days across the National Day holiday and its swapped workday', () => {
    // Wed 30 Sep 2026, 10:00 in China: 1-7 Oct are holidays, so two working days later is Fri 9 Oct.
    expect(acceptDeadline('routine', rules, new Date('2026-09-30T02:00:00Z')).toISOString()).toBe(
      '2026-10-09T02:00:00.000Z',
    );
    // Fri 27 Nov 2026: the weekend does not count.
    expect(acceptDeadline('routine', rules, new Date('2026-11-27T02:00:00Z')).toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
  });
  it('count clock hours for urgent and minutes for the green channel', () => {
    const t0 = new Date('2026-11-28T15:00:00Z'); // a Saturday night in China: clocks do not rest
    expect(acceptDeadline('urgent', rules, t0).toISOString()).toBe('2026-11-29T15:00:00.000Z');
    expect(acceptDeadline('green_channel', rules, t0).toISOString()).toBe('2026-11-28T15:15:00.000Z');
  });
});

describe.each(DATABASES)('deadlines on a fake clock (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let county: Client;
  let office: Client;
  let clock = new Date('2030-01-07T01:00:00Z'); // Monday 09:00 in China

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildReferralWorld(t.database.db);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    office = await signIn(t.app, w.users.office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('each consortium sets its own deadlines', async () => {
    expect((await office.get(`/api/v1/consortia/${w.consortium.id}/referral-rules`)).json()).toEqual({
      routineWorkdays: 2,
      urgentHours: 24,
      greenMinutes: 15,
      consultationHours: 24,
    });
    const put = await office.inject({
      method: 'PUT',
      url: `/api/v1/consortia/${w.consortium.id}/referral-rules`,
      payload: { routineWorkdays: 3, urgentHours: 12, greenMinutes: 10 },
    });
    expect(put.statusCode).toBe(200);
    expect(
      (
        await county.inject({
          method: 'PUT',
          url: `/api/v1/consortia/${w.consortium.id}/referral-rules`,
          payload: { routineWorkdays: 1, urgentHours: 1, greenMinutes: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const bad = await office.inject({
      method: 'PUT',
      url: `/api/v1/consortia/${w.consortium.id}/referral-rules`,
      payload: { routineWorkdays: 0, urgentHours: 12, greenMinutes: 10 },
    });
    expect(bad.json().errors[0].field).toBe('routineWorkdays');
  });

  it('a green-channel referral not accepted in time is escalated once to the duty officer and the office', async () => {
    const res = await county.post(
      '/api/v1/referrals',
      referralBody({ institutionId: w.city.id }, 10, {
        urgency: 'green_channel',
        greenCategory: 'chest_pain',
      }),
    );
    const r = res.json();
    expect(r.deadlineAt).toBe('2030-01-07T01:10:00.000Z'); // the consortium's 10 minutes
    clock = new Date('2030-01-07T01:09:59Z');
    expect(await sweepDeadlines(t.app.services)).toEqual({ escalated: 0, failed: 0 });
    clock = new Date('2030-01-07T01:10:30Z');
    expect(await sweepDeadlines(t.app.services)).toEqual({ escalated: 1, failed: 0 });
    expect(await sweepDeadlines(t.app.services)).toEqual({ escalated: 0, failed: 0 }); // exactly once
    const after = (await office.get(`/api/v1/referrals/${r.id}`)).json();
    expect(after).toMatchObject({ status: 'requested', escalatedAt: '2030-01-07T01:10:30.000Z' });
    const alerted = await t.database.db
      .selectFrom('notifications')
      .select('userId')
      .where('referralId', '=', r.id)
      .where('kind', '=', 'referral.escalated')
      .execute();
    expect(alerted.map((n) => n.userId).sort()).toEqual([w.users.cityAdmin.id, w.users.office.id].sort());
    // Escalation does not end the referral: the city hospital still accepts it.
    const city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    expect((await city.post(`/api/v1/referrals/${r.id}/accept`, {})).json().status).toBe('accepted');
  });

  it('a routine referral fails when its working days pass, also after a restart', async () => {
    clock = new Date('2030-01-11T01:00:00Z'); // Friday 09:00 in China
    const r = (await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 11))).json();
    expect(r.deadlineAt).toBe('2030-01-16T01:00:00.000Z'); // three working days: Mon, Tue, Wed

    // The server goes down before the deadline; another comes up on the same database after it.
    await t.app.close();
    if (kind === 'pglite') await t.database.close();
    const database = kind === 'pglite' ? await openDatabase({ dataDir: t.database.dataDir }) : t.database;
    const again = await buildApp(
      loadConfig({ YILIAN_DATA_DIR: t.database.dataDir, LOG_LEVEL: 'silent' }),
      database,
    );
    try {
      clock = new Date('2030-01-16T01:00:01Z');
      again.services.now = () => clock;
      expect(await sweepDeadlines(again.services)).toEqual({ escalated: 0, failed: 1 });
      const row = await database.db
        .selectFrom('referrals')
        .select(['status', 'deadlineAt'])
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'failed', deadlineAt: null });
      const note = await database.db
        .selectFrom('notifications')
        .select('userId')
        .where('referralId', '=', r.id)
        .where('kind', '=', 'referral.fail')
        .execute();
      expect(note.map((n) => n.userId)).toEqual([w.users.countyDoctor.id]);
    } finally {
      await again.close();
      if (kind === 'pglite') await database.close();
    }
  });
});
