import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../context.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildConsortium,
  buildDepartment,
  buildUser,
  buildReferralWorld,
  PASSWORD,
  referralBody,
  residentId,
  type ReferralWorld,
} from '../../../test/factories.js';
import { URI } from './fhir.codes.js';
import { CITY_USCC, COUNTY_USCC, HIS_ORDER, hisBundle } from './fhir-his-bundle.js';
import { expectValid, exportReferral, postBundle } from './fhir-test-support.js';

// 叙永县人民医院 refers a patient to 西南医科大学附属医院 on one Yilian; the referral is exported as a
// FHIR transaction Bundle, posted to another Yilian where the same two hospitals are registered
// under the same codes, and exported there again: the two Bundles say the same thing.

/** Another Yilian with the same two hospitals (same codes), a department of the same name at each. */
async function mirrorOf(db: Db, w: ReferralWorld) {
  const consortium = await buildConsortium(db, { regionCode: w.consortium.regionCode });
  const copy = async (i: ReferralWorld['city'], role: 'lead' | 'member') => {
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = i;
    const inst = await db.insertInto('institutions').values(fields).returningAll().executeTakeFirstOrThrow();
    await db
      .insertInto('memberships')
      .values({ consortiumId: consortium.id, institutionId: inst.id, role, joinedOn: '2020-01-01' })
      .execute();
    return inst;
  };
  const city = await copy(w.city, 'lead');
  const county = await copy(w.county, 'member');
  await buildDepartment(db, city.id, { name: w.cardiology.name });
  await buildDepartment(db, county.id, { name: w.countyMedicine.name });
  const countyDoctor = await buildUser(db, 'clinician', {
    consortiumId: consortium.id,
    institutionId: county.id,
  });
  const cityDoctor = await buildUser(db, 'clinician', {
    consortiumId: consortium.id,
    institutionId: city.id,
  });
  return { consortium, city, county, countyDoctor, cityDoctor };
}

/** A Bundle with what differs between two systems taken out: ids, timestamps, the referral number. */
function comparable(b: Bundle) {
  const names = new Map<string, string>();
  for (const e of b.entry ?? []) {
    const type = e.resource!.resourceType;
    names.set(e.fullUrl!, `${type}#${[...names.values()].filter((n) => n.startsWith(type)).length}`);
  }
  const TIMES = new Set(['timestamp', 'authoredOn', 'lastModified', 'lastUpdated', 'restriction']);
  const strip = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.system === URI.referralCode) return { ...o, value: '<referral number>' };
      return Object.fromEntries(
        Object.entries(o)
          .filter(([k]) => !TIMES.has(k))
          .map(([k, x]) => [k, strip(x, k)]),
      );
    }
    if (typeof v === 'string' && (key === 'reference' || key === 'fullUrl')) return names.get(v) ?? v;
    return v;
  };
  const { id: _id, ...rest } = b; // referral-{id}: each system's own
  return strip(rest);
}

