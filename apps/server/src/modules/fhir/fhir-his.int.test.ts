import type { Bundle, OperationOutcome, Patient, Practitioner, ServiceRequest } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildStaff,
  buildUser,
  PASSWORD,
  type ReferralWorld,
} from '../../../test/factories.js';
import { getToken, jwksOf, newClientKey } from '../../../test/system-client.js';
import { URI } from './fhir.codes.js';
import {
  CITY_USCC,
  COUNTY_USCC,
  HIS_ORDER,
  HIS_REQUISITION,
  hisBundle,
  LICENSE,
  person,
} from './fhir-his-bundle.js';
import { expectOutcome, expectValid, FHIR_HEADERS, postBundle } from './fhir-test-support.js';

// 叙永县人民医院's HIS sends referrals to 西南医科大学附属医院 the way it writes them for the
// province: the 居民身份证 under the national OID, both hospitals by their 统一社会信用代码, the
// doctor by her 执业证书编码, a diagnosis of the national clinical edition 2.0, its own order
// number, requisition and time, one free-text note, no direction and no green-channel code. Yilian
// takes it as it is, answers a retry with the same referral, lists every mistake at once, and
// never lets it rewrite a registered patient. The HIS signs in as systems do (SMART Backend Services):
// the county's administrator registers it with its public key, it gets a token by a signed assertion,
// and the audit trail names it.

const SR = 'Bundle.entry[4].resource';
const PT = 'Bundle.entry[3].resource';

