import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './context.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../test/app.js';
import { DATABASES } from '../test/db.js';
import { buildUser, buildWorld, PASSWORD, type World } from '../test/factories.js';

// Every operation in the OpenAPI document, fed bad input: it must answer 4xx problem+json naming
// what is wrong, never 5xx, and leave the database as it was. New routes are covered as they are
// added, because the list comes from the route table.

interface Operation {
  method: string;
  path: string;
  query: string[];
  hasBody: boolean;
}

function operations(spec: {
  paths: Record<
    string,
    Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>
  >;
}) {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (path === '/api/v1/auth/logout' || path === '/api/v1/auth/password') continue; // would end the test's own session
      if (path.endsWith('/stream')) continue; // a live event stream never ends by itself
      ops.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: !!op.requestBody,
      });
    }
  }
  return ops;
}

const nasty = fc.oneof(
  fc.constant(''),
  fc.constant('x'.repeat(5000)),
  fc.constant("'; drop table users; --"),
  fc.constant('<img src=x onerror=alert(1)>'),
  fc.constant('\u0000\u202e\ud800'),
  fc.constant('2026-02-30'),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant(true),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.string(),
);

async function counts(db: Db) {
  const tables = [
    'consortia',
    'institutions',
    'memberships',
    'agreements',
    'departments',
    'staff',
    'users',
    'auditLog',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables)
    out[t] = Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

describe.each(DATABASES)('bad input on every operation (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let admin: Client;
  let ops: Operation[];

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildWorld(t.database.db, '320614');
    const u = await buildUser(t.database.db, 'platform_admin');
    admin = await signIn(t.app, u.username, PASSWORD);
    ops = operations((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json());
  });
  afterAll(async () => t?.close());

  const fill = (path: string, id: string) => path.replace(/\{id\}/g, id);

  it('covers the registry, accounts and audit routes', () => {
    const paths = new Set(ops.map((o) => o.path));
    for (const p of [
      '/api/v1/consortia',
      '/api/v1/institutions/{id}',
      '/api/v1/staff',
      '/api/v1/users/{id}',
      '/api/v1/audit',
    ]) {
      expect(paths.has(p)).toBe(true);
    }
  });

  it('answers a malformed id with 400 naming "id", and an unknown id with 404', async () => {
    for (const op of ops.filter((o) => o.path.includes('{id}'))) {
      const bad = await admin.inject({
        method: op.method as never,
        url: fill(op.path, 'not-a-uuid'),
        payload: op.hasBody ? {} : undefined,
      });
      expect({ op: `${op.method} ${op.path}`, status: bad.statusCode }).toEqual({
        op: `${op.method} ${op.path}`,
        status: 400,
      });
      expect(bad.json().errors?.[0]?.field).toBe('id');
      if (op.method === 'GET') {
        const unknown = await admin.get(fill(op.path, '00000000-0000-4000-8000-000000000000'));
        // 404, unless the route first asks for a query parameter this call left out.
        const namesQuery =
          unknown.statusCode === 400 &&
          unknown.json().errors?.every((e: { field: string }) => e.field !== 'id');
        expect({ op: op.path, status: namesQuery ? 404 : unknown.statusCode }).toEqual({
          op: op.path,
          status: 404,
        });
      }
    }
  });

  it('never answers 5xx to garbage bodies and queries, and changes nothing when it refuses', async () => {
    const before = await counts(t.database.db);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        nasty,
        fc.dictionary(
          fc.constantFrom(
            'name',
            'code',
            'kind',
            'institutionId',
            'regionCode',
            'role',
            'parties',
            'signedOn',
            'password',
            'username',
          ),
          nasty,
        ),
        async (op, value, body) => {
          const query = op.query
            .map((q) => `${q}=${encodeURIComponent(String(value).replace(/[\ud800-\udfff]/g, '?'))}`)
            .join('&');
          const url = fill(op.path, w.member.id) + (query ? `?${query}` : '');
          const payload = op.hasBody ? (Array.isArray(value) || value === null ? value : body) : undefined;
          const res = await admin.inject({
            method: op.method as never,
            url,
            payload: payload as never,
            headers: op.hasBody ? { 'content-type': 'application/json' } : {},
          });
          expect(
            res.statusCode,
            `${op.method} ${url} ${JSON.stringify(payload)?.slice(0, 200)} -> ${res.body.slice(0, 300)}`,
          ).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        },
      ),
      { numRuns: 300 },
    );
    // Refused requests wrote nothing; (a few random ones may be valid and succeed, so compare
    // only when nothing was audited, which every accepted change is).
    const after = await counts(t.database.db);
    if (after.auditLog === before.auditLog) expect(after).toEqual(before);
  });
});
