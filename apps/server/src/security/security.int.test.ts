import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { buildTestApp, multipart, signIn, type TestApp } from '../../test/app.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../test/db.js';
import { buildUser, buildWorld, PASSWORD, type World } from '../../test/factories.js';
import { crossOrigin } from '../plugins/csrf.js';
import { redactUrl } from './log-redaction.js';

// Hardening as a client sees it: headers and the content security policy, cross-site requests,
// session revocation, body and upload limits, and /metrics behind its token.

const WEB_DIST = path.resolve(import.meta.dirname, '../../../web/dist');
const TOKEN = 'metrics-token-for-tests-0123456789';

describe('cross-site and log rules (no database)', () => {
  it('refuses cross-site browser requests and lets same-origin and non-browser ones through', () => {
    expect(crossOrigin({ 'sec-fetch-site': 'cross-site' })).toMatch(/Sec-Fetch-Site/);
    expect(crossOrigin({ 'sec-fetch-site': 'same-site' })).toMatch(/Sec-Fetch-Site/);
    expect(crossOrigin({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' })).toBeNull();
    expect(crossOrigin({ origin: 'https://evil.example', host: 'yilian.example' })).toMatch(/Origin/);
    expect(crossOrigin({ origin: 'null', host: 'yilian.example' })).toMatch(/Origin/);
    expect(crossOrigin({ origin: 'https://yilian.example', host: 'yilian.example' })).toBeNull();
    expect(crossOrigin({ host: 'yilian.example' })).toBeNull();
  });

  it('masks query values and id numbers in logged URLs', () => {
    expect(redactUrl('/api/v1/referrals?q=510524196003150011&page=2&status=requested')).toBe(
      '/api/v1/referrals?q=*&page=2&status=*',
    );
    expect(redactUrl('/fhir/R4/Patient?identifier=51052419600315001X')).toBe('/fhir/R4/Patient?identifier=*');
    expect(redactUrl('/x/13812345678/y')).toBe('/x/***/y');
  });
});

describe.each(DATABASES)('hardening (%s)', (kind) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildWorld(t.database.db, '320614');
  });
  afterAll(async () => t?.close());

  it('sends security headers and a CSP that allows only this origin', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it.runIf(fs.existsSync(path.join(WEB_DIST, 'index.html')))(
    'the built web app needs nothing the CSP forbids: no inline script, every asset from this origin',
    () => {
      const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url).toMatch(/^\/(?!\/)/);
      expect(html).not.toMatch(/\son[a-z]+=/); // no inline event handlers (script-src-attr 'none')
    },
  );

  it('refuses a state change from another site even with a valid session', async () => {
    const c = await signIn(t.app, w.users.institution_admin.username, PASSWORD);
    const forged = await c.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { origin: 'https://evil.example', host: 'localhost' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toMatch(/problem\+json/);
    const fetchMeta = await c.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchMeta.statusCode).toBe(403);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200); // still signed in
    const own = await c.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost', host: 'localhost' },
    });
    expect(own.statusCode).toBe(200);
  });

  it('signs a user out everywhere, and lets an administrator end the sessions of an account in scope', async () => {
    const u = await buildUser(t.database.db, 'viewer', {
      consortiumId: w.consortium.id,
      institutionId: w.member.id,
    });
    const [a, b] = [await signIn(t.app, u.username, PASSWORD), await signIn(t.app, u.username, PASSWORD)];
    const out = await a.post('/api/v1/auth/logout-everywhere');
    expect(out.json()).toEqual({ revoked: 2 });
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);

    const c = await signIn(t.app, u.username, PASSWORD);
    const admin = await signIn(t.app, w.users.institution_admin.username, PASSWORD);
    expect((await admin.del(`/api/v1/users/${u.id}/sessions`)).json()).toEqual({ revoked: 1 });
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    const outsider = await buildUser(t.database.db, 'viewer');
    expect((await admin.del(`/api/v1/users/${outsider.id}/sessions`)).statusCode).toBe(404);
    const viewer = await signIn(t.app, w.users.viewer.username, PASSWORD);
    expect((await viewer.del(`/api/v1/users/${u.id}/sessions`)).statusCode).toBe(403);
    const trail = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', u.id)
      .where('action', 'in', ['auth.logout_everywhere', 'auth.sessions_revoked'])
      .execute();
    expect(trail.map((r) => r.action).sort()).toEqual(['auth.logout_everywhere', 'auth.sessions_revoked']);
  });

  it('refuses a body over 1 MB with 413, and an upload whose bytes are not what its name says', async () => {
    const office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    const big = await office.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toMatch(/problem\+json/);
    const fake = multipart('file', 'contract.pdf', 'application/pdf', Buffer.from('MZ\x90\x00 not a pdf'));
    const res = await office.inject({
      method: 'PUT',
      url: `/api/v1/agreements/${w.agreement.id}/document`,
      ...fake,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].field).toBe('file');
  });
});

describe.each(DATABASES)('metrics and the sign-in throttle (%s)', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
  });
  afterAll(async () => database?.drop());

  const build = (token?: string) =>
    buildApp(
      loadConfig({
        YILIAN_DATA_DIR: database.dataDir,
        LOG_LEVEL: 'silent',
        YILIAN_WEB_DIST: '/nonexistent',
        ...(token ? { YILIAN_METRICS_TOKEN: token } : {}),
      }),
      database,
    );

  it('throttles sign-in attempts from one address (30 in 5 minutes), before any password is checked', async () => {
    const app = await build();
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'guess-1234' },
      });
    for (let i = 0; i < 30; i++) expect((await attempt()).statusCode).toBe(401);
    const refused = await attempt();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    await app.close();
  });

  it('does not exist without a configured token', async () => {
    const app = await build();
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    await app.close();
  });

  it('answers only the token, with request counts by route pattern, durations and process metrics', async () => {
    const app = await build(TOKEN);
    await app.inject({ method: 'GET', url: '/api/health' });
    await app.inject({ method: 'GET', url: '/api/v1/consortia/00000000-0000-4000-8000-000000000000' });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = { authorization: `Bearer ${TOKEN.replace('0', '1')}` };
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: wrong })).statusCode).toBe(401);
    const res = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /yilian_http_requests_total\{method="GET",route="\/api\/health",status="200"\} 1/,
    );
    expect(res.body).toContain('route="/api/v1/consortia/:id",status="401"');
    expect(res.body).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(res.body).toContain('yilian_http_request_duration_seconds_bucket');
    expect(res.body).toContain('yilian_process_resident_memory_bytes');
    if (kind === 'postgres') expect(res.body).toMatch(/yilian_db_pool_total_connections \d+/);
    await app.close();
  });
});
