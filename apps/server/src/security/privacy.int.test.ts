import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../test/app.js';
import { DATABASES } from '../../test/db.js';
import { auditHash, verifyAuditChain, type HashedFields } from '../audit/audit.js';
import {
  buildReferralWorld,
  PASSWORD,
  referralBody,
  residentId,
  type ReferralWorld,
} from '../../test/factories.js';

// A patient whose 医保号 is their 身份证 number (common where the card number is the insurance
// number) is referred up. Neither number may leave the server in full except through the audited
// reveal; no answer carrying patient data may be cached; the audit trail, which can never be
// erased, keeps neither number nor the phone in clear; and the request log takes no identifiers
// from the client.

describe.each(DATABASES)('privacy of patient numbers (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let county: Client;
  let city: Client;
  let office: Client;
  let referralId: string;
  let patientId: string;
  const { idNumber } = residentId(41);
  const PHONE = '13812345678';

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    const body = referralBody({ institutionId: w.city.id }, 41);
    const sent = await county.post('/api/v1/referrals', {
      ...body,
      patient: { ...body.patient, insuranceNo: idNumber },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    referralId = sent.json().id;
    patientId = (
      await t.database.db
        .selectFrom('patients')
        .select('id')
        .where('idNumber', '=', idNumber)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t?.close());

  it('masks the insurance number like the identity number in REST and FHIR; only the audited reveal shows them', async () => {
    const answers = [
      await county.get(`/api/v1/referrals/${referralId}`),
      await city.get('/api/v1/referrals?box=inbox'),
      await office.get('/api/v1/referrals?pageSize=200'),
      await city.get(`/fhir/R4/Patient/${patientId}`),
      await city.get('/fhir/R4/Patient?name=患者41'),
      await city.get(`/fhir/R4/Bundle/referral-${referralId}`),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(idNumber);
      expect(res.body).not.toContain(PHONE);
    }
    const masked = answers[0]!.json().patient;
    expect(masked.insuranceNo).toBe(masked.idNumber);
    expect(masked.insuranceNo).toMatch(/^510\*{11}\d{3}[\dX]$/);

    const full = await city.post(`/api/v1/referrals/${referralId}/reveal`);
    expect(full.json()).toEqual({ idNumber, phone: PHONE, insuranceNo: idNumber });
    const looks = await t.database.db
      .selectFrom('auditLog')
      .select('actorId')
      .where('entityId', '=', referralId)
      .where('action', '=', 'referral.identity_revealed')
      .execute();
    expect(looks).toEqual([{ actorId: w.users.cityDoctor.id }]);
  });

  it('answers every API and FHIR request with Cache-Control: no-store, refusals included', async () => {
    for (const res of [
      await county.get(`/api/v1/referrals/${referralId}`),
      await city.post(`/api/v1/referrals/${referralId}/reveal`),
      await city.get(`/fhir/R4/Patient/${patientId}`),
      await city.get('/fhir/R4/Patient?name=患者41'),
      await office.post(`/api/v1/referrals/${referralId}/reveal`), // 403
      await county.get('/api/v1/referrals/00000000-0000-4000-8000-000000000000'), // 404
      await t.app.inject({ method: 'GET', url: '/api/v1/referrals' }), // 401
      await city.get('/fhir/R4/Patient/00000000-0000-4000-8000-000000000000'), // 404 OperationOutcome
      await t.app.inject({ method: 'GET', url: '/api/health' }),
    ]) {
      expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 80)}`).toBe('no-store');
    }
    // The API's description is public and the same for everyone: it may be cached.
    const docs = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['cache-control']).toBeUndefined();
  });

  it('keeps identity, phone and insurance numbers out of the audit trail', async () => {
    const rows = await t.database.db.selectFrom('auditLog').select(['action', 'before', 'after']).execute();
    const created = rows.find((r) => r.action === 'referral.created')!;
    expect(created.after).toMatchObject({
      patient: { idNumber: expect.stringMatching(/^510\*+/), phone: '138****5678' },
    });
    for (const r of rows) {
      const text = JSON.stringify(r);
      expect(text, r.action).not.toContain(idNumber);
      expect(text, r.action).not.toContain(PHONE);
    }
    // Rows written before this change keep their numbers (the chain must still verify); the
    // audit page masks them, the insurance number too.
    const last = await t.database.db
      .selectFrom('auditLog')
      .select('hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const old: HashedFields = {
      at: new Date().toISOString(),
      actorId: null,
      actorName: 'system',
      ip: null,
      action: 'referral.created',
      entityType: 'referral',
      entityId: referralId,
      consortiumId: w.consortium.id,
      institutionId: w.county.id,
      before: null,
      after: { patient: { idNumber, phone: PHONE, insuranceNo: idNumber } },
      prevHash: last.hash,
    };
    await t.database.db
      .insertInto('auditLog')
      .values({ ...old, before: null, after: JSON.stringify(old.after), hash: auditHash(old) })
      .execute();
    const listed = await office.get(`/api/v1/audit?entityId=${referralId}&action=referral.created`);
    expect(listed.json().items).toHaveLength(2);
    expect(listed.body).not.toContain(idNumber);
    expect(listed.body).not.toContain(PHONE);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('takes a request id from the client only when it is a UUID or a short token without digit runs', async () => {
    const echoed = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': id } })).headers[
        'x-request-id'
      ] === id;
    expect(await echoed('3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c13')).toBe(true);
    expect(await echoed('lb-req_7Kq2-x9')).toBe(true);
    expect(await echoed(idNumber)).toBe(false);
    expect(await echoed(`req-${PHONE}`)).toBe(false);
    expect(await echoed('req-510524-196003-150011')).toBe(false);
    expect(await echoed('a'.repeat(37))).toBe(false);
    expect(await echoed('short')).toBe(false);
  });
});
