import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../test/app.js';
import { DATABASES } from '../test/db.js';
import {
  buildReferralWorld,
  buildSlots,
  buildUser,
  buildWorld,
  PASSWORD,
  referralBody,
} from '../test/factories.js';
import { contentFingerprint, nextXid, settledFingerprint } from '../test/fault/fingerprint.js';
import {
  fuzzOperations,
  requestFor,
  type FuzzOperation,
  type FuzzRequest,
} from '../test/fault/openapi-fuzz.js';

// Every operation in the OpenAPI document, fed generated bad and random input (wrong types, missing
// fields, huge strings, odd Unicode, SQL and HTML fragments, bad ids, impossible dates) by users of
// several roles: each answer is 2xx, or 4xx problem+json, never 5xx, and after every 4xx the
// database is as it was. New routes are covered as they are added: the list comes from the route table.

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 5000);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// These would end or change the fuzzing user's own session (tested in the auth tests instead),
// and a live event stream never ends by itself.
const skip = (path: string) => /\/auth\/(logout|password)/.test(path) || path.endsWith('/stream');

/** Every id in a factory world, found by walking it: the fuzz aims at records that exist. */
function idsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && UUID.test(value)) out.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idsIn(v, out);
  return out;
}

describe.each(DATABASES)('bad input on every operation (%s)', (kind) => {
  let t: TestApp;
  let ops: FuzzOperation[];
  let spec: Parameters<typeof fuzzOperations>[0];
  const clients: { name: string; username: string; c: Client }[] = [];
  let ids: string[];

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    const w = await buildWorld(db, '320614');
    const rw = await buildReferralWorld(db);
    const slots = await buildSlots(db, rw, 3);
    const admin = await buildUser(db, 'platform_admin');
    const users = [
      ['admin', admin.username],
      ['county clinician', rw.users.countyDoctor.username],
      ['city clinician', rw.users.cityDoctor.username],
      ['office', rw.users.office.username],
    ] as const;
    for (const [name, username] of users)
      clients.push({ name, username, c: await signIn(t.app, username, PASSWORD) });
    const sent = [];
    for (let i = 1; i <= 3; i++)
      sent.push(
        (
          await clients[1]!.c.post('/api/v1/referrals', referralBody({ institutionId: rw.city.id }, i))
        ).json(),
      );
    // The fuzzing users' own accounts stay out of the id pool: disabling them would end the run.
    const own = new Set([admin.id, ...Object.values(rw.users).map((u) => u.id)]);
    ids = [...idsIn([w, rw, slots, sent])].filter((id) => !own.has(id));
    spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    ops = fuzzOperations(spec, skip);
    // The FHIR facade is not in the OpenAPI document: its routes come from the route table, with
    // the search parameters FHIR clients send and whatever body.
    for (const r of t.app.routeTable.filter((x) => x.url.startsWith('/fhir/')))
      ops.push({
        method: r.method,
        path: r.url.replace(/:(\w+)/g, '{$1}'),
        query: ['_id', 'identifier', 'patient', 'status', '_count', 'name'].map((name) => ({
          name,
          schema: {},
        })),
        body: r.method === 'POST' ? {} : undefined,
      });
  });
  afterAll(async () => t?.close());

  it('reads its operations from the route table, so every documented route is fuzzed', () => {
    const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
    const routes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/v1/') && !skip(r.url) && r.method !== 'HEAD',
    );
    for (const r of routes) expect(documented).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(ops.length).toBeGreaterThan(50);
  });

  it('answers a malformed id with 400 naming "id", and an unknown id with 404', async () => {
    const admin = clients[0]!.c;
    for (const op of ops.filter((o) => o.path.startsWith('/api/') && /\{\w+\}/.test(o.path))) {
      const bad = await admin.inject({
        method: op.method as never,
        url: op.path.replace(/\{\w+\}/g, 'not-a-uuid'),
        payload: op.body ? {} : undefined,
      });
      expect({ op: `${op.method} ${op.path}`, status: bad.statusCode }).toEqual({
        op: `${op.method} ${op.path}`,
        status: 400,
      });
      const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(params).toContain(bad.json().errors?.[0]?.field);
      // (A path with other kinds of parameters, a version number say, is refused for those.)
      if (op.method === 'GET' && !params.some((x) => x !== 'id')) {
        const unknown = await admin.get(op.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000'));
        // 404, unless the route first asks for a query parameter this call left out.
        const namesQuery =
          unknown.statusCode === 400 &&
          unknown.json().errors?.every((e: { field: string }) => !params.includes(e.field));
        expect({ op: op.path, status: namesQuery ? 404 : unknown.statusCode }).toEqual({
          op: op.path,
          status: 404,
        });
      }
    }
  });

  it(`never answers 5xx to ${TOTAL} generated requests, and changes nothing when it refuses`, async () => {
    const db = t.database.db;
    const perOp = Math.ceil(TOTAL / ops.length);
    let sent = 0;
    let xid = await nextXid(db);
    let content = await contentFingerprint(db);
    const statuses: Record<string, number> = {};
    for (const op of ops) {
      const arb = fc.tuple(fc.integer({ min: 0, max: clients.length - 1 }), requestFor(op, ids, spec));
      await fc.assert(
        fc.asyncProperty(arb, async ([who, req]: [number, FuzzRequest]) => {
          const client = clients[who]!;
          const send = () =>
            client.c.inject({
              method: req.method as never,
              url: req.url,
              payload: req.payload === undefined ? undefined : JSON.stringify(req.payload),
              headers: req.payload === undefined ? {} : { 'content-type': 'application/json' },
            });
          const res = await send();
          sent++;
          const what = `${client.name}: ${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.payload)?.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
          const band = `${Math.floor(res.statusCode / 100)}xx`;
          statuses[band] = (statuses[band] ?? 0) + 1;
          expect(res.statusCode, what).toBeLessThan(500);
          const after = await nextXid(db);
          // A refused sign-in is recorded (failure count, audit row): that write is the point.
          const recordsRefusal = req.url.startsWith('/api/v1/auth/login');
          if (res.statusCode >= 400 && !recordsRefusal) {
            // FHIR answers its own error shape, an OperationOutcome (the router's own refusals, before
            // any route runs, are problem+json everywhere).
            const shape = req.url.startsWith('/fhir/')
              ? /application\/(fhir|problem)\+json/
              : /application\/problem\+json/;
            expect(res.headers['content-type'], what).toMatch(shape);
            // A refused request wrote nothing: no transaction id was taken, or what it wrote rolled back.
            // (A change may be background work of an earlier request, a plan solved in a worker: let
            // it settle, then send the refused request again; a refusal that writes writes again.)
            if (after !== xid && (await contentFingerprint(db)) !== content) {
              const settled = await settledFingerprint(db);
              const again = await send();
              if (again.statusCode >= 400) expect(await contentFingerprint(db), what).toBe(settled);
              content = await contentFingerprint(db);
            }
          } else if (after !== xid) content = await contentFingerprint(db);
          xid = await nextXid(db);
          if (res.statusCode === 401) client.c = await signIn(t.app, client.username, PASSWORD);
        }),
        { numRuns: perOp, endOnFailure: true },
      );
    }
    console.log(`bad-input fuzz (${kind}): ${sent} requests over ${ops.length} operations`, statuses);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
  }, 300_000);
});
