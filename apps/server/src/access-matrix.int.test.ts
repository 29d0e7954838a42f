import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Role } from '@yilian/domain';
import { authPlugin, roleMeets, type RouteAccess } from './plugins/auth.js';
import type { RouteEntry } from './plugins/route-table.js';
import { buildTestApp, type TestApp } from '../test/app.js';
import { DATABASES } from '../test/db.js';
import { contentFingerprint, nextXid, settledFingerprint } from '../test/fault/fingerprint.js';
import {
  buildMatrixWorld,
  institutionBound,
  otherConsortiumIds,
  SCOPES,
  type MatrixWorld,
  type Scope,
} from '../test/fault/matrix-world.js';

// The access matrix, generated from the route table: every operation, as every role, on a record
// of the account's own institution, of a sibling institution in the same consortium, and of another
// consortium. What each case must answer is read from the permission the route declares and the
// role's permissions in roles.ts:
//   - without the permission: 403 (a checkAfterLookup route may say 404 first, when the record is
//     out of scope, or 400 when the body is malformed: validation precedes its lookup); never 2xx;
//   - another consortium's record: 404 (or 400 for a malformed body), and lists leave it out;
//   - a sibling's record, for accounts bound to an institution: no change succeeds, and its
//     referrals and patients stay invisible;
//   - and always: never 5xx, never 401 for a signed-in account, and every refusal changes nothing.
// And the declarations themselves: a write (any method but GET) declares a write permission, so
// that no role without it (a read-only viewer) can write; the few writes any signed-in participant
// makes on their own record say so on the route (`selfService`), are listed below, and a viewer
// who takes no part in such a record of its own scope is refused.

const SKIP = (url: string) => /\/auth\/(logout|password)|\/stream$/.test(url);
const RANDOM_ID = '00000000-0000-4000-8000-00000000abcd';
const WRITE = (m: string) => m !== 'GET';

/** Permissions that only read: a write declaring one of these (alone or as an option) is open to a viewer. */
const readOnly = (access: RouteAccess | undefined) =>
  !access ||
  access === 'public' ||
  access === 'authenticated' ||
  (typeof access === 'string' ? [access] : access).some((x) => x.endsWith('.read'));

/**
 * The writes any signed-in participant makes on their own record, each with the route's own
 * reason (`config.selfService`). A new entry is a write open to every role: it needs a review, and
 * a record of the matrix world that the viewer takes no part in (MatrixWorld.selfService).
 */
const SELF_SERVICE = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/logout-everywhere',
  'POST /api/v1/auth/password',
  'POST /api/v1/meetings/:id/rsvp',
  'POST /api/v1/meetings/:id/sign-in',
  'POST /api/v1/notifications/:id/read',
  'POST /api/v1/notifications/read-all',
];
/** Self-service writes on the session's own account: no record of anyone else can be named. */
const ON_ONES_OWN_ACCOUNT = /\/auth\//;

function resourceOf(url: string): string | undefined {
  return /\/([\w-]+)\/(?:referral-)?:id/.exec(url)?.[1];
}

