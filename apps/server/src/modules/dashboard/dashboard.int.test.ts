import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReferralRollups } from '../../db/migrations/0013_referral_rollups.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildUser,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';

// Dashboards read rollups a trigger keeps in step with every referral change. The story: the
// county refers up through the API, the city accepts; fixture referrals fill other months; the
// office, the member and the commission each see the figures counted by hand.

describe.each(DATABASES)('dashboards (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let other: ReferralWorld;
  let office: Client;
  let supervisor: Client;
  let countyDoctor: Client;
  let cityDoctor: Client;
  let otherOffice: Client;
  const clock = new Date('2030-03-20T02:00:00Z');

  async function fixture(
    direction: 'up' | 'down',
    submittedAt: string,
    acceptedAt: string | null,
    world = w,
  ) {
    const patientId = (await t.database.db.selectFrom('patients').select('id').executeTakeFirstOrThrow()).id;
    const [from, to] =
      direction === 'up' ? [world.county.id, world.city.id] : [world.city.id, world.county.id];
    return t.database.db
      .insertInto('referrals')
      .values({
        code: `F${Math.random().toString(36).slice(2, 10)}`,
        consortiumId: world.consortium.id,
        direction,
        urgency: 'routine',
        status: acceptedAt ? 'accepted' : 'requested',
        fromInstitutionId: from,
        referringDoctor: '医生',
        toInstitutionId: to,
        patientId,
        icd10Code: 'I21.9',
        diagnosisName: '急性心肌梗死',
        reason: '夹具',
        summary: '夹具',
        submittedAt,
        acceptedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildReferralWorld(t.database.db, '510524');
    other = await buildReferralWorld(t.database.db, '331121');
    const sup = await buildUser(t.database.db, 'commission_supervisor', { regionCode: '510500' });
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    supervisor = await signIn(t.app, sup.username, PASSWORD);
    countyDoctor = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    cityDoctor = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('counts a referral sent through the API in its month, and its acceptance when it comes', async () => {
    const sent = await countyDoctor.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 1));
    expect(sent.statusCode).toBe(201);
    const before = (
      await office.get(`/api/v1/dashboards/consortia/${w.consortium.id}?from=2030-03&to=2030-03`)
    ).json();
    expect(before.months).toEqual([
      { month: '2030-03', up: 1, down: 0, lateral: 0, accepted: 0, green: 0, greenOnTime: 0 },
    ]);
    const id = sent.json().id;
    expect((await cityDoctor.post(`/api/v1/referrals/${id}/receive`, {})).statusCode).toBe(200);
    expect((await cityDoctor.post(`/api/v1/referrals/${id}/accept`, {})).statusCode).toBe(200);
    const after = (
      await office.get(`/api/v1/dashboards/consortia/${w.consortium.id}?from=2030-03&to=2030-03`)
    ).json();
    expect(after.months[0]).toMatchObject({ up: 1, accepted: 1 });
    expect(after.flows).toEqual([
      {
        fromInstitutionId: w.county.id,
        fromName: w.county.name,
        toInstitutionId: w.city.id,
        toName: w.city.name,
        direction: 'up',
        count: 1,
      },
    ]);
  });

  it('places a referral in its China-time month and drops a deleted one', async () => {
    // 2030-01-31 17:00 UTC is 1 February 01:00 in China.
    await fixture('down', '2030-01-31T17:00:00Z', '2030-02-01T03:00:00Z');
    await fixture('down', '2030-01-15T02:00:00Z', null);
    const gone = await fixture('up', '2030-02-10T02:00:00Z', null);
    await t.database.db.deleteFrom('referrals').where('id', '=', gone.id).execute();
    const d = (
      await office.get(`/api/v1/dashboards/consortia/${w.consortium.id}?from=2030-01&to=2030-03`)
    ).json();
    expect(
      d.months.map((m: { down: number; up: number; accepted: number }) => [m.up, m.down, m.accepted]),
    ).toEqual([
      [0, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
    ]);
  });

  it('keeps the rollups equal to a full recount', async () => {
    const snapshot = async () =>
      (
        await sql<
          Record<string, unknown>
        >`select consortium_id, month::text, direction, submitted, accepted, green, green_on_time, accept_hours::numeric(12,3)::text
        from referral_rollup_month where submitted <> 0 order by 1, 2, 3`.execute(t.database.db)
      ).rows;
    // An accept and a correction of the submission time move a row between months and counts.
    const moved = await fixture('up', '2030-02-20T02:00:00Z', null);
    await t.database.db
      .updateTable('referrals')
      .set({ status: 'accepted', acceptedAt: '2030-02-21T02:00:00Z' })
      .where('id', '=', moved.id)
      .execute();
    await t.database.db
      .updateTable('referrals')
      .set({ submittedAt: '2030-01-20T02:00:00Z' })
      .where('id', '=', moved.id)
      .execute();
    await t.database.db.deleteFrom('referrals').where('id', '=', moved.id).execute();
    const maintained = await snapshot();
    expect(maintained.length).toBeGreaterThan(0);
    await rebuildReferralRollups(t.database.db as never);
    expect(await snapshot()).toEqual(maintained);
  });

  it('shows a member its own referrals and partners', async () => {
    const d = (
      await countyDoctor.get(`/api/v1/dashboards/institutions/${w.county.id}?from=2030-01&to=2030-03`)
    ).json();
    expect(d.consortium.id).toBe(w.consortium.id);
    expect(d.months.reduce((n: number, m: { up: number; down: number }) => n + m.up + m.down, 0)).toBe(3);
    expect(
      d.partners.map((f: { direction: string; count: number }) => [f.direction, f.count]).sort(),
    ).toEqual([
      ['down', 2],
      ['up', 1],
    ]);
  });

  it('gives the commission its region only, ranked, and exports it', async () => {
    await fixture('up', '2030-03-02T02:00:00Z', '2030-03-02T04:00:00Z', other);
    const d = (await supervisor.get('/api/v1/dashboards/commission?from=2030-01&to=2030-03')).json();
    expect(d.consortia.map((c: { id: string }) => c.id)).toEqual([w.consortium.id]);
    expect(d.consortia[0]).toMatchObject({
      referrals: 3,
      up: 1,
      down: 2,
      rank: 1,
      members: 2,
      trend: [1, 1, 1],
    });
    // 下转 share: 2 down of 3 up and down referrals (the deleted one is gone).
    expect(d.consortia[0].downShare).toBeCloseTo(66.7, 1);
    const sheet = await supervisor.get('/api/v1/dashboards/commission/xlsx?from=2030-01&to=2030-03');
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toMatch(/spreadsheetml/);
    const bad = await supervisor.get('/api/v1/dashboards/commission?from=2030-05&to=2030-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
  });

  it('answers 404 for a consortium or member out of scope', async () => {
    expect((await otherOffice.get(`/api/v1/dashboards/consortia/${w.consortium.id}`)).statusCode).toBe(404);
    expect((await otherOffice.get(`/api/v1/dashboards/institutions/${w.county.id}`)).statusCode).toBe(404);
    expect(
      (await otherOffice.get(`/api/v1/dashboards/consortia/${w.consortium.id}/xlsx?table=flows`)).statusCode,
    ).toBe(404);
    const own = await otherOffice.get(
      `/api/v1/dashboards/consortia/${other.consortium.id}/xlsx?table=flows&from=2030-03&to=2030-03`,
    );
    expect(own.statusCode).toBe(200);
  });
});
