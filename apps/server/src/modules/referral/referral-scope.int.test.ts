import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildSlots,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';

// Referrals stay within their consortium and institutions; attachments are checked by content.
describe.each(DATABASES)('referral scope and attachments (%s)', (kind) => {
  let t: TestApp;
  let a: ReferralWorld;
  let b: ReferralWorld;
  let aCounty: Client;
  let aCity: Client;
  let bReferral: string;
  let bSlot: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    a = await buildReferralWorld(t.database.db, '510524');
    b = await buildReferralWorld(t.database.db, '331121');
    aCounty = await signIn(t.app, a.users.countyDoctor.username, PASSWORD);
    aCity = await signIn(t.app, a.users.cityDoctor.username, PASSWORD);
    const bCounty = await signIn(t.app, b.users.countyDoctor.username, PASSWORD);
    bReferral = (
      await bCounty.post('/api/v1/referrals', referralBody({ institutionId: b.city.id }, 1))
    ).json().id;
    bSlot = (await buildSlots(t.database.db, b, 1))[0]!.id;
  });
  afterAll(async () => t?.close());

  it("another consortium's referral, slots and figures are out of reach (404, or absent from lists)", async () => {
    for (const client of [aCounty, aCity]) {
      for (const [method, url, payload] of [
        ['GET', `/api/v1/referrals/${bReferral}`],
        ['GET', `/api/v1/referrals/${bReferral}/events`],
        ['GET', `/api/v1/referrals/${bReferral}/attachments`],
        ['POST', `/api/v1/referrals/${bReferral}/reveal`],
        ['POST', `/api/v1/referrals/${bReferral}/accept`, {}],
        ['POST', `/api/v1/referrals/${bReferral}/cancel`, { reason: 'x' }],
        ['GET', `/api/v1/capacity/${bSlot}`],
        ['PATCH', `/api/v1/capacity/${bSlot}`, { capacity: 9 }],
        ['DELETE', `/api/v1/capacity/${bSlot}`],
        ['GET', `/api/v1/consortia/${b.consortium.id}/referral-rules`],
      ] as const) {
        const res = await client.inject({ method, url, payload: payload as never });
        expect({ method, url, status: res.statusCode }).toEqual({ method, url, status: 404 });
      }
      const lists = [
        await client.get('/api/v1/referrals?pageSize=200'),
        await client.get('/api/v1/capacity?pageSize=200'),
      ];
      for (const l of lists) expect(JSON.stringify(l.json())).not.toContain(b.consortium.id);
      const figures = (await client.get('/api/v1/referral-figures?from=2000-01-01&to=2100-01-01')).json();
      expect(figures.map((f: { institutionId: string }) => f.institutionId)).not.toContain(b.city.id);
    }
    // Booking someone else's slot is refused without revealing it.
    const mine = (
      await aCounty.post('/api/v1/referrals', referralBody({ institutionId: a.city.id }, 2))
    ).json();
    await aCity.post(`/api/v1/referrals/${mine.id}/accept`, {});
    const foreign = await aCity.post(`/api/v1/referrals/${mine.id}/book`, { slotId: bSlot });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('slotId');
    expect(
      (
        await t.database.db
          .selectFrom('capacitySlots')
          .select('booked')
          .where('id', '=', bSlot)
          .executeTakeFirstOrThrow()
      ).booked,
    ).toBe(0);
  });

  it('sender and receiver attach PDFs and images; other types and empty files are refused', async () => {
    const r = (await aCounty.post('/api/v1/referrals', referralBody({ institutionId: a.city.id }, 3))).json();
    const pdf = Buffer.from('%PDF-1.4\n心电图报告\n%%EOF\n');
    const up = await aCounty.inject({
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/attachments`,
      ...multipart('file', '心电图.pdf', 'application/pdf', pdf),
    });
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ name: '心电图.pdf', contentType: 'application/pdf', size: pdf.length });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(32),
    ]);
    expect(
      (
        await aCity.inject({
          method: 'POST',
          url: `/api/v1/referrals/${r.id}/attachments`,
          ...multipart('file', 'ct.png', 'image/png', png),
        })
      ).statusCode,
    ).toBe(201);
    const exe = await aCounty.inject({
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/attachments`,
      ...multipart('file', 'x.pdf', 'application/pdf', Buffer.from('MZ\x90\x00')),
    });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().errors[0].field).toBe('file');
    const empty = await aCounty.inject({
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/attachments`,
      ...multipart('file', 'e.pdf', 'application/pdf', Buffer.alloc(0)),
    });
    expect(empty.statusCode).toBe(400);
    const listed = (await aCity.get(`/api/v1/referrals/${r.id}/attachments`)).json();
    expect(listed.map((x: { name: string }) => x.name)).toEqual(['心电图.pdf', 'ct.png']);
    const down = await aCity.get(`/api/v1/referral-attachments/${listed[0].id}`);
    expect(down.rawPayload.equals(pdf)).toBe(true);
    const office = await signIn(t.app, a.users.office.username, PASSWORD);
    expect(
      (
        await office.inject({
          method: 'POST',
          url: `/api/v1/referrals/${r.id}/attachments`,
          ...multipart('file', 'o.pdf', 'application/pdf', pdf),
        })
      ).statusCode,
    ).toBe(403);
    const bCity = await signIn(t.app, b.users.cityDoctor.username, PASSWORD);
    expect((await bCity.get(`/api/v1/referral-attachments/${listed[0].id}`)).statusCode).toBe(404);
  });
});
