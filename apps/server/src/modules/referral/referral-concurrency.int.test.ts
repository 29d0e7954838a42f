import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildSlots,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';

// Under any concurrency no slot is booked twice and none is lost, and of two receivers accepting
// the same referral at once exactly one wins. On PostgreSQL the requests really run in parallel
// (a pool of connections); on PGlite they interleave on its one connection.

async function acceptedReferrals(t: TestApp, w: ReferralWorld, count: number): Promise<string[]> {
  const db = t.database.db;
  const patient = await db
    .insertInto('patients')
    .values({
      consortiumId: w.consortium.id,
      name: '并发患者',
      sex: 'female',
      birthDate: '1970-01-01',
      idType: 'passport',
      idNumber: `P${Date.now()}`,
      phone: null,
      insuranceNo: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await db
    .insertInto('referrals')
    .values(
      Array.from({ length: count }, (_, i) => ({
        code: `ZZTEST-${Date.now()}-${i}`,
        consortiumId: w.consortium.id,
        direction: 'up' as const,
        urgency: 'routine' as const,
        greenCategory: null,
        status: 'accepted' as const,
        fromInstitutionId: w.county.id,
        fromDepartmentId: null,
        createdBy: w.users.countyDoctor.id,
        referringDoctor: '县医院医师',
        toInstitutionId: w.city.id,
        toDepartmentId: w.cardiology.id,
        patientId: patient.id,
        icd10Code: 'I21.9',
        diagnosisName: '急性心肌梗死',
        reason: '介入治疗',
        summary: '胸痛',
        plan: null,
        rejectReason: null,
        cancelReason: null,
        dischargeSummary: null,
        slotId: null,
        deadlineAt: null,
        escalatedAt: null,
        submittedAt: null,
        acceptedAt: null,
        completedAt: null,
        receiptAt: null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

describe.each(DATABASES)('referral concurrency (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let receivers: Client[];

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    receivers = [
      await signIn(t.app, w.users.cityDoctor.username, PASSWORD),
      await signIn(t.app, w.users.cityDoctor2.username, PASSWORD),
      await signIn(t.app, w.users.cityAdmin.username, PASSWORD),
    ];
  });
  afterAll(async () => t?.close());

  it('200 concurrent bookings of 50 slots give exactly 50 bookings: none twice, none lost', async () => {
    const slots = await buildSlots(t.database.db, w, 50, 1, '2030-02-01');
    const referrals = await acceptedReferrals(t, w, 200);
    const results = await Promise.all(
      referrals.map((id, i) =>
        receivers[i % receivers.length]!.post(`/api/v1/referrals/${id}/book`, {
          slotId: slots[i % slots.length]!.id,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(50);
    expect(codes.filter((c) => c === 409)).toHaveLength(150);
    expect(codes.every((c) => c === 200 || c === 409)).toBe(true);

    const db = t.database.db;
    const after = await db
      .selectFrom('capacitySlots')
      .select(['id', 'booked', 'capacity'])
      .where(
        'id',
        'in',
        slots.map((s) => s.id),
      )
      .execute();
    expect(after.every((s) => s.booked === 1)).toBe(true); // every slot taken once: none lost, none twice
    const booked = await db
      .selectFrom('referrals')
      .select('slotId')
      .where('id', 'in', referrals)
      .where('status', '=', 'booked')
      .execute();
    expect(booked).toHaveLength(50);
    expect(new Set(booked.map((b) => b.slotId)).size).toBe(50);
    const stillAccepted = await db
      .selectFrom('referrals')
      .select('id')
      .where('id', 'in', referrals)
      .where('status', '=', 'accepted')
      .execute();
    expect(stillAccepted).toHaveLength(150);
  });

  it('20 concurrent accepts of one referral: exactly one succeeds', async () => {
    const county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    const r = (await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 99))).json();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        receivers[i % receivers.length]!.post(`/api/v1/referrals/${r.id}/accept`, {}),
      ),
    );
    const codes = results.map((x) => x.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    const events = await t.database.db
      .selectFrom('referralEvents')
      .select('action')
      .where('referralId', '=', r.id)
      .where('action', '=', 'accept')
      .execute();
    expect(events).toHaveLength(1);
    const audits = await t.database.db
      .selectFrom('auditLog')
      .select('id')
      .where('entityId', '=', r.id)
      .where('action', '=', 'referral.accept')
      .execute();
    expect(audits).toHaveLength(1);
  });
});
