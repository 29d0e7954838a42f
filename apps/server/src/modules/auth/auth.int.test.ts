import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { buildTestApp, signIn, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildConsortium, buildInstitution, buildUser, PASSWORD } from '../../../test/factories.js';
import { verificationCount } from './password.js';

describe('TRUST_PROXY setting', () => {
  it('is off unless set; takes 1/true, or the proxies as addresses and ranges; refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 127.0.0.1,::1 ' }).trustProxy).toBe(
      '10.0.0.0/8,127.0.0.1,::1',
    );
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    for (const bad of ['yes', '2', '10.0.0.0/33', '300.1.1.1', 'proxy.example.org'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({}).production).toBe(false);
  });
});

describe.each(DATABASES)('sign-in, sessions and lockout (%s)', (kind) => {
  let t: TestApp;
  // The same database served as an operator would: behind a declared proxy, without the demo.
  let operated: FastifyInstance;
  let consortiumId: string;
  let institutionId: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    consortiumId = (await buildConsortium(t.database.db)).id;
    institutionId = (await buildInstitution(t.database.db, { consortiumId })).id;
    operated = await buildApp(
      loadConfig({
        YILIAN_DATA_DIR: t.database.dataDir,
        LOG_LEVEL: 'silent',
        YILIAN_WEB_DIST: '/nonexistent',
        YILIAN_DEMO: '0',
        TRUST_PROXY: '127.0.0.1',
      }),
      t.database,
    );
    await operated.ready();
  });
  afterAll(async () => {
    await operated?.close();
    await t?.close();
  });

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('signs in with an HttpOnly SameSite=Strict cookie and answers who I am', async () => {
    const u = await buildUser(t.database.db, 'clinician', { consortiumId, institutionId });
    const res = await login(u.username, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: u.username,
      role: 'clinician',
      permissions: expect.arrayContaining(['registry.read', 'referral.create']),
    });
    const cookie = res.cookies.find((c) => c.name === 'yilian_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const stored = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', u.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(cookie.value); // only the token's hash is kept
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `yilian_session=${cookie.value}` },
    });
    expect(me.json().username).toBe(u.username);
  });

  it('stores passwords as argon2id', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    expect(u.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('answers 401 for a wrong password or an unknown user, with the same message', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const wrong = await login(u.username, 'not-the-password');
    const unknown = await login('nobody-here', 'whatever');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
  });

  it('names the missing field of a bad sign-in request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('locks the account after five failures, even for the right password, and records it', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    for (let i = 0; i < 4; i++) expect((await login(u.username, 'wrong')).statusCode).toBe(401);
    const fifth = await login(u.username, 'wrong');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('account_locked');
    expect((await login(u.username, PASSWORD)).statusCode).toBe(423);
    const trail = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', u.id)
      .orderBy('id')
      .execute();
    expect(trail.map((r) => r.action)).toEqual([...Array(4).fill('auth.login_failed'), 'auth.locked']);
  });

  it('checks at most five guesses against the hash, however many arrive at once and from wherever', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const before = verificationCount();
    // 25 addresses, so the per-address throttle does not hide what the lockout lets through.
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: u.username, password: `wrong-guess-${i}` },
          remoteAddress: `198.51.100.${i + 1}`,
        }),
      ),
    );
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c !== 401 && c !== 423)).toEqual([]);
    expect(verificationCount() - before).toBeLessThanOrEqual(5);
    const row = await t.database.db
      .selectFrom('users')
      .select(['failedLogins', 'lockedUntil'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.failedLogins).toBeLessThanOrEqual(5);
    expect(Date.parse(row.lockedUntil!)).toBeGreaterThan(Date.now());
    // The right password, now, is refused without being checked.
    const right = await login(u.username, PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(verificationCount() - before).toBeLessThanOrEqual(5);

    // The owner's right password racing four wrong ones still signs in.
    const v = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const race = await Promise.all(
      [PASSWORD, 'wrong-1', 'wrong-2', 'wrong-3', 'wrong-4'].map((password, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: v.username, password },
          remoteAddress: `198.51.100.${100 + i}`,
        }),
      ),
    );
    expect(race[0]!.statusCode).toBe(200);
  });

  it('locks out guessing of the current password on a password change, and sign-in with it', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const c = await signIn(t.app, u.username, PASSWORD);
    const before = verificationCount();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        c.post('/api/v1/auth/password', {
          currentPassword: `guess-${i}`,
          newPassword: 'Brand-new-pass-2026',
        }),
      ),
    );
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((code) => code === 400).length).toBeLessThanOrEqual(5);
    expect(codes.filter((code) => code !== 400 && code !== 423)).toEqual([]);
    expect(codes.filter((code) => code === 423).length).toBeGreaterThanOrEqual(20);
    expect(verificationCount() - before).toBeLessThanOrEqual(5);
    // Locked: not even the right current password changes it, and sign-in is refused too.
    const right = await c.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Brand-new-pass-2026',
    });
    expect(right.statusCode).toBe(423);
    expect((await login(u.username, PASSWORD)).statusCode).toBe(423);
    expect(verificationCount() - before).toBeLessThanOrEqual(5);
  });

  it('refuses common passwords, the username and (outside the demo) the demo password, naming the field', async () => {
    const admin = await buildUser(t.database.db, 'platform_admin');
    const a = await signIn(t.app, admin.username, PASSWORD);
    const create = (username: string, password: string) =>
      a.post('/api/v1/users', {
        username,
        displayName: '测试',
        password,
        role: 'viewer',
        consortiumId,
        institutionId,
      });
    for (const [username, password] of [
      ['weak.one', 'password123'], // on every list of common passwords
      ['weak.two', 'Iloveyou2026!'], // a common one with digits and a sign added
      ['nurse.wang2026', 'Nurse.Wang2026'], // the username itself
    ] as const) {
      const res = await create(username, password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    }
    // The demo password is fine in the demo (this server), not on an operator's.
    expect((await create('demo.like', 'Yilian2026!')).statusCode).toBe(201);
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const reset = await a.patch(`/api/v1/users/${u.id}`, { password: 'qwerty123456' });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().errors[0].field).toBe('password');
    const c = await signIn(t.app, u.username, PASSWORD);
    const common = await c.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Password2026',
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().errors[0].field).toBe('newPassword');
    const o = await signIn(operated, u.username, PASSWORD);
    const demo = await o.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Yilian2026!',
    });
    expect(demo.statusCode).toBe(400);
    expect(demo.json().errors[0].field).toBe('newPassword');
    const opAdmin = await signIn(operated, admin.username, PASSWORD);
    const demoCreate = await opAdmin.post('/api/v1/users', {
      username: 'demo.like2',
      displayName: '测试',
      password: 'Yilian2026!',
      role: 'viewer',
      consortiumId,
      institutionId,
    });
    expect(demoCreate.statusCode).toBe(400);
    expect(demoCreate.json().errors[0].field).toBe('password');
  });

  it('marks the session cookie Secure over TLS, behind a proxy only when TRUST_PROXY names it', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const viaProxy = (app: FastifyInstance, remoteAddress = '127.0.0.1') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
        payload: { username: u.username, password: PASSWORD },
        remoteAddress,
      });
    const secure = async (res: Awaited<ReturnType<typeof viaProxy>>) => {
      expect(res.statusCode).toBe(200);
      return !!res.cookies.find((c) => c.name === 'yilian_session')!.secure;
    };
    // Without TRUST_PROXY anyone may send the header: it is ignored.
    expect(await secure(await viaProxy(t.app))).toBe(false);
    // From the declared proxy it is believed, and the client's address is the one it forwards.
    expect(await secure(await viaProxy(operated))).toBe(true);
    const trail = await t.database.db
      .selectFrom('auditLog')
      .select('ip')
      .where('entityId', '=', u.id)
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(trail.ip).toBe('203.0.113.7');
    // From any other address it is not.
    expect(await secure(await viaProxy(operated, '192.0.2.44'))).toBe(false);
  });

  it('ends the session on sign-out', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const c = await signIn(t.app, u.username, PASSWORD);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('changes the password: checks the current one, ends other sessions, and the new one works', async () => {
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const first = await signIn(t.app, u.username, PASSWORD);
    const second = await signIn(t.app, u.username, PASSWORD);
    const bad = await first.post('/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Another-pass-99',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('currentPassword');
    const weak = await first.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('newPassword');
    expect(
      (
        await first.post('/api/v1/auth/password', {
          currentPassword: PASSWORD,
          newPassword: 'Another-pass-99',
        })
      ).statusCode,
    ).toBe(200);
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await second.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(u.username, 'Another-pass-99')).statusCode).toBe(200);
  });

  it('a reset password must be changed before anything else', async () => {
    const admin = await buildUser(t.database.db, 'platform_admin');
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const a = await signIn(t.app, admin.username, PASSWORD);
    expect((await a.patch(`/api/v1/users/${u.id}`, { password: 'Reset-pass-2026' })).statusCode).toBe(200);
    const c = await signIn(t.app, u.username, 'Reset-pass-2026');
    expect((await c.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/consortia')).statusCode).toBe(403);
    expect(
      (
        await c.post('/api/v1/auth/password', {
          currentPassword: 'Reset-pass-2026',
          newPassword: 'My-own-pass-2026',
        })
      ).statusCode,
    ).toBe(200);
    expect((await c.get('/api/v1/consortia')).statusCode).toBe(200);
  });

  it('refuses API calls without a session, and expired sessions', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/consortia' })).statusCode).toBe(401);
    const u = await buildUser(t.database.db, 'viewer', { consortiumId, institutionId });
    const c = await signIn(t.app, u.username, PASSWORD);
    await t.database.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('userId', '=', u.id)
      .execute();
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});
