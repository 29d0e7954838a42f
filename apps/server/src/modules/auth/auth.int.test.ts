import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildConsortium, buildInstitution, buildUser, PASSWORD } from '../../../test/factories.js';

describe.each(DATABASES)('sign-in, sessions and lockout (%s)', (kind) => {
  let t: TestApp;
  let consortiumId: string;
  let institutionId: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    consortiumId = (await buildConsortium(t.database.db)).id;
    institutionId = (await buildInstitution(t.database.db, { consortiumId })).id;
  });
  afterAll(async () => t?.close());

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
