import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '@yilian/domain';
import { actorOf } from '../context.js';
import { notFound } from '../errors.js';
import { principalOf, SESSION_COOKIE } from '../plugins/auth.js';
import { audited } from '../modules/shared/audited.js';
import { findUser } from '../modules/user/user.repository.js';

// Session revocation: a user signs out of every device at once (a lost phone, a shared computer),
// and an administrator ends all sessions of an account they manage (a suspected break-in), without
// disabling it. Sessions live in the database, so the next request on any server is refused.

const revoked = z.object({ revoked: z.number().int() });

export async function sessionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.post(
    '/api/v1/auth/logout-everywhere',
    {
      config: {
        access: 'authenticated',
        selfService: 'ends one’s own sessions on every device',
        allowPasswordChangePending: true,
      },
      schema: { tags: ['auth'], summary: 'Sign out on every device', response: { 200: revoked } },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const count = await audited(s, actorOf(p, request.ip), async (trx) => {
        const gone = await trx.deleteFrom('sessions').where('userId', '=', p.userId).executeTakeFirst();
        const n = Number(gone.numDeletedRows);
        return {
          result: n,
          event: {
            action: 'auth.logout_everywhere',
            entityType: 'user',
            entityId: p.userId,
            consortiumId: p.consortiumId,
            after: { sessions: n },
          },
        };
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked: count };
    },
  );

  r.delete(
    '/api/v1/users/:id/sessions',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'End every session of an account one manages (out of scope: 404)',
        params: idParams,
        response: { 200: revoked },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const user = await findUser(s.db, p, request.params.id);
      if (!user) throw notFound('user');
      const count = await audited(s, actorOf(p, request.ip), async (trx) => {
        const gone = await trx.deleteFrom('sessions').where('userId', '=', user.id).executeTakeFirst();
        const n = Number(gone.numDeletedRows);
        return {
          result: n,
          event: {
            action: 'auth.sessions_revoked',
            entityType: 'user',
            entityId: user.id,
            consortiumId: user.consortiumId,
            after: { sessions: n },
          },
        };
      });
      return { revoked: count };
    },
  );
}
