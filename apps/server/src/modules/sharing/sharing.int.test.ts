import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildReferralWorld, PASSWORD, residentId, type ReferralWorld } from '../../../test/factories.js';

// The city hospital shares its CT; the county hospital books it for its patients. A result the
// patient already has is shown when the same exam is ordered again.

const patient = (n: number) => {
  const { idNumber, birthDate } = residentId(n);
  return {
    name: `检查患者${n}`,
    sex: 'female',
    birthDate,
    idType: 'resident_id',
    idNumber,
    phone: '13900001111',
  };
};
// Monday 7 January 2030, 09:00 and 09:30 in China.
const SLOT_9 = '2030-01-07T01:00:00.000Z';
const SLOT_930 = '2030-01-07T01:30:00.000Z';

describe.each(DATABASES)('shared equipment and mutual recognition (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let other: ReferralWorld;
  let office: Client;
  let county: Client;
  let city: Client;
  let ct: string;
  let clock = new Date('2030-01-01T01:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildReferralWorld(t.database.db);
    other = await buildReferralWorld(t.database.db, '331121');
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it("the office lists the city hospital's CT with its hours and capacity", async () => {
    const bad = await office.post('/api/v1/resources', {
      ownerInstitutionId: w.city.id,
      type: 'ct',
      name: 'CT',
      openDays: [1],
      openFrom: '17:00',
      openTo: '08:00',
      slotMinutes: 30,
      capacityPerSlot: 2,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('openTo');
    const res = await office.post('/api/v1/resources', {
      ownerInstitutionId: w.city.id,
      type: 'ct',
      name: '64排螺旋CT',
      location: '影像楼一层',
      openDays: [1, 2, 3, 4, 5],
      openFrom: '08:00',
      openTo: '12:00',
      slotMinutes: 30,
      capacityPerSlot: 2,
    });
    expect(res.statusCode).toBe(201);
    ct = res.json().id;
    const slots = (await county.get(`/api/v1/resources/${ct}/slots?date=2030-01-07`)).json();
    expect(slots).toHaveLength(8);
    expect(slots[2]).toEqual({ start: SLOT_9, end: SLOT_930, capacity: 2, booked: 0 });
    expect((await county.get(`/api/v1/resources/${ct}/slots?date=2030-01-05`)).json()).toEqual([]); // Saturday
    expect(
      (
        await county.post('/api/v1/resources', {
          ownerInstitutionId: w.city.id,
          type: 'mri',
          name: 'x',
          openDays: [1],
          openFrom: '08:00',
          openTo: '09:00',
          slotMinutes: 30,
          capacityPerSlot: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('a booking goes requested → confirmed → rescheduled → completed, and the result enters the registry', async () => {
    const notASlot = await county.post('/api/v1/bookings', {
      resourceId: ct,
      slotStart: '2030-01-07T01:10:00Z',
      patient: patient(1),
      examCode: 'CT-HEAD',
      examName: '头颅CT平扫',
    });
    expect(notASlot.json().errors[0].field).toBe('slotStart');
    const res = await county.post('/api/v1/bookings', {
      resourceId: ct,
      slotStart: SLOT_9,
      patient: patient(1),
      examCode: 'CT-HEAD',
      examName: '头颅CT平扫',
    });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({ status: 'requested', patient: { masked: true }, allowedActions: ['cancel'] });
    expect((await city.post(`/api/v1/bookings/${b.id}/confirm`, {})).json().status).toBe('confirmed');
    const moved = await city.post(`/api/v1/bookings/${b.id}/reschedule`, { slotStart: SLOT_930 });
    expect(moved.json().slotStart).toBe(SLOT_930);
    const slots = (await county.get(`/api/v1/resources/${ct}/slots?date=2030-01-07`)).json();
    expect(slots[2].booked).toBe(0);
    expect(slots[3].booked).toBe(1);
    expect((await county.post(`/api/v1/bookings/${b.id}/complete`, { resultSummary: 'x' })).statusCode).toBe(
      403,
    );
    const done = await city.post(`/api/v1/bookings/${b.id}/complete`, {
      resultSummary: '头颅CT平扫未见明显异常',
      validDays: 30,
    });
    expect(done.json()).toMatchObject({ status: 'completed', resultSummary: '头颅CT平扫未见明显异常' });
    expect((await city.post(`/api/v1/bookings/${b.id}/cancel`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('ordering the same exam again shows the earlier result; reusing it and repeating it are both recorded', async () => {
    clock = new Date('2030-01-02T01:00:00Z');
    const again = await county.post('/api/v1/bookings', {
      resourceId: ct,
      slotStart: '2030-01-08T01:00:00Z',
      patient: patient(1),
      examCode: 'CT-HEAD',
      examName: '头颅CT平扫',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('recognition');
    const earlier = (
      await county.post('/api/v1/recognition/check', {
        patient: { idType: 'resident_id', idNumber: patient(1).idNumber },
        examCode: 'ct-head',
      })
    ).json();
    expect(earlier).toEqual([
      expect.objectContaining({ institutionName: w.city.name, summary: '头颅CT平扫未见明显异常' }),
    ]);

    const reused = await county.post('/api/v1/recognition/reuse', {
      patient: patient(1),
      examCode: 'CT-HEAD',
      resultId: earlier[0].id,
    });
    expect(reused.statusCode).toBe(200);
    const repeat = await county.post('/api/v1/bookings', {
      resourceId: ct,
      slotStart: '2030-01-08T01:00:00Z',
      patient: patient(1),
      examCode: 'CT-HEAD',
      examName: '头颅CT平扫',
      recognition: {
        decision: 'repeat',
        resultId: earlier[0].id,
        reason: 'condition_changed',
        note: '新发头痛加重',
      },
    });
    expect(repeat.statusCode).toBe(201);
    const figures = (await office.get('/api/v1/recognition/figures?from=2030-01-01&to=2030-01-31')).json();
    expect(figures).toEqual({ avoided: 1, repeated: 1, repeatReasons: { condition_changed: 1 } });
    // Past its validity the earlier result no longer prompts.
    clock = new Date('2030-03-01T01:00:00Z');
    expect(
      (
        await county.post('/api/v1/recognition/check', {
          patient: { idType: 'resident_id', idNumber: patient(1).idNumber },
          examCode: 'CT-HEAD',
        })
      ).json(),
    ).toEqual([]);
    clock = new Date('2030-01-02T01:00:00Z');
  });

  it('cancellation: the requester until two hours before, the owner any time; a no-show only after the slot began', async () => {
    const b = (
      await county.post('/api/v1/bookings', {
        resourceId: ct,
        slotStart: '2030-01-09T01:00:00Z',
        patient: patient(2),
        examCode: 'CT-CHEST',
        examName: '胸部CT',
      })
    ).json();
    await city.post(`/api/v1/bookings/${b.id}/confirm`, {});
    expect((await city.post(`/api/v1/bookings/${b.id}/no_show`, {})).statusCode).toBe(409);
    clock = new Date('2030-01-09T00:00:00Z'); // one hour before
    expect((await county.post(`/api/v1/bookings/${b.id}/cancel`, { reason: '改期' })).statusCode).toBe(409);
    clock = new Date('2030-01-09T01:40:00Z');
    expect((await city.post(`/api/v1/bookings/${b.id}/no_show`, {})).json().status).toBe('no_show');
    clock = new Date('2030-01-02T01:00:00Z');
    const c = (
      await county.post('/api/v1/bookings', {
        resourceId: ct,
        slotStart: '2030-01-10T01:00:00Z',
        patient: patient(3),
        examCode: 'CT-CHEST',
        examName: '胸部CT',
      })
    ).json();
    expect(
      (await county.post(`/api/v1/bookings/${c.id}/cancel`, { reason: '患者已出院' })).json().status,
    ).toBe('cancelled');
    const util = (await office.get('/api/v1/resource-utilisation?from=2030-01-01&to=2030-01-31')).json();
    expect(util[0]).toMatchObject({ resourceName: '64排螺旋CT', completed: 1, noShows: 1, cancelled: 1 });
  });

  it('100 concurrent requests for 30 places give exactly 30 bookings, none over capacity', async () => {
    const big = (
      await office.post('/api/v1/resources', {
        ownerInstitutionId: w.city.id,
        type: 'lab_center',
        name: '区域检验中心',
        openDays: [1, 2, 3, 4, 5],
        openFrom: '08:00',
        openTo: '09:00',
        slotMinutes: 60,
        capacityPerSlot: 30,
      })
    ).json();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        county.post('/api/v1/bookings', {
          resourceId: big.id,
          slotStart: '2030-01-11T00:00:00Z',
          patient: patient(100 + i),
          examCode: 'LAB-CBC',
          examName: '血常规',
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(30);
    expect(codes.filter((c) => c === 409)).toHaveLength(70);
    const usage = await t.database.db
      .selectFrom('resourceSlotUsage')
      .select(['booked', 'capacity'])
      .where('resourceId', '=', big.id)
      .execute();
    expect(usage).toEqual([{ booked: 30, capacity: 30 }]);
    const rows = await t.database.db
      .selectFrom('resourceBookings')
      .select('id')
      .where('resourceId', '=', big.id)
      .execute();
    expect(rows).toHaveLength(30);
  });

  it('the office books for a member it names: the member requests, the office acted, audited as such; never for a non-member', async () => {
    const body = {
      resourceId: ct,
      slotStart: '2030-01-15T01:00:00Z',
      patient: patient(20),
      examCode: 'CT-CHEST',
      examName: '胸部CT',
    };
    const none = await office.post('/api/v1/bookings', body);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('requestingInstitutionId');
    const outsider = await office.post('/api/v1/bookings', {
      ...body,
      requestingInstitutionId: other.county.id,
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0].field).toBe('requestingInstitutionId');
    // Staff book for their own institution only.
    const asOther = await county.post('/api/v1/bookings', { ...body, requestingInstitutionId: w.city.id });
    expect(asOther.statusCode).toBe(403);
    expect(asOther.json().errors[0].field).toBe('requestingInstitutionId');

    const res = await office.post('/api/v1/bookings', { ...body, requestingInstitutionId: w.county.id });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({
      requestingInstitutionId: w.county.id,
      requestingInstitutionName: w.county.name,
      requestedBy: w.users.office.displayName,
      onBehalf: true,
      allowedActions: ['cancel'],
    });
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'institutionId', 'after'])
      .where('action', '=', 'booking.created')
      .where('entityId', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actorId: w.users.office.id,
      institutionId: w.county.id,
      after: { onBehalfOf: w.county.id },
    });
    // The member sees it among its own bookings, the office among those it made for members.
    const ours = (await county.get('/api/v1/bookings?box=requested_by_us&pageSize=200')).json().items;
    expect(ours.map((x: { id: string }) => x.id)).toContain(b.id);
    const made = (await office.get('/api/v1/bookings?box=requested_by_us')).json();
    expect(made.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    // The member's staff were told; the county doctor may cancel, and so may the office that booked.
    const told = await t.database.db
      .selectFrom('notifications')
      .select('title')
      .where('userId', '=', w.users.countyDoctor.id)
      .where('title', '=', '医联体办公室为本院预约了检查')
      .execute();
    expect(told).toHaveLength(1);
    expect((await county.get(`/api/v1/bookings/${b.id}`)).json().allowedActions).toEqual(['cancel']);
    const cancelled = await office.post(`/api/v1/bookings/${b.id}/cancel`, { reason: '患者改约' });
    expect(cancelled.json().status).toBe('cancelled');
  });

  it('another consortium neither sees nor books the CT', async () => {
    const outsider = await signIn(t.app, other.users.countyDoctor.username, PASSWORD);
    expect((await outsider.get(`/api/v1/resources/${ct}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/resources/${ct}/slots?date=2030-01-07`)).statusCode).toBe(404);
    const book = await outsider.post('/api/v1/bookings', {
      resourceId: ct,
      slotStart: '2030-01-14T01:00:00Z',
      patient: patient(9),
      examCode: 'CT-HEAD',
      examName: '头颅CT',
    });
    expect(book.statusCode).toBe(400);
    expect(book.json().errors[0].field).toBe('resourceId');
    const mine = (await county.get('/api/v1/bookings?pageSize=200')).json().items[0];
    expect((await outsider.get(`/api/v1/bookings/${mine.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/bookings/${mine.id}/cancel`, { reason: 'x' })).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/bookings')).json().total).toBe(0);
  });
});
