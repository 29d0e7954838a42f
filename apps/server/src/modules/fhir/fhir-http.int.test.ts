import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  Bundle,
  CapabilityStatement,
  CodeSystem,
  NamingSystem,
  OperationOutcome,
  Organization,
  Patient,
  Practitioner,
  StructureDefinition,
  Task,
} from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { signIn, type Client } from '../../../test/app.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildStaff,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';
import {
  buildSystemClient,
  newClientKey,
  signAssertion,
  tokenForm,
  tokenRequest,
} from '../../../test/system-client.js';
import { URI } from './fhir.codes.js';
import { CODE_SYSTEMS, EXTENSIONS, NAMING_SYSTEMS } from './fhir.definitions.js';
import { expectOutcome, expectValid, FHIR_HEADERS } from './fhir-test-support.js';

// An integrating hospital's engineer probes /fhir/R4 as any FHIR client would, on a server that
// also serves the web app: unknown paths, methods, formats and content types answer as R4 says
// (404, 405 with Allow, 406, 415, 401 with WWW-Authenticate), never with the web page; every link
// is built on YILIAN_PUBLIC_URL whatever Host the request names; Yilian's own code systems,
// extensions and naming systems are served and listed in the CapabilityStatement.

const PUBLIC = 'https://yilian.example.cn';