describe.each(DATABASES)('a referral travels between two Yilians as FHIR (%s)', (kind) => {
  let t: TestApp;
  let other: TestApp;
  let w: ReferralWorld;
  let mirror: Awaited<ReturnType<typeof mirrorOf>>;
  let county: Client;
  let remoteCounty: Client;
  let remoteCity: Client;

  beforeAll(async () => {
    [t, other] = await Promise.all([buildTestApp(kind), buildTestApp(kind)]);
    w = await buildReferralWorld(t.database.db);
    // Both hospitals carry their 统一社会信用代码 on both Yilians.
    for (const [inst, uscc] of [
      [w.city, CITY_USCC],
      [w.county, COUNTY_USCC],
    ] as const) {
      await t.database.db.updateTable('institutions').set({ uscc }).where('id', '=', inst.id).execute();
      inst.uscc = uscc;
    }
    mirror = await mirrorOf(other.database.db, w);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    remoteCounty = await signIn(other.app, mirror.countyDoctor.username, PASSWORD);
    remoteCity = await signIn(other.app, mirror.cityDoctor.username, PASSWORD);
  });
  afterAll(async () => Promise.all([t?.close(), other?.close()]));

  it.each([
    {
      story: 'an up-referral on the chest-pain green channel',
      n: 21,
      over: { urgency: 'green_channel', greenCategory: 'chest_pain' },
      sender: 'county' as const,
    },
    {
      story: 'a down-referral with its rehabilitation plan',
      n: 22,
      over: {
        direction: 'down',
        plan: '康复训练，每两周随访一次',
        icd10Code: 'I69.3',
        diagnosisName: '脑梗死后遗症',
      },
      sender: 'city' as const,
    },
  ])('$story: export, import elsewhere, export again — the same Bundle', async ({ n, over, sender }) => {
    const fromCounty = sender === 'county';
    const sending = fromCounty ? county : await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    const to = fromCounty
      ? { institutionId: w.city.id, departmentId: w.cardiology.id }
      : { institutionId: w.county.id, departmentId: w.countyMedicine.id };
    const sent = await sending.post('/api/v1/referrals', {
      ...referralBody(to, n, over),
      fromDepartmentId: fromCounty ? w.countyMedicine.id : w.cardiology.id,
    });
    expect(sent.statusCode).toBe(201);
    const original = sent.json();

    const { bundle, filled } = await exportReferral(sending, original.id);
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry!.map((e) => e.resource!.resourceType)).toEqual([
      'Organization',
      'Organization',
      'Practitioner',
      'Patient',
      'ServiceRequest',
      'Task',
    ]);
    for (const e of bundle.entry!) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(e.request).toMatchObject({ method: 'POST', url: e.resource!.resourceType });
    }
    // Masked as everywhere: the full identity number and phone are nowhere in the export.
    expect(JSON.stringify(bundle)).not.toContain(residentId(n).idNumber);
    expect(JSON.stringify(bundle)).not.toContain('13812345678');
    expect(bundle.entry![3]!.resource!.meta).toEqual({
      security: [expect.objectContaining({ code: 'MASKED' })],
    });

    const importer = fromCounty ? remoteCounty : remoteCity;
    const posted = await postBundle(importer, filled);
    expect(posted.statusCode, posted.body).toBe(200);
    const answer = posted.json() as Bundle;
    await expectValid(answer);
    expect(answer.type).toBe('transaction-response');
    const locations = answer.entry!.map((e: BundleEntry) => e.response!.location);
    expect(answer.entry!.map((e) => e.response!.status)).toEqual([
      '200 OK',
      '200 OK',
      '200 OK',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    expect(locations.slice(0, 2)).toEqual([
      `Organization/${fromCounty ? mirror.county.id : mirror.city.id}`,
      `Organization/${fromCounty ? mirror.city.id : mirror.county.id}`,
    ]);
    const newId = locations[4]!.split('/')[1]!;
    expect(locations[5]).toBe(`Task/${newId}`);

    // The imported referral is an ordinary one: the REST API shows it, sent and masked.
    const rest = (await importer.get(`/api/v1/referrals/${newId}`)).json();
    expect(rest).toMatchObject({
      status: 'requested',
      direction: original.direction,
      urgency: original.urgency,
      greenCategory: original.greenCategory,
      toDepartmentName: original.toDepartmentName,
      fromDepartmentName: original.fromDepartmentName,
      icd10Code: original.icd10Code,
      plan: original.plan,
      // Another Yilian's register: the same identity under its own patient id.
      patient: { ...original.patient, id: expect.any(String) },
    });
    const audit = await other.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityId', '=', newId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['referral.created', 'referral.submit']);

    const again = await exportReferral(importer, newId);
    // The referring doctor is the importing account, named by the factory as the sender was.
    expect(comparable(again.bundle)).toEqual(comparable(bundle));
    expect(comparable(again.filled)).toEqual(comparable(filled));
  });

  it('a referral a county HIS sent travels on with what the HIS said: order number, requisition, notes, doctor, national codes', async () => {
    const sent = await postBundle(county, hisBundle('ZY-RT-0001', 51));
    expect(sent.statusCode, sent.body).toBe(200);
    const id = (sent.json() as Bundle).entry![4]!.response!.location!.split('/')[1]!;
    const { bundle, filled } = await exportReferral(county, id);
    const order = bundle.entry!.find((e) => e.resource!.resourceType === 'ServiceRequest')!;
    expect(order.request!.ifNoneExist).toBe(`identifier=${HIS_ORDER}|ZY-RT-0001`);
    expect(order.resource).toMatchObject({
      identifier: expect.arrayContaining([
        expect.objectContaining({ system: HIS_ORDER, value: 'ZY-RT-0001' }),
      ]),
      requisition: { value: 'ZZD-ZY-RT-0001' },
      authoredOn: '2026-03-12T08:30:00+08:00',
      reasonCode: [{ coding: [{ system: URI.icd10CnClinical, code: 'I21.000x001' }] }],
    });
    // The doctor the HIS named is no staff member here: kept as sent, with the identifier it gave.
    const doctor = bundle.entry!.find((e) => e.resource!.resourceType === 'Practitioner')!.resource!;
    expect(doctor).toMatchObject({
      name: [{ text: '王丽' }],
      identifier: [{ system: URI.practitionerLicense }],
    });
    const orgs = bundle.entry!.filter((e) => e.resource!.resourceType === 'Organization');
    expect(
      orgs.map((e) => (e.resource as { identifier: { system: string }[] }).identifier[1]!.system),
    ).toEqual([URI.uscc, URI.uscc]);

    const posted = await postBundle(remoteCounty, filled);
    expect(posted.statusCode, posted.body).toBe(200);
    await expectValid(posted.json());
    const newId = (posted.json() as Bundle).entry![4]!.response!.location!.split('/')[1]!;
    const again = await exportReferral(remoteCounty, newId);
    expect(comparable(again.bundle)).toEqual(comparable(bundle));
    expect(comparable(again.filled)).toEqual(comparable(filled));
    // And once more is the same referral there: the order number names it.
    const retried = await postBundle(remoteCounty, filled);
    expect((retried.json() as Bundle).entry![4]!.response).toMatchObject({
      status: '200 OK',
      location: `ServiceRequest/${newId}`,
    });
  });
});
