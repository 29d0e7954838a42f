import fc from 'fast-check';
import type { Bundle, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildReferralWorld, PASSWORD, referralBody, type ReferralWorld } from '../../../test/factories.js';
import { expectOutcome, expectValid, exportReferral, postBundle } from './fhir-test-support.js';

// Other systems post referral Bundles to 叙永's Yilian. A good one becomes a referral like any
// other; a bad one answers 4xx with an OperationOutcome naming the element at fault, and leaves
// nothing behind.

type Entries = {
  sending: { identifier: { value: string }[] };
  receiving: { identifier: { value: string }[] };
  patient: Patient;
  order: ServiceRequest;
  task: Task;
};

/** The entries of an exported referral Bundle, by role (the export's order). */
function parts(b: Bundle): Entries {
  const r = b.entry!.map((e) => e.resource as never);
  return { sending: r[0]!, receiving: r[1]!, patient: r[3]!, order: r[4]!, task: r[5]! };
}

describe.each(DATABASES)('importing referral Bundles (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let elsewhere: ReferralWorld;
  let county: Client;
  let city: Client;
  let viewer: Client;
  let exported: { bundle: Bundle; filled: Bundle };
  let original: { id: string; patient: { id: string; name: string; idNumber: string } };

  const referralCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('referrals')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** The filled export, changed by `change`. */
  const variant = (change: (e: Entries, b: Bundle) => void) => {
    const b = structuredClone(exported.filled);
    change(parts(b), b);
    return b;
  };

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    elsewhere = await buildReferralWorld(t.database.db, '320614');
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    viewer = await signIn(t.app, w.users.countyViewer.username, PASSWORD);
    original = (
      await county.post(
        '/api/v1/referrals',
        referralBody({ institutionId: w.city.id, departmentId: w.cardiology.id }, 41),
      )
    ).json();
    exported = await exportReferral(county, original.id);
  });
  afterAll(async () => t?.close());

  const SR = 'Bundle.entry[4].resource';
  const PT = 'Bundle.entry[3].resource';
  const TASK = 'Bundle.entry[5].resource';

  it.each<[string, (e: Entries, b: Bundle) => unknown, number, string]>([
    ['a Patient instead of a Bundle', () => ({ resourceType: 'Patient' }), 400, 'Bundle.resourceType'],
    ['a batch instead of a transaction', (_e, b) => void (b.type = 'batch'), 400, 'Bundle.type'],
    [
      'an Encounter among the entries',
      (_e, b) =>
        void b.entry!.push({
          resource: { resourceType: 'Encounter' } as never,
          request: { method: 'POST', url: 'Encounter' },
        }),
      400,
      'Bundle.entry[6].resource.resourceType',
    ],
    [
      'an element R4 does not have',
      (e) => void ((e.order as never as { colour: string }).colour = 'red'),
      400,
      `${SR}.colour`,
    ],
    [
      'a Task status outside the R4 codes',
      (e) => void (e.task.status = 'booked' as never),
      400,
      `${TASK}.status`,
    ],
    ['the masked identity number, as exported', () => exported.bundle, 400, `${PT}.identifier[0].value`],
    [
      'a 居民身份证 with a wrong check digit',
      (e) => {
        const v = e.patient.identifier![0]!.value!;
        e.patient.identifier![0]!.value = v.slice(0, 17) + (v.endsWith('1') ? '2' : '1');
      },
      400,
      `${PT}.identifier[0].value`,
    ],
    [
      'a birth date the identity number contradicts',
      (e) => void (e.patient.birthDate = '1999-01-01'),
      400,
      `${PT}.birthDate`,
    ],
    [
      'a diagnosis without an ICD-10 coding',
      (e) => void (e.order.reasonCode![0]!.coding![0]!.system = 'http://snomed.info/sct'),
      400,
      `${SR}.reasonCode`,
    ],
    [
      'an ICD-10 code of the wrong form',
      (e) => void (e.order.reasonCode![0]!.coding![0]!.code = 'heart'),
      400,
      `${SR}.reasonCode[0].coding[0].code`,
    ],
    [
      'a green-channel category with a routine priority',
      (e) =>
        void e.order.category!.push({
          coding: [{ system: 'https://yilian.dev/fhir/CodeSystem/green-channel', code: 'stroke' }],
        }),
      400,
      `${SR}.category[1].coding[0].code`,
    ],
    [
      'a down-referral without a plan',
      (e) => void (e.order.category![0]!.coding![0]!.code = 'down'),
      400,
      `${SR}.note`,
    ],
    [
      'a direction that is not up, down or lateral',
      (e) => void (e.order.category![0]!.coding![0]!.code = 'sideways'),
      400,
      `${SR}.category[0].coding[0].code`,
    ],
    [
      'a subject that is not in the Bundle',
      (e) => void (e.order.subject!.reference = 'urn:uuid:00000000-0000-4000-8000-000000000000'),
      400,
      `${SR}.subject.reference`,
    ],
    [
      'an institution code unknown here',
      (e) => void (e.receiving.identifier[0]!.value = 'NOPE-1'),
      400,
      'Bundle.entry[1].resource.identifier[0].value',
    ],
    ['a completed order', (e) => void (e.order.status = 'completed'), 400, `${SR}.status`],
    ['a Task already accepted', (e) => void (e.task.status = 'accepted'), 400, `${TASK}.status`],
    [
      'a Task owned by the sender',
      (e) => void (e.task.owner = { ...e.task.requester! }),
      400,
      `${TASK}.owner`,
    ],
    [
      'a referral to the sender itself',
      (e, b) => {
        e.order.performer = [{ reference: b.entry![0]!.fullUrl }];
        b.entry!.pop(); // and no Task
      },
      400,
      `${SR}.performer[0]`,
    ],
  ])('refuses %s, naming the element', async (_story, change, status, expression) => {
    const before = await referralCount();
    let body: unknown = structuredClone(exported.filled);
    const changed = change(parts(body as Bundle), body as Bundle);
    if (changed !== undefined) body = changed;
    await expectOutcome(await postBundle(county, body), status, expression);
    expect(await referralCount()).toBe(before);
  });

  it('refuses an institution of another consortium as if it did not exist', async () => {
    const b = variant((e) => void (e.receiving.identifier[0]!.value = elsewhere.city.code));
    await expectOutcome(await postBundle(county, b), 400, 'Bundle.entry[1].resource.identifier[0].value');
  });

  it('lets only staff of the requesting organization send its referral, and no viewer import at all', async () => {
    const before = await referralCount();
    const oo = await expectOutcome(
      await postBundle(city, exported.filled),
      403,
      'Bundle.entry[0].resource.identifier[0].value',
    );
    expect(oo.issue[0]!.code).toBe('forbidden');
    await expectOutcome(await postBundle(viewer, exported.filled), 403);
    expect(await referralCount()).toBe(before);
  });

  it('answers malformed JSON and a body that is not JSON with 4xx OperationOutcomes', async () => {
    const headers = { 'content-type': 'application/fhir+json' };
    await expectOutcome(
      await county.inject({ method: 'POST', url: '/fhir/R4', headers, payload: '{"resourceType":' }),
      400,
    );
    await expectOutcome(
      await county.inject({
        method: 'POST',
        url: '/fhir/R4',
        headers: { 'content-type': 'application/xml' },
        payload: '<Bundle/>',
      }),
      415,
    );
  });

  it('never answers 5xx to a Bundle with any element replaced by garbage', async () => {
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(exported.filled, []);
    const nasty = fc.oneof(
      fc.constantFrom(
        '',
        'x'.repeat(5000),
        "'; drop table referrals; --",
        '\u0000\u202e',
        '2026-02-30',
        -1,
        1e308,
      ),
      fc.constantFrom(true, null, [], {}, [{}], { reference: 'Patient/1' }),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths.slice(1)), nasty, async (path, value) => {
        const b = structuredClone(exported.filled) as unknown as Record<string | number, unknown>;
        let at: Record<string | number, unknown> = b;
        for (const k of path.slice(0, -1)) at = at[k] as never;
        at[path.at(-1)!] = value;
        const res = await postBundle(county, b);
        expect(
          res.statusCode,
          `${path.join('.')} = ${JSON.stringify(value)?.slice(0, 80)}: ${res.body.slice(0, 300)}`,
        ).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      }),
      { numRuns: 300 },
    );
  });

  it('takes a good Bundle again: a new referral for the known patient, a draft when the order is a draft', async () => {
    const draft = variant((e) => {
      e.order.status = 'draft';
      e.task.status = 'draft';
      e.order.performerType = { text: '不存在的科室' };
    });
    const res = await postBundle(county, draft);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as Bundle;
    await expectValid(answer);
    const [, , , patientEntry, orderEntry] = answer.entry!;
    // The patient was known (same consortium, same identity number): updated, not created.
    const known = parts(exported.bundle).order.subject!.reference;
    const originalPatient = (await county.get(`/fhir/R4/ServiceRequest/${original.id}`)).json().subject
      .reference;
    expect(known).toMatch(/^urn:uuid:/);
    expect(patientEntry!.response).toEqual({ status: '200 OK', location: originalPatient });
    // The unknown department is left out, with a warning.
    expect(orderEntry!.response!.outcome).toMatchObject({
      issue: expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', expression: [`${SR}.performerType`] }),
      ]),
    });
    const id = orderEntry!.response!.location!.split('/')[1];
    const created = (await county.get(`/api/v1/referrals/${id}`)).json();
    expect(created).toMatchObject({ status: 'draft', toDepartmentId: null, patient: original.patient });
  });
  it('takes asap without a green-channel category as urgent, and stat for a diagnosis outside the table, each with a warning', async () => {
    for (const [priority, code] of [
      ['asap', 'I21.9'],
      ['stat', 'K35.8'],
    ] as const) {
      const b = variant((e) => {
        e.order.priority = priority;
        e.order.reasonCode![0]!.coding![0]!.code = code;
      });
      const res = await postBundle(county, b);
      expect(res.statusCode, res.body).toBe(200);
      const entry = (res.json() as Bundle).entry![4]!;
      expect(entry.response!.outcome).toMatchObject({
        issue: expect.arrayContaining([
          expect.objectContaining({ severity: 'warning', expression: [`${SR}.priority`] }),
        ]),
      });
      const made = (await county.get(`/api/v1/referrals/${entry.response!.location!.split('/')[1]}`)).json();
      expect(made).toMatchObject({ urgency: 'urgent', greenCategory: null, greenCategoryDerived: false });
    }
  });

  it('keeps the registered identity when a Bundle names the patient otherwise, warns and records the difference', async () => {
    const db = t.database.db;
    const renamed = variant((e) => {
      e.patient.name = [{ use: 'official', text: '赵六' }];
      e.patient.gender = 'female';
    });
    const res = await postBundle(county, renamed);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as Bundle;
    await expectValid(answer);
    const orderEntry = answer.entry![4]!;
    expect(orderEntry.response!.outcome).toMatchObject({
      issue: expect.arrayContaining([
        expect.objectContaining({
          severity: 'warning',
          expression: [`${PT}.name[0]`],
          diagnostics: expect.stringContaining('赵*'),
        }),
        expect.objectContaining({ severity: 'warning', expression: [`${PT}.gender`] }),
      ]),
    });
    expect(res.body).not.toContain('赵六');
    const id = orderEntry.response!.location!.split('/')[1]!;
    const created = (await county.get(`/api/v1/referrals/${id}`)).json();
    expect(created.patient).toMatchObject({
      id: original.patient.id,
      name: original.patient.name,
      sex: 'male',
    });
    expect(created.patientDiscrepancy).toMatchObject({
      source: 'fhir_import',
      fields: [
        { field: 'name', submitted: '赵*', registered: '患**1' },
        { field: 'sex', submitted: 'female', registered: 'male' },
      ],
    });
    const registered = await db
      .selectFrom('patients')
      .select(['name', 'sex'])
      .where('id', '=', original.patient.id)
      .executeTakeFirstOrThrow();
    expect(registered).toEqual({ name: original.patient.name, sex: 'male' });
    expect((await county.get(`/api/v1/referrals/${original.id}`)).json().patient.name).toBe(
      original.patient.name,
    );
  });
});