describe.each(DATABASES)('the FHIR endpoint answers HTTP as R4 asks (%s)', (kind) => {
  let database: TestDatabase;
  let webDist: string;
  let app: FastifyInstance;
  let w: ReferralWorld;
  let county: Client;
  let referral: { id: string; patient: { id: string } };
  const anonymous = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    database = await freshDatabase(kind);
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>医联</title>');
    app = await buildApp(
      loadConfig({
        YILIAN_DATA_DIR: database.dataDir,
        LOG_LEVEL: 'silent',
        YILIAN_WEB_DIST: webDist,
        YILIAN_PUBLIC_URL: `${PUBLIC}/`,
      }),
      database,
    );
    await app.ready();
    w = await buildReferralWorld(database.db);
    county = await signIn(app, w.users.countyDoctor.username, PASSWORD);
    referral = (
      await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 41))
    ).json();
    await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 42));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('answers unknown types, operations and paths with a 404 OperationOutcome, never the web page', async () => {
    // The web app still answers its own paths.
    const page = await county.get('/referrals');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const url of [
      '/fhir/R4/Observation',
      '/fhir/R4/Observation?code=8480-6',
      `/fhir/R4/Task/${referral.id}/_history`,
      `/fhir/R4/Task/${referral.id}/_history/1`,
      `/fhir/R4/Patient/${referral.patient.id}/$everything`,
      `/fhir/R4/ServiceRequest/${referral.id}/$export`,
      '/fhir/R4/$export',
      '/fhir/R4/Binary',
      '/fhir/R4/Binary/1',
      '/fhir/R4/Bundle/1',
      '/fhir/R5/metadata',
      '/fhir',
    ]) {
      const res = await county.get(url);
      expect(res.body, url).not.toMatch(/<!doctype html>/i);
      await expectOutcome(res, 404);
      expect((await anonymous(url)).statusCode, url).toBe(404);
    }
    await expectOutcome(await county.inject({ method: 'DELETE', url: '/fhir/R4/Observation/1' }), 404);
  });

  it('refuses an unsupported interaction on a known type with 405 and the methods it allows', async () => {
    for (const [method, url, allowed] of [
      ['PUT', `/fhir/R4/Patient/${referral.patient.id}`, 'GET'],
      ['DELETE', `/fhir/R4/Task/${referral.id}`, 'GET'],
      ['PATCH', `/fhir/R4/Task/${referral.id}`, 'GET'],
      ['POST', '/fhir/R4/Patient', 'GET'],
      ['POST', '/fhir/R4/Organization/_search', 'GET'], // search by POST is not offered
      ['POST', '/fhir/R4/Observation', undefined],
      ['PUT', `/fhir/R4/Bundle/referral-${referral.id}`, 'GET'],
      ['DELETE', '/fhir/R4/metadata', 'GET'],
      ['GET', '/fhir/R4', 'POST'],
      ['GET', '/fhir/R4/', 'POST'],
    ] as const) {
      const res = await county.inject({ method, url, headers: FHIR_HEADERS, payload: '{}' });
      if (allowed === undefined) {
        await expectOutcome(res, 404);
        continue;
      }
      await expectOutcome(res, 405);
      const allow = String(res.headers.allow).split(/,\s*/);
      expect(allow, `${method} ${url}`).toContain(allowed);
      expect(allow).not.toContain(method);
    }
  });

  it('serves JSON only: XML by Accept or _format answers 406, JSON in any of its names is served', async () => {
    for (const [url, accept] of [
      ['/fhir/R4/metadata', 'application/fhir+xml'],
      ['/fhir/R4/metadata', 'application/xml'],
      ['/fhir/R4/metadata?_format=xml', undefined],
      ['/fhir/R4/metadata?_format=application/fhir%2Bxml', undefined],
      [`/fhir/R4/ServiceRequest/${referral.id}?_format=xml`, undefined],
      ['/fhir/R4/ServiceRequest?_format=xml', undefined],
      ['/fhir/R4/ServiceRequest?_format=ttl', undefined],
      ['/fhir/R4/ServiceRequest', 'application/fhir+xml'],
    ] as const) {
      const res = await county.inject({ method: 'GET', url, headers: accept ? { accept } : {} });
      await expectOutcome(res, 406);
    }
    for (const [url, accept] of [
      ['/fhir/R4/metadata', 'application/fhir+json'],
      ['/fhir/R4/metadata', 'application/json'],
      ['/fhir/R4/metadata', 'application/fhir+xml;q=0.9, application/fhir+json;q=0.5'],
      ['/fhir/R4/metadata', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
      ['/fhir/R4/metadata?_format=json', undefined],
      ['/fhir/R4/metadata?_format=application/fhir%2Bjson', undefined],
      [`/fhir/R4/ServiceRequest/${referral.id}?_format=application/json`, 'application/*'],
    ] as const) {
      const res = await county.inject({ method: 'GET', url, headers: accept ? { accept } : {} });
      expect(res.statusCode, `${url} ${accept}`).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    }
  });

  it('takes a body only as JSON: another content type answers 415', async () => {
    const body = JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [] });
    for (const type of [
      'text/plain',
      'application/xml',
      'application/fhir+xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await county.inject({
        method: 'POST',
        url: '/fhir/R4',
        headers: { 'content-type': type },
        payload: body,
      });
      await expectOutcome(res, 415);
    }
    // JSON under either name reaches the importer, which names what is wrong.
    for (const type of ['application/fhir+json', 'application/json; charset=utf-8']) {
      const res = await county.inject({
        method: 'POST',
        url: '/fhir/R4',
        headers: { 'content-type': type },
        payload: body,
      });
      await expectOutcome(res, 400, 'Bundle.entry');
    }
  });

  it('answers 401 with a WWW-Authenticate challenge', async () => {
    const res = await anonymous('/fhir/R4/ServiceRequest');
    await expectOutcome(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it('builds every link on YILIAN_PUBLIC_URL, whatever Host the request names', async () => {
    const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
    const search = await county.inject({
      method: 'GET',
      url: '/fhir/R4/ServiceRequest?_count=1',
      headers: evil,
    });
    expect(search.statusCode).toBe(200);
    expect(search.body).not.toContain('evil.example');
    const bundle = search.json() as Bundle;
    expect(bundle.link!.map((l) => l.relation)).toEqual(['self', 'first', 'next']);
    for (const l of bundle.link!) expect(l.url).toMatch(new RegExp(`^${PUBLIC}/fhir/R4/ServiceRequest\\?`));
    expect(bundle.entry![0]!.fullUrl).toMatch(new RegExp(`^${PUBLIC}/fhir/R4/ServiceRequest/`));

    const metadata = await anonymous('/fhir/R4/metadata', evil);
    expect(metadata.body).not.toContain('evil.example');
    const cs = metadata.json() as CapabilityStatement;
    expect(cs.implementation!.url).toBe(`${PUBLIC}/fhir/R4`);
    expect(cs.url).toBe(`${PUBLIC}/fhir/R4/metadata`);

    const exported = await county.inject({
      method: 'GET',
      url: `/fhir/R4/Bundle/referral-${referral.id}`,
      headers: evil,
    });
    expect(exported.body).not.toContain('evil.example');
  });

  it('gives the exported referral Bundle an id and meta', async () => {
    const res = await county.get(`/fhir/R4/Bundle/referral-${referral.id}`);
    const bundle = res.json() as Bundle;
    await expectValid(bundle);
    expect(bundle.id).toBe(`referral-${referral.id}`);
    expect(bundle.meta!.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Date.parse(bundle.meta!.lastUpdated!)).toBeLessThanOrEqual(Date.parse(bundle.timestamp!));
  });

  it('takes the county HIS Bundle of docs/fhir.md as it stands, its retry as the same referral, its mistakes all at once', async () => {
    const docs = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../../docs/fhir.md'), 'utf8');
    const blockAfter = (marker: string) => {
      const at = docs.indexOf(marker);
      expect(at, marker).toBeGreaterThan(0);
      return /```json\n([\s\S]*?)\n```/.exec(docs.slice(at))![1]!;
    };
    const example = blockAfter('<!-- fhir-http.int.test.ts posts this very block');
    const bundle = JSON.parse(example) as Bundle;
    const documented = JSON.parse(blockAfter('The answer gives each entry')) as Bundle;
    const documentedErrors = JSON.parse(blockAfter('## Errors')) as OperationOutcome;

    // The two hospitals and the doctor of the example, as the demo registers them.
    const resource = <T>(i: number) => bundle.entry![i]!.resource as T;
    const db = database.db;
    const uscc = (i: number) => resource<Organization>(i).identifier![0]!.value!;
    await db
      .updateTable('institutions')
      .set({ uscc: uscc(0) })
      .where('id', '=', w.county.id)
      .execute();
    await db
      .updateTable('institutions')
      .set({ uscc: uscc(1), level: 'level3' })
      .where('id', '=', w.city.id)
      .execute();
    const doctor = await buildStaff(db, w.county.id, { departmentId: w.countyMedicine.id });
    const doctorName = resource<Practitioner>(2).name![0]!;
    await db
      .updateTable('staff')
      .set({
        name: `${doctorName.family}${doctorName.given!.join('')}`,
        practitionerId: resource<Practitioner>(2).identifier![0]!.value!,
      })
      .where('id', '=', doctor.id)
      .execute();
    // The county's HIS, with a token as under Authentication.
    const key = await newClientKey();
    const clientId = await buildSystemClient(db, w.county.id, [key]);
    const assertion = await signAssertion(clientId, key, { aud: `${PUBLIC}/auth/token` });
    const token = (
      await tokenRequest(app, tokenForm(assertion, 'system/ServiceRequest.crs system/Task.rs'))
    ).json().access_token as string;
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/fhir/R4',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
        payload,
      });

    const first = await post(example);
    expect(first.statusCode, first.body).toBe(200);
    const answer = first.json() as Bundle;
    await expectValid(answer);
    const statuses = (b: Bundle) => b.entry!.map((e) => e.response!.status);
    expect(statuses(answer)).toEqual(statuses(documented));
    expect(answer.entry![2]!.response!.location).toBe(`Practitioner/${doctor.id}`);
    const again = (await post(example)).json() as Bundle;
    expect(again.entry![4]!.response).toMatchObject({
      status: '200 OK',
      location: answer.entry![4]!.response!.location,
    });

    const wrong = structuredClone(bundle);
    const pt = wrong.entry![3]!.resource as Patient;
    pt.identifier![0]!.value = pt.identifier![0]!.value!.replace(/.$/, (d) => String((Number(d) + 1) % 10));
    (wrong.entry![5]!.resource as Task).status = 'accepted';
    const refused = await expectOutcome(await post(JSON.stringify(wrong)), 400);
    expect(refused.issue.map((i) => i.expression![0]).sort()).toEqual(
      documentedErrors.issue.map((i) => i.expression![0]).sort(),
    );
  });

  it('publishes its CodeSystems, extensions and NamingSystems, read and searched by url without sign-in', async () => {
    const cs = (await anonymous('/fhir/R4/metadata')).json() as CapabilityStatement;
    const resources = cs.rest![0]!.resource!;
    for (const type of ['CodeSystem', 'StructureDefinition', 'NamingSystem']) {
      const entry = resources.find((r) => r.type === type)!;
      expect(entry.interaction!.map((i) => i.code).sort(), type).toEqual(['read', 'search-type']);
    }
    const listed = JSON.stringify(resources);
    for (const uri of [URI.direction, URI.greenChannel, URI.referralState, URI.requestingOrganization])
      expect(listed).toContain(uri);

    for (const [type, param, uri, id] of [
      ['CodeSystem', 'url', URI.direction, 'referral-direction'],
      ['CodeSystem', 'url', URI.greenChannel, 'green-channel'],
      ['CodeSystem', 'url', URI.referralState, 'referral-state'],
      ['StructureDefinition', 'url', URI.requestingOrganization, 'requesting-organization'],
      ['StructureDefinition', 'url', URI.requestingDepartment, 'requesting-department'],
      ['NamingSystem', 'value', URI.referralCode, 'referral-code'],
      ['NamingSystem', 'value', URI.institutionCode, 'institution-code'],
      ['NamingSystem', 'value', URI.uscc, 'uscc'],
      ['NamingSystem', 'value', '2.16.156.10011.1.3', 'resident-id'], // the national OID, as an oid
    ] as const) {
      const found = await anonymous(`/fhir/R4/${type}?${param}=${encodeURIComponent(uri)}`);
      expect(found.statusCode, found.body).toBe(200);
      const b = found.json() as Bundle;
      await expectValid(b);
      expect(b.total, uri).toBe(1);
      const r = b.entry![0]!.resource as CodeSystem | StructureDefinition | NamingSystem;
      expect(r.id).toBe(id);
      expect(b.entry![0]!.fullUrl).toBe(`${PUBLIC}/fhir/R4/${type}/${id}`);
      const read = await anonymous(`/fhir/R4/${type}/${id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(r);
    }
    const all = (await anonymous('/fhir/R4/CodeSystem?_count=100')).json() as Bundle;
    expect(all.total).toBe(CODE_SYSTEMS.length);
    expect(((await anonymous('/fhir/R4/StructureDefinition')).json() as Bundle).total).toBe(
      EXTENSIONS.length,
    );
    expect(((await anonymous('/fhir/R4/NamingSystem?_count=100')).json() as Bundle).total).toBe(
      NAMING_SYSTEMS.length,
    );
    await expectOutcome(await anonymous('/fhir/R4/CodeSystem/no-such-system'), 404);
    await expectOutcome(await anonymous('/fhir/R4/CodeSystem?colour=red'), 400, 'colour');
  });
});