describe.each(DATABASES)('access matrix from the route table (%s)', (kind) => {
  let t: TestApp;
  let w: MatrixWorld;
  let routes: RouteEntry[];

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildMatrixWorld(t.app);
    routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/fhir/'));
  });
  afterAll(async () => t?.close());

  it('every route declares an access the matrix understands', () => {
    const known = new Set<string>(['public', 'authenticated', ...PERMISSIONS]);
    const bad = routes.filter(
      (r) =>
        !r.access ||
        (typeof r.access === 'string'
          ? !known.has(r.access)
          : r.access.length === 0 || r.access.some((x) => !known.has(x))),
    );
    expect(bad.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('every write declares a write permission, unless it is a self-service write that says why', () => {
    const writes = routes.filter((r) => WRITE(r.method));
    const open = writes.filter((r) => readOnly(r.access) && !r.selfService);
    expect(
      open.map((r) => `${r.method} ${r.url} declares ${JSON.stringify(r.access)}`),
      'writes any reader may make: declare the write permission they need',
    ).toEqual([]);
    const self = writes.filter((r) => r.selfService);
    expect(self.map((r) => `${r.method} ${r.url}`).sort()).toEqual([...SELF_SERVICE].sort());
    // Each says, in words, who may act on what.
    for (const r of self) expect(`${r.url}: ${r.selfService?.trim()}`).toMatch(/: .{10,}$/);
  });

  it('refuses a viewer every self-service write on a record of its scope it takes no part in', async () => {
    const db = t.database.db;
    const viewer = w.clients.viewer;
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.selfService)) {
      const key = `${r.method} ${r.url}`;
      const c = w.selfService[key];
      if (!c) {
        if (!ON_ONES_OWN_ACCOUNT.test(r.url) || r.url.includes(':'))
          failures.push(
            `${key}: no record of the viewer's scope it takes no part in (MatrixWorld.selfService)`,
          );
        continue;
      }
      const before = await contentFingerprint(db);
      const bystander = await c.bystander?.();
      const res = await viewer.inject({
        method: r.method as never,
        url: c.id ? r.url.replace(':id', c.id) : r.url,
        payload: (c.body ?? {}) as never,
      });
      const what = `${key} -> ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (c.id) {
        // Refused for who the caller is, after the body was found valid: never 2xx, never a 400.
        if (![403, 404].includes(res.statusCode)) failures.push(`a non-participant was not refused: ${what}`);
        if ((await contentFingerprint(db)) !== before)
          failures.push(`a refusal changed the database: ${what}`);
      } else {
        if (res.statusCode >= 300) failures.push(`the caller's own self-service write failed: ${what}`);
        if (JSON.stringify(await c.bystander?.()) !== JSON.stringify(bystander))
          failures.push(`a self-service write reached someone else's record: ${what}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses to start when a route declares no access', async () => {
    const app = Fastify();
    await app.register(authPlugin);
    await app.after();
    expect(() => app.get('/api/v1/forgotten', async () => 'x')).toThrow(/declares no access/);
    await app.close();
  });

  it('answers every route x role x scope as the declared permission says', async () => {
    const db = t.database.db;
    const withIds = routes.filter((r) => r.url.includes(':id'));
    const filled = withIds.filter((r) => w.ids[resourceOf(r.url) ?? '']);
    const fromDemo = await otherConsortiumIds(
      db,
      withIds.filter((r) => !w.ids[resourceOf(r.url) ?? '']).map((r) => r.url),
    );
    // Own-scope changes may succeed and change the world: run them after every read, and removals
    // (a deletion, an institution leaving its consortium) at the very end.
    const removal = (r: RouteEntry) => r.method === 'DELETE' || r.url.endsWith('/leave');
    const order = (r: RouteEntry, s: Scope) =>
      s === 'own' ? (r.method === 'GET' ? 2 : removal(r) ? 4 : 3) : removal(r) ? 1 : 0;
    const cases: { r: RouteEntry; role: Role; scope: Scope }[] = [];
    for (const r of routes.filter((x) => !SKIP(x.url)))
      for (const role of ROLES) for (const scope of SCOPES) cases.push({ r, role, scope });
    cases.sort((x, y) => order(x.r, x.scope) - order(y.r, y.scope));

    let xid = await nextXid(db);
    let content = await contentFingerprint(db);
    const tally: Record<string, number> = {};
    const checked = {
      withoutPermission: 0,
      ownScope: 0,
      siblingScope: 0,
      otherScope: 0,
      ownReadsAnswered: 0,
    };
    const failures: string[] = [];
    for (const { r, role, scope } of cases) {
      const resource = resourceOf(r.url);
      const real = w.ids[resource ?? '']?.[scope] ?? (scope === 'other' ? fromDemo.get(r.url) : undefined);
      const id = r.url.includes(':id') ? (real ?? RANDOM_ID) : undefined;
      const url = (id ? r.url.replace(/:id\b/g, id) : r.url).replace(/:\w+/g, RANDOM_ID);
      const send = () =>
        w.clients[role].inject({
          method: r.method as never,
          url,
          ...(r.hasBody || r.method === 'POST' ? { payload: {} } : {}),
        });
      const res = await send();
      const s = res.statusCode;
      tally[`${Math.floor(s / 100)}xx`] = (tally[`${Math.floor(s / 100)}xx`] ?? 0) + 1;
      const what = `${role} ${scope} ${r.method} ${url} (${String(r.access)}) -> ${s} ${res.body.slice(0, 160)}`;
      const fail = (why: string) => failures.push(`${why}: ${what}`);
      if (s >= 500) fail('5xx');
      if (s === 401) fail('signed-in account refused as signed out');
      const granted = roleMeets(role, r.access!);
      checked[(!granted ? 'withoutPermission' : `${scope}Scope`) as keyof typeof checked]++;
      if (!granted) {
        if (s < 400) fail('succeeded without the permission');
        else if (!r.checkAfterLookup && s !== 403) fail('expected 403 without the permission');
        else if (r.checkAfterLookup && ![400, 403, 404].includes(s)) fail('expected 403/404');
      } else if (scope === 'other' && role !== 'platform_admin') {
        if (real && s < 400) fail("another consortium's record answered");
        if (real && ![400, 404].includes(s)) fail('expected 404 out of scope');
        if (!id && r.method === 'GET' && s === 200 && w.otherIds.some((x) => res.body.includes(x)))
          fail("a list shows another consortium's records");
      } else if (scope === 'own' && r.method === 'GET') {
        // Granted reads of the account's own scope are answered: a list, or its own record.
        if (!id && [403, 404].includes(s)) fail('a granted list was refused');
        if (id && real && [403, 404].includes(s))
          fail("a granted read of the account's own record was refused");
        if ((!id || real) && s === 200) checked.ownReadsAnswered++;
      } else if (scope === 'sibling' && institutionBound(role)) {
        if (real && WRITE(r.method) && s < 300 && resource !== 'consortia')
          fail("changed a sibling institution's record");
        if (r.method === 'GET' && s === 200 && w.siblingPrivate.some((x) => res.body.includes(x)))
          fail("shows a sibling institution's referral or patient");
      }
      // Every refusal leaves the database as it was.
      const after = await nextXid(db);
      if (after !== xid) {
        const now = await contentFingerprint(db);
        // A change may be background work of an earlier request (a plan solved in a worker): let
        // it settle, then send the refused request again; a refusal that writes writes again.
        if (s >= 400 && now !== content) {
          const settled = await settledFingerprint(db);
          const again = await send();
          if (again.statusCode >= 400 && (await contentFingerprint(db)) !== settled)
            fail('a refused request changed the database');
          content = await contentFingerprint(db);
        } else content = now;
      }
      xid = await nextXid(db);
      if (s === 401) await w.relogin(role);
    }
    const realIdRoutes = new Set(filled.map((r) => `${r.method} ${r.url}`)).size;
    console.log(
      `access matrix (${kind}): ${cases.length} route x role x scope cases over ${routes.length - routes.filter((x) => SKIP(x.url)).length} routes ` +
        `(${withIds.length} with an id: ${realIdRoutes} filled with real records in all three scopes, ` +
        `${fromDemo.size} more with a real record of another consortium from the demo data, the rest with an unknown id)`,
      tally,
      checked,
    );
    expect(failures).toEqual([]);
    // And no handler of a checkAfterLookup route answered without its deferred check.
    expect([...t.app.uncheckedAccess]).toEqual([]);
  }, 300_000);
});
