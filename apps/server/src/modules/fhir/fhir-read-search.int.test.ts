import type {
  Bundle,
  CapabilityStatement,
  Organization,
  Patient,
  Practitioner,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildInstitution,
  buildReferralWorld,
  buildSlots,
  buildUser,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';
import { URI } from './fhir.codes.js';
import { expectOutcome, expectValid } from './fhir-test-support.js';

// The county doctor, the city doctor, the consortium office and a viewer read the consortium's
// referrals through FHIR; a doctor of another consortium, and one of a member hospital that is
// party to none of them, find nothing.

describe.each(DATABASES)('FHIR reads and searches within scope (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let elsewhere: ReferralWorld;
  let county: Client;
  let city: Client;
  let office: Client;
  let viewer: Client;
  let stranger: Client;
  let bystander: Client;
  let green: { id: string; patient: { idNumber: string } };
  let foreign: { id: string };

  /** GET that must answer 200 with a resource valid against the base R4 definitions. */
  async function fetchValid<T>(client: Client, url: string): Promise<T> {
    const res = await client.get(url);
    expect(res.statusCode, `${url} ${res.body}`).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const body = res.json();
    await expectValid(body);
    return body as T;
  }
  const ids = (b: Bundle) =>
    (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id);

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    w = await buildReferralWorld(db);
    elsewhere = await buildReferralWorld(db, '320614');
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    viewer = await signIn(t.app, w.users.countyViewer.username, PASSWORD);
    stranger = await signIn(t.app, elsewhere.users.countyDoctor.username, PASSWORD);
    const township = await buildInstitution(db, { consortiumId: w.consortium.id });
    const townshipDoctor = await buildUser(db, 'clinician', {
      consortiumId: w.consortium.id,
      institutionId: township.id,
    });
    bystander = await signIn(t.app, townshipDoctor.username, PASSWORD);

    green = (
      await county.post('/api/v1/referrals', {
        ...referralBody({ institutionId: w.city.id, departmentId: w.cardiology.id }, 31, {
          urgency: 'green_channel',
          greenCategory: 'stroke',
          icd10Code: 'I63.9',
          diagnosisName: '脑梗死',
        }),
        fromDepartmentId: w.countyMedicine.id,
      })
    ).json();
    for (const n of [32, 33, 34])
      await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, n));
    await county.post('/api/v1/referrals', {
      ...referralBody({ institutionId: w.city.id }, 35),
      submit: false,
    });
    const elsewhereDoctor = await signIn(t.app, elsewhere.users.countyDoctor.username, PASSWORD);
    foreign = (
      await elsewhereDoctor.post('/api/v1/referrals', referralBody({ institutionId: elsewhere.city.id }, 36))
    ).json();
  });
  afterAll(async () => t?.close());

  it('publishes a valid CapabilityStatement without sign-in', async () => {
    const cs = await fetchValid<CapabilityStatement>(
      { get: (url: string) => t.app.inject({ method: 'GET', url }) } as Client,
      '/fhir/R4/metadata',
    );
    expect(cs).toMatchObject({
      fhirVersion: '4.0.1',
      kind: 'instance',
      format: ['application/fhir+json', 'json'],
    });
    const rest = cs.rest![0]!;
    expect(rest.resource!.map((r) => r.type)).toEqual([
      'ServiceRequest',
      'Task',
      'Patient',
      'Organization',
      'Practitioner',
      'Bundle',
    ]);
    const sr = rest.resource!.find((r) => r.type === 'ServiceRequest')!;
    expect(sr.searchParam!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['_id', 'status', 'patient', 'subject', 'requester', 'performer']),
    );
    expect(rest.interaction).toEqual([expect.objectContaining({ code: 'transaction' })]);
  });

  it('a green-channel referral is a ServiceRequest and a Task, with its patient, institutions and doctor', async () => {
    const sr = await fetchValid<ServiceRequest>(county, `/fhir/R4/ServiceRequest/${green.id}`);
    expect(sr).toMatchObject({
      id: green.id,
      status: 'active',
      intent: 'order',
      priority: 'stat',
      subject: { reference: expect.stringMatching(/^Patient\//), display: '患者31' },
      requester: { reference: `Practitioner/${w.users.countyDoctor.id}` },
      performer: [{ reference: `Organization/${w.city.id}`, display: w.city.name }],
      performerType: { text: '心血管内科' },
      reasonCode: [
        { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I63.9', display: '脑梗死' }] },
      ],
      note: [
        { id: 'reason', text: '需行冠脉介入治疗，本院无条件' },
        { id: 'summary', text: '胸痛3小时，心电图ST段抬高' },
      ],
    });
    expect(sr.category!.flatMap((c) => c.coding!)).toEqual([
      { system: URI.direction, code: 'up', display: '上转' },
      { system: URI.greenChannel, code: 'stroke', display: '卒中中心' },
    ]);
    expect(sr.extension).toEqual([
      {
        url: URI.requestingOrganization,
        valueReference: { reference: `Organization/${w.county.id}`, display: w.county.name },
      },
      { url: URI.requestingDepartment, valueString: '内科' },
    ]);

    const task = await fetchValid<Task>(city, `/fhir/R4/Task/${green.id}`);
    expect(task).toMatchObject({
      status: 'requested',
      intent: 'order',
      focus: { reference: `ServiceRequest/${green.id}` },
      for: { reference: sr.subject!.reference },
      requester: { reference: `Organization/${w.county.id}` },
      owner: { reference: `Organization/${w.city.id}` },
      restriction: { period: { end: expect.any(String) } },
    });

    const patient = await fetchValid<Patient>(city, `/fhir/R4/${sr.subject!.reference}`);
    expect(patient).toMatchObject({
      gender: 'male',
      name: [{ text: '患者31' }],
      meta: { security: [{ code: 'MASKED' }] },
    });
    // Masked exactly as the REST API masks it; the full number is not in any FHIR answer.
    expect(patient.identifier![0]).toMatchObject({ system: URI.residentId, value: green.patient.idNumber });
    expect(patient.identifier![0]!.value).toMatch(/^510\*{11}\d{3}[\dX]$/);
    expect(patient.telecom).toEqual([{ system: 'phone', value: '138****5678', use: 'mobile' }]);

    const org = await fetchValid<Organization>(office, `/fhir/R4/Organization/${w.city.id}`);
    expect(org).toMatchObject({
      name: w.city.name,
      identifier: [{ system: URI.institutionCode, value: w.city.code }],
    });
    const doctor = await fetchValid<Practitioner>(viewer, `/fhir/R4/Practitioner/${w.users.countyDoctor.id}`);
    expect(doctor.name).toEqual([{ text: w.users.countyDoctor.displayName }]);
  });

  it('follows the referral: booked is a ready Task, completion a completed order with the discharge summary', async () => {
    const [slot] = await buildSlots(t.database.db, w, 1, 1);
    await city.post(`/api/v1/referrals/${green.id}/accept`, {});
    await city.post(`/api/v1/referrals/${green.id}/book`, { slotId: slot!.id });
    const booked = await fetchValid<Task>(county, `/fhir/R4/Task/${green.id}`);
    expect(booked.status).toBe('ready');
    expect(booked.businessStatus).toEqual({
      coding: [{ system: URI.referralState, code: 'booked', display: '已预约' }],
      text: '已预约 2030-01-02 号源 号1',
    });
    expect(booked.executionPeriod).toEqual({ start: expect.any(String) });
    expect((await fetchValid<Bundle>(county, '/fhir/R4/Task?status=ready')).total).toBe(1);

    await city.post(`/api/v1/referrals/${green.id}/arrive`, {});
    expect((await fetchValid<Task>(county, `/fhir/R4/Task/${green.id}`)).status).toBe('in-progress');
    await city.post(`/api/v1/referrals/${green.id}/complete`, {
      dischargeSummary: '溶栓后好转，建议下转康复',
    });
    const done = await fetchValid<Task>(county, `/fhir/R4/Task/${green.id}`);
    expect(done).toMatchObject({
      status: 'completed',
      executionPeriod: { start: expect.any(String), end: expect.any(String) },
      output: [
        { type: { coding: [{ code: 'discharge-summary' }] }, valueString: '溶栓后好转，建议下转康复' },
      ],
    });
    const order = await fetchValid<ServiceRequest>(county, `/fhir/R4/ServiceRequest/${green.id}`);
    expect(order).toMatchObject({ status: 'completed', occurrenceDateTime: '2030-01-02' });
  });

  it('maps a rejected, a cancelled and a draft referral to revoked, revoked and draft orders', async () => {
    const [rejected, cancelled] = await Promise.all(
      [37, 38].map(async (n) =>
        (await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, n))).json(),
      ),
    );
    await city.post(`/api/v1/referrals/${rejected.id}/reject`, { reason: '床位已满' });
    await county.post(`/api/v1/referrals/${cancelled.id}/cancel`, { reason: '患者拒绝转诊' });
    const sr = await fetchValid<ServiceRequest>(county, `/fhir/R4/ServiceRequest/${rejected.id}`);
    expect(sr.status).toBe('revoked');
    expect(await fetchValid<Task>(county, `/fhir/R4/Task/${rejected.id}`)).toMatchObject({
      status: 'rejected',
      statusReason: { text: '床位已满' },
    });
    expect((await fetchValid<Task>(county, `/fhir/R4/Task/${cancelled.id}`)).status).toBe('cancelled');
    const revoked = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?status=revoked');
    expect(ids(revoked).sort()).toEqual([rejected.id, cancelled.id].sort());
    expect((await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?status=draft')).total).toBe(1);
  });

  it('searches by patient, subject, requester and performer, and pages with next links', async () => {
    const all = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?_count=100');
    const total = all.total!;
    expect(total).toBe(7);
    const seen: string[] = [];
    let url: string | undefined = '/fhir/R4/ServiceRequest?_count=3';
    let pages = 0;
    while (url) {
      const page: Bundle = await fetchValid<Bundle>(county, url.replace(/^https?:\/\/[^/]+/, ''));
      expect(page.type).toBe('searchset');
      expect(page.total).toBe(total);
      seen.push(...ids(page).map(String));
      url = page.link!.find((l) => l.relation === 'next')?.url;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(total);

    const sr = await fetchValid<ServiceRequest>(county, `/fhir/R4/ServiceRequest/${green.id}`);
    const patientRef = sr.subject!.reference!;
    for (const q of [`patient=${patientRef}`, `subject=${patientRef.split('/')[1]}`, `_id=${green.id}`]) {
      expect(ids(await fetchValid<Bundle>(county, `/fhir/R4/ServiceRequest?${q}`)), q).toEqual([green.id]);
    }
    expect(ids(await fetchValid<Bundle>(city, `/fhir/R4/Task?patient=${patientRef}`))).toEqual([green.id]);
    for (const q of [
      `requester=Practitioner/${w.users.countyDoctor.id}`,
      `requester=Organization/${w.county.id}`,
      `performer=Organization/${w.city.id}`,
      `performer=${w.city.id}`,
    ]) {
      expect((await fetchValid<Bundle>(city, `/fhir/R4/ServiceRequest?${q}`)).total, q).toBe(total);
    }
    expect(
      (await fetchValid<Bundle>(city, `/fhir/R4/ServiceRequest?performer=Organization/${w.county.id}`)).total,
    ).toBe(0);
    expect(
      (await fetchValid<Bundle>(city, `/fhir/R4/Task?owner=${w.city.id}&requester=${w.county.id}`)).total,
    ).toBe(total);
    expect((await fetchValid<Bundle>(city, '/fhir/R4/ServiceRequest?priority=stat')).total).toBe(1);
    expect((await fetchValid<Bundle>(city, '/fhir/R4/ServiceRequest?status=active,completed')).total).toBe(
      total - 3,
    );

    const orgs = await fetchValid<Bundle>(
      office,
      `/fhir/R4/Organization?identifier=${URI.institutionCode}|${w.county.code}`,
    );
    expect(ids(orgs)).toEqual([w.county.id]);
    expect((await fetchValid<Bundle>(office, '/fhir/R4/Organization')).total).toBe(2);
    expect((await fetchValid<Bundle>(office, '/fhir/R4/Patient?name=患者3')).total).toBe(7);
    expect(ids(await fetchValid<Bundle>(office, '/fhir/R4/Patient?name:exact=患者31'))).toEqual([
      patientRef.split('/')[1],
    ]);
    expect(ids(await fetchValid<Bundle>(office, '/fhir/R4/Practitioner'))).toEqual([w.users.countyDoctor.id]);
  });

  it('answers 404 OperationOutcome for another consortium’s referral and leaves it out of searches', async () => {
    const fr = foreign.id;
    for (const client of [county, city, office, viewer, bystander]) {
      for (const url of [
        `/fhir/R4/ServiceRequest/${fr}`,
        `/fhir/R4/Task/${fr}`,
        `/fhir/R4/Bundle/referral-${fr}`,
      ]) {
        await expectOutcome(await client.get(url), 404);
      }
    }
    await expectOutcome(await county.get(`/fhir/R4/Organization/${elsewhere.city.id}`), 404);
    await expectOutcome(await county.get(`/fhir/R4/Practitioner/${elsewhere.users.countyDoctor.id}`), 404);
    expect((await fetchValid<Bundle>(county, `/fhir/R4/ServiceRequest?_id=${fr}`)).total).toBe(0);
    // A member hospital party to none of the consortium's referrals sees none of them.
    expect((await fetchValid<Bundle>(bystander, '/fhir/R4/ServiceRequest')).total).toBe(0);
    await expectOutcome(await bystander.get(`/fhir/R4/ServiceRequest/${green.id}`), 404);
    // The other consortium's doctor sees their own and nothing of ours.
    expect(ids(await fetchValid<Bundle>(stranger, '/fhir/R4/ServiceRequest'))).toEqual([fr]);
  });

  it('ignores unknown search parameters with a warning, refuses them when strict, and refuses a bad _count', async () => {
    const lenient = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?colour=red&_count=1');
    const warning = lenient.entry!.find((e) => e.search?.mode === 'outcome')!.resource!;
    expect(warning).toMatchObject({
      issue: [{ severity: 'warning', code: 'not-supported', expression: ['colour'] }],
    });
    expect(lenient.link![0]!.url).not.toContain('colour');
    const strict = await county.inject({
      method: 'GET',
      url: '/fhir/R4/ServiceRequest?colour=red',
      headers: { prefer: 'handling=strict' },
    });
    await expectOutcome(strict, 400, 'colour');
    await expectOutcome(await county.get('/fhir/R4/ServiceRequest?_count=many'), 400, '_count');
    const totalOnly = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?_count=0');
    expect(totalOnly).toMatchObject({ total: 7 });
    expect(totalOnly.entry).toBeUndefined();
    const capped = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?_count=5000');
    expect(capped.link![0]!.url).toContain('_count=100');
  });

  it('stays out of the REST API’s OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/fhir'))).toEqual([]);
  });

  it('answers 401, 404 and unknown paths as OperationOutcomes', async () => {
    await expectOutcome(await t.app.inject({ method: 'GET', url: '/fhir/R4/ServiceRequest' }), 401);
    await expectOutcome(await county.get('/fhir/R4/ServiceRequest/not-a-uuid'), 404);
    await expectOutcome(await county.get('/fhir/R4/Encounter'), 404);
    await expectOutcome(await county.get(`/fhir/R4/Patient/${green.id}`), 404);
  });
});
