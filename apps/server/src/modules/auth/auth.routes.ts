import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordBody, loginBody, me, ok } from '@yilian/domain';
import { AppError } from '../../errors.js';
import { principalOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { changePassword, describe, login, logout } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { sessionRoutes } from '../../security/sessions.routes.js';

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const throttle = new LoginThrottle();
  const s = app.services;
  await app.register(sessionRoutes);

  r.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', selfService: 'anyone signs in with their own password' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: loginBody,
        response: { 200: me },
      },
    },
    async (request, reply) => {
      if (!throttle.allow(request.ip))
        throw new AppError('too_many_requests', 'Too many sign-in attempts; wait a few minutes');
      const result = await login(s, request.body, request.ip, request.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: result.expiresAt,
      });
      return result.me;
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: {
        access: 'authenticated',
        selfService: 'ends one’s own session',
        allowPasswordChangePending: true,
      },
      schema: { tags: ['auth'], response: { 200: ok } },
    },
    async (request, reply) => {
      await logout(s, principalOf(request), request.sessionId!, request.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated', allowPasswordChangePending: true },
      schema: { tags: ['auth'], response: { 200: me } },
    },
    async (request) => describe(s, principalOf(request)),
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: {
        access: 'authenticated',
        selfService: 'changes one’s own password, given the current one',
        allowPasswordChangePending: true,
      },
      schema: { tags: ['auth'], body: changePasswordBody, response: { 200: ok } },
    },
    async (request) => {
      const { currentPassword, newPassword } = request.body;
      await changePassword(
        s,
        principalOf(request),
        request.sessionId!,
        currentPassword,
        newPassword,
        request.ip,
      );
      return { ok: true as const };
    },
  );
}
