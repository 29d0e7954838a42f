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
import { buildSystemClient, getToken, newClientKey } from '../../../test/system-client.js';
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
      'CodeSystem',
      'StructureDefinition',
      'NamingSystem',
    ]);
    const sr = rest.resource!.find((r) => r.type === 'ServiceRequest')!;
    expect(sr.searchParam!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['_id', 'status', 'patient', 'subject', 'requester', 'performer']),
    );
    expect(rest.interaction).toEqual([expect.objectContaining({ code: 'transaction' })]);
    expect(sr.searchInclude).toEqual(expect.arrayContaining(['ServiceRequest:subject']));
    expect(rest.resource!.find((r) => r.type === 'Task')!.searchInclude).toEqual(
      expect.arrayContaining(['Task:focus', 'Task:owner']),
    );
    expect(rest.resource!.find((r) => r.type === 'Patient')!.searchRevInclude).toContain(
      'ServiceRequest:subject',
    );
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
      `performer=Organization/${w.city.id}`,
      `performer=${w.city.id}`,
    ]) {
      expect((await fetchValid<Bundle>(city, `/fhir/R4/ServiceRequest?${q}`)).total, q).toBe(total);
    }
    for (const q of [`performer=Organization/${w.county.id}`, `requester=Organization/${w.county.id}`])
      expect((await fetchValid<Bundle>(city, `/fhir/R4/ServiceRequest?${q}`)).total, q).toBe(0);
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

  it('refuses unknown search parameters with 400 unless the client prefers lenient handling, and refuses a bad _count', async () => {
    for (const url of [
      '/fhir/R4/ServiceRequest?colour=red',
      '/fhir/R4/ServiceRequest?status:missing=true',
      // Not R4's: Task has subject and patient, not for.
      `/fhir/R4/Task?for=${green.id}`,
    ]) {
      await expectOutcome(await county.get(url), 400, url.split('?')[1]!.split('=')[0]);
    }
    const lenient = await county.inject({
      method: 'GET',
      url: '/fhir/R4/ServiceRequest?colour=red&_count=1',
      headers: { prefer: 'handling=lenient' },
    });
    expect(lenient.statusCode, lenient.body).toBe(200);
    const bundle = lenient.json() as Bundle;
    await expectValid(bundle);
    const warning = bundle.entry!.find((e) => e.search?.mode === 'outcome')!.resource!;
    expect(warning).toMatchObject({
      issue: [{ severity: 'warning', code: 'not-supported', expression: ['colour'] }],
    });
    expect(bundle.link![0]!.url).not.toContain('colour');
    await expectOutcome(await county.get('/fhir/R4/ServiceRequest?_count=many'), 400, '_count');
    const totalOnly = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?_count=0');
    expect(totalOnly).toMatchObject({ total: 7 });
    expect(totalOnly.entry).toBeUndefined();
    const capped = await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?_count=5000');
    expect(capped.link![0]!.url).toContain('_count=100');
  });

  it('matches system|code, |code and system| on every token parameter', async () => {
    const sr = await fetchValid<ServiceRequest>(county, `/fhir/R4/ServiceRequest/${green.id}`);
    const code = sr.identifier![0]!.value!;
    const all = (await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest')).total!;
    const count = async (url: string) => (await fetchValid<Bundle>(county, `/fhir/R4/${url}`)).total;
    const cases: [string, number][] = [
      [`ServiceRequest?identifier=${URI.referralCode}|${code}`, 1],
      [`ServiceRequest?identifier=${code}`, 1],
      [`ServiceRequest?identifier=${URI.referralCode}|`, all],
      [`ServiceRequest?identifier=|${code}`, 0], // the referral number has a system
      [`ServiceRequest?identifier=urn:oid:1.2.3|${code}`, 0],
      [`Task?identifier=${URI.referralCode}|${code}`, 1],
      // code elements: the implied system of R4's value set, and no system property of their own
      ['ServiceRequest?status=http://hl7.org/fhir/request-status|draft', 1],
      ['ServiceRequest?status=|draft', 1],
      ['ServiceRequest?status=http://hl7.org/fhir/request-status|', all],
      ['ServiceRequest?status=http://hl7.org/fhir/task-status|draft', 0],
      ['Task?status=http://hl7.org/fhir/task-status|draft', 1],
      ['ServiceRequest?priority=http://hl7.org/fhir/request-priority|stat', 1],
      ['Task?priority=|stat', 1],
      [`ServiceRequest?category=${URI.direction}|up`, all],
      [`ServiceRequest?category=${URI.greenChannel}|stroke`, 1],
      [`ServiceRequest?category=${URI.greenChannel}|`, 1],
      ['ServiceRequest?category=stroke', 1],
      ['ServiceRequest?category=|up', 0],
      [`ServiceRequest?category=${URI.direction}|stroke`, 0],
      [`Task?business-status=${URI.referralState}|draft`, 1],
      [`Task?business-status=${URI.referralState}|`, all],
      [
        `Patient?gender=http://hl7.org/fhir/administrative-gender|male&_id=${sr.subject!.reference!.split('/')[1]}`,
        1,
      ],
      ['Patient?gender=|female', 0],
      [`ServiceRequest?_id=|${green.id}`, 1],
      // Task.performerType is the receiving department, by name (:text), as ServiceRequest's performer-type.
      ['Task?performer:text=心血管', 1],
      ['ServiceRequest?performer-type:text=心血管内科', 1],
      ['Task?performer=心血管内科', 0],
      // R4's Task performer is a token on performerType, not the owner.
      [`Task?performer=Organization/${w.city.id}`, 0],
    ];
    for (const [url, expected] of cases) expect(await count(url), url).toBe(expected);
  });

  it('reads date parameters with the R4 prefixes and partial dates as ranges', async () => {
    // Three referrals last changed at known moments (China time); every other one in 2026.
    const [a, b, c] = (
      await fetchValid<Bundle>(county, '/fhir/R4/ServiceRequest?status=active&_count=3')
    ).entry!.map((e) => e.resource!.id!);
    const at: [string, string][] = [
      [a!, '2001-01-15T09:30:00+08:00'],
      [b!, '2001-02-01T00:00:00+08:00'],
      [c!, '2001-12-31T23:59:59.999+08:00'],
    ];
    for (const [id, when] of at)
      await t.database.db.updateTable('referrals').set({ updatedAt: when }).where('id', '=', id).execute();
    const found = async (url: string) =>
      ids(await fetchValid<Bundle>(county, `/fhir/R4/${url}&_count=100`)).sort();
    const of = (...xs: (string | undefined)[]) => xs.map(String).sort();
    const cases: [string, string[]][] = [
      ['ServiceRequest?_lastUpdated=2001', of(a, b, c)],
      ['ServiceRequest?_lastUpdated=eq2001-01', of(a)],
      ['ServiceRequest?_lastUpdated=2001-01-15', of(a)],
      ['ServiceRequest?_lastUpdated=2001-01-15T09:30:00%2B08:00', of(a)],
      ['ServiceRequest?_lastUpdated=2001-01-15T01:30:00Z', of(a)],
      ['ServiceRequest?_lastUpdated=2001-01-15T09:30', of(a)], // no zone: China time
      ['ServiceRequest?_lastUpdated=2001-01-15T09:31:00%2B08:00', of()],
      ['ServiceRequest?_lastUpdated=lt2001-02', of(a)],
      ['ServiceRequest?_lastUpdated=le2001-02', of(a, b)],
      ['ServiceRequest?_lastUpdated=ge2001-02&_lastUpdated=lt2002', of(b, c)],
      ['ServiceRequest?_lastUpdated=gt2001-02&_lastUpdated=lt2002', of(c)],
      ['ServiceRequest?_lastUpdated=sa2001-01-15&_lastUpdated=eb2002', of(b, c)],
      ['ServiceRequest?_lastUpdated=eb2001-02-01', of(a)],
      ['ServiceRequest?_lastUpdated=ne2001&_lastUpdated=lt2002', of()],
      ['ServiceRequest?_lastUpdated=2001-01,2001-12', of(a, c)],
      ['Task?_lastUpdated=2001-12-31T15:59:59.999Z', of(c)],
      ['Task?modified=2001-12-31', of(c)],
      ['ServiceRequest?authored=lt2002', of()],
    ];
    for (const [url, expected] of cases) expect(await found(url), url).toEqual(expected);

    // Patients born 15 March 1960 + n % 50: 1991 (31), 1992 (32) … 1998 (38).
    const years = async (q: string) =>
      ((await fetchValid<Bundle>(county, `/fhir/R4/Patient?${q}&_count=100`)).entry ?? [])
        .map((e) => (e.resource as Patient).birthDate!.slice(0, 4))
        .sort();
    expect(await years('birthdate=1991')).toEqual(['1991']);
    expect(await years('birthdate=1991-03')).toEqual(['1991']);
    expect(await years('birthdate=eq1991-03-15')).toEqual(['1991']);
    expect(await years('birthdate=1991-03-16')).toEqual([]);
    expect(await years('birthdate=lt1993')).toEqual(['1991', '1992']);
    expect(await years('birthdate=le1992-03-15&birthdate=ge1992')).toEqual(['1992']);
    expect(await years('birthdate=gt1997-03-15')).toEqual(['1998']);
    expect(await years('birthdate=sa1997-03-15&birthdate=eb1999')).toEqual(['1998']);
    expect(await years('birthdate=ne1991&birthdate=lt1993')).toEqual(['1992']);
    // A day never lies inside a minute; it begins before it.
    expect(await years('birthdate=1991-03-15T10:00%2B08:00')).toEqual([]);
    expect(await years('birthdate=le1991-03-15T10:00%2B08:00&birthdate=gt1990')).toEqual(['1991']);

    // _lastUpdated on every resource type.
    for (const type of ['Patient', 'Organization', 'Practitioner', 'ServiceRequest', 'Task']) {
      expect((await fetchValid<Bundle>(county, `/fhir/R4/${type}?_lastUpdated=lt1990`)).total, type).toBe(0);
      expect(
        (await fetchValid<Bundle>(county, `/fhir/R4/${type}?_lastUpdated=gt1990`)).total,
        type,
      ).toBeGreaterThan(0);
    }
    for (const bad of [
      '_lastUpdated=2001-13',
      '_lastUpdated=ap2001',
      '_lastUpdated=01-01-2001',
      'birthdate=1991-3-15',
    ])
      await expectOutcome(await county.get(`/fhir/R4/Patient?${bad}`), 400, bad.split('=')[0]);
  });

  it('includes the resources a page refers to, and those that refer to it (_include, _revinclude)', async () => {
    const sr = await fetchValid<ServiceRequest>(county, `/fhir/R4/ServiceRequest/${green.id}`);
    const patientId = sr.subject!.reference!.split('/')[1]!;
    const modes = (b: Bundle) =>
      (b.entry ?? []).map((e) => `${e.search!.mode} ${e.resource!.resourceType}/${e.resource!.id}`).sort();
    const cases: [string, string[]][] = [
      [
        `ServiceRequest?_id=${green.id}&_include=ServiceRequest:subject`,
        [`include Patient/${patientId}`, `match ServiceRequest/${green.id}`],
      ],
      [
        `Task?_id=${green.id}&_include=Task:focus&_include=Task:owner`,
        [`include Organization/${w.city.id}`, `include ServiceRequest/${green.id}`, `match Task/${green.id}`],
      ],
      [
        `Patient?_id=${patientId}&_revinclude=ServiceRequest:subject`,
        [`include ServiceRequest/${green.id}`, `match Patient/${patientId}`],
      ],
      [
        `ServiceRequest?_id=${green.id}&_revinclude=Task:focus`,
        [`include Task/${green.id}`, `match ServiceRequest/${green.id}`],
      ],
    ];
    for (const [url, expected] of cases) {
      const b = await fetchValid<Bundle>(county, `/fhir/R4/${url}`);
      expect(modes(b), url).toEqual(expected);
      expect(b.total).toBe(1);
      expect(b.link![0]!.url).toMatch(/_(rev)?include=/);
      for (const e of b.entry!)
        expect(e.fullUrl).toMatch(new RegExp(`/fhir/R4/${e.resource!.resourceType}/${e.resource!.id}$`));
    }
    // Every Task the city owns, each once; the organizations matched are counted, not the Tasks.
    const owned = await fetchValid<Bundle>(
      city,
      `/fhir/R4/Organization?_id=${w.city.id}&_revinclude=Task:owner`,
    );
    expect(owned.total).toBe(1);
    const tasks = owned.entry!.filter((e) => e.search!.mode === 'include');
    expect(tasks.map((e) => e.resource!.resourceType)).toEqual(Array(7).fill('Task'));
    expect(new Set(tasks.map((e) => e.resource!.id)).size).toBe(7);
    // A patient of five referrals is included once.
    const many = await fetchValid<Bundle>(
      county,
      '/fhir/R4/ServiceRequest?_include=ServiceRequest:subject&_count=100',
    );
    const included = many.entry!.filter((e) => e.search!.mode === 'include').map((e) => e.resource!.id);
    expect(new Set(included).size).toBe(included.length);
    // Scope holds for what is included: the bystander finds nothing to include.
    const none = await fetchValid<Bundle>(bystander, `/fhir/R4/Organization?_revinclude=Task:owner`);
    expect(none.entry).toBeUndefined();
    for (const q of [
      'ServiceRequest?_include=Task:focus',
      'ServiceRequest?_include=*',
      'ServiceRequest?_include:iterate=ServiceRequest:subject',
      'ServiceRequest?_revinclude=Task:owner',
      'Task?_include=Task:nothing',
    ])
      await expectOutcome(await county.get(`/fhir/R4/${q}`), 400, q.split('?')[1]!.split('=')[0]);
  });

  it('includes for a system client only the types its token may read', async () => {
    const key = await newClientKey();
    const clientId = await buildSystemClient(
      t.database.db,
      w.county.id,
      [key],
      ['system/ServiceRequest.rs', 'system/Task.rs'],
    );
    const narrow = await getToken(t.app, clientId, key, 'system/ServiceRequest.rs system/Task.rs');
    const asClient = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${narrow.access_token}` } });
    const plain = await asClient(`/fhir/R4/ServiceRequest?_id=${green.id}&_revinclude=Task:focus`);
    expect(plain.statusCode, plain.body).toBe(200);
    expect((plain.json() as Bundle).entry!.map((e) => e.resource!.resourceType)).toEqual([
      'ServiceRequest',
      'Task',
    ]);
    await expectOutcome(
      await asClient(`/fhir/R4/ServiceRequest?_include=ServiceRequest:subject`),
      403,
      '_include',
    );
    await expectOutcome(await asClient(`/fhir/R4/Task?_include=Task:owner`), 403, '_include');
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