describe.each(DATABASES)('a county HIS sends referrals in the national codes (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let county: Client;
  let his: Client;
  let hisClientId: string;
  let city: Client;
  let staffId: string;
  const referralCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('referrals')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    const db = t.database.db;
    // The city hospital is 三级 (the direction is derived from it), both carry their 统一社会信用代码.
    await db
      .updateTable('institutions')
      .set({ uscc: CITY_USCC, level: 'level3' })
      .where('id', '=', w.city.id)
      .execute();
    await db.updateTable('institutions').set({ uscc: COUNTY_USCC }).where('id', '=', w.county.id).execute();
    const wang = await buildStaff(db, w.county.id, { departmentId: w.countyMedicine.id });
    await db
      .updateTable('staff')
      .set({ name: '王丽', practitionerId: LICENSE })
      .where('id', '=', wang.id)
      .execute();
    staffId = wang.id;
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    // The county's administrator registers its HIS with the HIS's public key.
    const admin = await buildUser(db, 'institution_admin', {
      consortiumId: w.consortium.id,
      institutionId: w.county.id,
    });
    const key = await newClientKey('ES384');
    const registered = await (
      await signIn(t.app, admin.username, PASSWORD)
    ).post('/api/v1/clients', {
      name: '叙永县人民医院 HIS',
      scopes: ['system/ServiceRequest.crs', 'system/Patient.rs', 'system/Organization.rs'],
      jwks: jwksOf(key),
    });
    expect(registered.statusCode, registered.body).toBe(201);
    hisClientId = registered.json().id;
    const token = await getToken(t.app, hisClientId, key, 'system/ServiceRequest.crs system/Patient.rs');
    const inject: Client['inject'] = (opts) =>
      t.app.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), authorization: `Bearer ${token.access_token}` },
      });
    his = {
      cookie: '',
      inject,
      get: (url) => inject({ method: 'GET', url }),
      post: (url, payload) => inject({ method: 'POST', url, payload: payload as never }),
      patch: (url, payload) => inject({ method: 'PATCH', url, payload: payload as never }),
      del: (url) => inject({ method: 'DELETE', url }),
    };
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('takes the Bundle as the HIS writes it: 201, in the receiver’s inbox with the HIS’s order number, time and doctor', async () => {
    const res = await postBundle(his, hisBundle('ZY20260312-0042'));
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as Bundle;
    await expectValid(answer);
    expect(answer.entry!.map((e) => e.response!.status)).toEqual([
      '200 OK',
      '200 OK',
      '200 OK',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    expect(answer.entry!.slice(0, 3).map((e) => e.response!.location)).toEqual([
      `Organization/${w.county.id}`,
      `Organization/${w.city.id}`,
      `Practitioner/${staffId}`,
    ]);
    const notes = answer.entry![4]!.response!.outcome as OperationOutcome;
    expect(notes.issue.map((i) => i.expression![0])).toEqual(
      expect.arrayContaining([`${SR}.category`, 'Bundle.entry[2].resource']),
    );
    const id = answer.entry![4]!.response!.location!.split('/')[1]!;
    // The audit trail names the system that wrote it, not a person's account.
    const created = await t.database.db
      .selectFrom('auditLog')
      .select('actorName')
      .where('action', '=', 'referral.created')
      .where('entityId', '=', id)
      .executeTakeFirstOrThrow();
    expect(created.actorName).toBe(`client:${hisClientId}`);

    const inbox = (await city.get('/api/v1/referrals?box=inbox')).json();
    const r = inbox.items.find((x: { id: string }) => x.id === id);
    expect(r).toMatchObject({
      status: 'requested',
      direction: 'up', // 二级 county to 三级 city: derived
      urgency: 'green_channel',
      greenCategory: 'chest_pain', // stat and I21: inferred, and marked so
      greenCategoryDerived: true,
      icd10Code: 'I21.000x001',
      icd10Edition: 'cn_clinical_2',
      diagnosisName: '急性前壁ST段抬高型心肌梗死',
      referringDoctor: '王丽',
      reason: '急诊PCI，请胸痛中心接收',
      summary: '胸痛3小时，心电图V1-V4导联ST段抬高，已予双抗负荷',
      sender: {
        identifier: { system: HIS_ORDER, value: 'ZY20260312-0042' },
        requisition: { system: HIS_REQUISITION, value: 'ZZD-ZY20260312-0042' },
        authoredOn: '2026-03-12T08:30:00+08:00',
        taskDescription: '急诊PCI，请胸痛中心接收',
        notes: [
          { text: '胸痛3小时，心电图V1-V4导联ST段抬高，已予双抗负荷', time: '2026-03-12T08:25:00+08:00' },
        ],
        practitioner: null,
      },
    });

    // Every export says what the HIS said, and finds the referral by its order number.
    const sr = (await city.get(`/fhir/R4/ServiceRequest/${id}`)).json() as ServiceRequest;
    await expectValid(sr);
    expect(sr).toMatchObject({
      identifier: expect.arrayContaining([
        expect.objectContaining({ system: HIS_ORDER, value: 'ZY20260312-0042' }),
      ]),
      requisition: { system: HIS_REQUISITION, value: 'ZZD-ZY20260312-0042' },
      authoredOn: '2026-03-12T08:30:00+08:00',
      requester: { reference: `Practitioner/${staffId}`, display: '王丽' },
      reasonCode: [{ coding: [{ system: URI.icd10CnClinical, version: '2.0', code: 'I21.000x001' }] }],
    });
    expect(sr.category![1]!.coding![0]).toMatchObject({ code: 'chest_pain', userSelected: false });
    const found = (
      await city.get(`/fhir/R4/ServiceRequest?identifier=${HIS_ORDER}|ZY20260312-0042`)
    ).json() as Bundle;
    expect(found.entry!.map((e) => e.resource!.id)).toEqual([id]);
    const doctor = (await city.get(`/fhir/R4/Practitioner/${staffId}`)).json() as Practitioner;
    await expectValid(doctor);
    expect(doctor.identifier).toEqual([
      expect.objectContaining({ system: URI.practitionerLicense, value: LICENSE }),
    ]);
    for (const url of [
      `/fhir/R4/Practitioner?identifier=${URI.practitionerLicense}|${LICENSE}`,
      `/fhir/R4/Organization?identifier=${URI.uscc}|${CITY_USCC}`,
    ])
      expect((await city.get(url)).json().total, url).toBe(1);
  });

  it('answers the same Bundle again, and two at once, with one referral', async () => {
    const before = await referralCount();
    const again = await postBundle(his, hisBundle('ZY20260312-0042'));
    expect(again.statusCode, again.body).toBe(200);
    const entries = (again.json() as Bundle).entry!;
    expect(entries[4]!.response!.status).toBe('200 OK');
    expect(await referralCount()).toBe(before);

    // A retry racing the first attempt: the database's unique index decides, not a prior read.
    const bundle = hisBundle('ZY20260312-0043', 2);
    for (const e of bundle.entry!) delete e.request!.ifNoneExist;
    // This one names the county by its organization code as WS/T 500 documents carry it.
    (bundle.entry![0]!.resource as { identifier: unknown }).identifier = [
      { system: URI.ws500Organization, value: `${COUNTY_USCC.slice(8, 16)}-${COUNTY_USCC[16]}` },
    ];
    const [a, b] = await Promise.all([postBundle(his, bundle), postBundle(his, bundle)]);
    const statuses = [a, b].map((r) => (r.json() as Bundle).entry![4]!.response!.status).sort();
    expect(statuses).toEqual(['200 OK', '201 Created']);
    const [la, lb] = [a, b].map((r) => (r.json() as Bundle).entry![4]!.response!.location);
    expect(la).toBe(lb);
    expect(await referralCount()).toBe(before + 1);

    // A single create, conditional on the order number: 201 with Location, then 200 with the same.
    const patientId = (await county.get(`/api/v1/referrals/${la!.split('/')[1]}`)).json().patient.id;
    const single: ServiceRequest = {
      ...(hisBundle('ZY20260312-0044', 2).entry![4]!.resource as ServiceRequest),
      subject: { reference: `Patient/${patientId}` },
      performer: [{ identifier: { system: URI.uscc, value: CITY_USCC } }],
      requester: undefined,
      note: [{ text: '复查冠脉造影' }],
    };
    const post = () =>
      his.inject({
        method: 'POST',
        url: '/fhir/R4/ServiceRequest',
        headers: { ...FHIR_HEADERS, 'if-none-exist': `identifier=${HIS_ORDER}|ZY20260312-0044` },
        payload: JSON.stringify(single),
      });
    const first = await post();
    expect(first.statusCode, first.body).toBe(201);
    await expectValid(first.json());
    const second = await post();
    expect(second.statusCode, second.body).toBe(200);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.json().id).toBe(first.json().id);
    expect(await referralCount()).toBe(before + 2);
  });

  it('lists five mistakes at once, each with its FHIRPath, and makes nothing', async () => {
    const before = await referralCount();
    const b = hisBundle('ZY20260312-0045', 3);
    const pt = b.entry![3]!.resource as Patient;
    const v = pt.identifier![0]!.value!;
    pt.identifier![0]!.value = v.slice(0, 17) + (v.endsWith('1') ? '2' : '1'); // 1. check digit
    const cityOrg = b.entry![1]!.resource as { identifier: { value: string }[] };
    cityOrg.identifier[0]!.value = CITY_USCC.slice(0, 17) + (CITY_USCC.endsWith('1') ? '2' : '1'); // 2.
    const sr = b.entry![4]!.resource as ServiceRequest;
    sr.reasonCode![0]!.coding![0]!.code = 'I21.0000x1'; // 3. not a national clinical edition code
    sr.intent = 'plan'; // 4.
    (b.entry![5]!.resource as { status: string }).status = 'accepted'; // 5.
    const oo = await expectOutcome(await postBundle(his, b), 400);
    expect(oo.issue.map((i) => i.expression![0]).sort()).toEqual(
      [
        `${PT}.identifier[0].value`,
        'Bundle.entry[1].resource.identifier[0].value',
        `${SR}.reasonCode[0].coding[0].code`,
        `${SR}.intent`,
        'Bundle.entry[5].resource.status',
      ].sort(),
    );
    expect(await referralCount()).toBe(before);

    // A missing diagnosis is one problem, said once where it is, not again for the fields it feeds.
    const noDiagnosis = hisBundle('ZY20260312-0045', 3);
    delete (noDiagnosis.entry![4]!.resource as ServiceRequest).reasonCode;
    const one = await expectOutcome(await postBundle(his, noDiagnosis), 400);
    expect(one.issue.map((i) => i.expression![0])).toEqual([`${SR}.reasonCode`]);
  });

  it('never rewrites a registered patient: the receiver settles the discrepancy, audited', async () => {
    const db = t.database.db;
    const known = person(1);
    const registered = await db
      .selectFrom('patients')
      .select(['id', 'name', 'sex'])
      .where('idNumber', '=', known.idNumber)
      .executeTakeFirstOrThrow();
    const res = await postBundle(his, hisBundle('ZY20260312-0046', 1, { name: '钱七' }));
    expect(res.statusCode, res.body).toBe(200);
    const entry = (res.json() as Bundle).entry![4]!;
    expect((entry.response!.outcome as OperationOutcome).issue).toContainEqual(
      expect.objectContaining({ severity: 'warning', expression: [`${PT}.name[0]`] }),
    );
    const id = entry.response!.location!.split('/')[1]!;
    const after = await db
      .selectFrom('patients')
      .select(['name', 'sex'])
      .where('id', '=', registered.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ name: registered.name, sex: registered.sex });

    const seen = (await city.get(`/api/v1/referrals/${id}`)).json();
    expect(seen.patientDiscrepancy).toMatchObject({
      fields: [{ field: 'name', submitted: '钱*', registered: '赵*' }],
      resolution: null,
    });
    // Only the receiving staff settle it; once.
    expect(
      (await county.post(`/api/v1/referrals/${id}/patient-discrepancy`, { decision: 'rejected' })).statusCode,
    ).toBe(403);
    const settled = await city.post(`/api/v1/referrals/${id}/patient-discrepancy`, {
      decision: 'rejected',
      note: '电话核实，HIS录入有误',
    });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json().patientDiscrepancy).toMatchObject({
      resolution: 'rejected',
      resolutionNote: '电话核实，HIS录入有误',
      resolvedByName: w.users.cityDoctor.displayName,
      resolvedAt: expect.any(String),
    });
    expect(
      (await city.post(`/api/v1/referrals/${id}/patient-discrepancy`, { decision: 'confirmed' })).statusCode,
    ).toBe(409);
    const audit = await db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityId', '=', id)
      .where('action', '=', 'referral.discrepancy_resolved')
      .execute();
    expect(audit).toEqual([{ action: 'referral.discrepancy_resolved', actorId: w.users.cityDoctor.id }]);
    expect(
      await db
        .selectFrom('patients')
        .select(['name'])
        .where('id', '=', registered.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      name: registered.name,
    });
  });

  it('finds a patient by identifier exactly, and $match scores only the patients in scope', async () => {
    const { idNumber } = person(1);
    const count = async (q: string) => (await city.get(`/fhir/R4/Patient?identifier=${q}`)).json().total;
    expect(await count(`${URI.residentId}|${idNumber}`)).toBe(1);
    expect(await count(`${URI.residentIdPrevious}|${idNumber}`)).toBe(1);
    expect(await count(idNumber)).toBe(1);
    expect(await count(`${URI.residentId}|${idNumber.slice(0, 6)}********${idNumber.slice(14)}`)).toBe(0);
    expect(await count(`${URI.residentId}|${idNumber.slice(0, 12)}`)).toBe(0);
    expect(await count(`urn:oid:1.2.3|${idNumber}`)).toBe(0);

    const match = (client: Client, patient: Patient) =>
      client.inject({
        method: 'POST',
        url: '/fhir/R4/Patient/$match',
        headers: FHIR_HEADERS,
        payload: JSON.stringify({
          resourceType: 'Parameters',
          parameter: [{ name: 'resource', resource: patient }],
        }),
      });
    const asked: Patient = {
      resourceType: 'Patient',
      identifier: [{ system: URI.residentId, value: idNumber }],
      name: [{ text: '赵1' }],
    };
    const res = await match(city, asked);
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json() as Bundle;
    await expectValid(bundle);
    expect(bundle.entry![0]!.search).toMatchObject({
      mode: 'match',
      score: 0.85,
      extension: [{ url: URI.matchGrade, valueCode: 'certain' }],
    });
    expect(JSON.stringify(bundle)).not.toContain(idNumber);
    const byName = (await match(city, { resourceType: 'Patient', name: [{ text: '赵1' }] })).json() as Bundle;
    expect(byName.entry![0]!.search!.extension![0]!.valueCode).toBe('possible');

    // Another consortium's staff see nothing of this patient.
    const elsewhere = await buildReferralWorld(t.database.db, '320614');
    const stranger = await signIn(t.app, elsewhere.users.cityDoctor.username, PASSWORD);
    expect(((await match(stranger, asked)).json() as Bundle).total).toBe(0);
    expect(
      (await stranger.get(`/fhir/R4/Patient?identifier=${URI.residentId}|${idNumber}`)).json().total,
    ).toBe(0);
  });
});
