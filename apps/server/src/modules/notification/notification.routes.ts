import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pageOf, pageQuery } from '@yilian/domain';
import { notFound } from '../../errors.js';
import { paginate } from '../shared/paginate.js';
import { who } from '../shared/route-context.js';

const notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  referralId: z.uuid().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const columns = ['id', 'kind', 'title', 'body', 'referralId', 'createdAt', 'readAt'] as const;
const tags = ['notifications'];

/** The in-app notification centre: one's own notifications, and a live stream (SSE). */
export async function notificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;
  // Open streams end as the server starts to close, so shutdown does not wait on them.
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  r.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: pageQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
        response: { 200: pageOf(notification).extend({ unread: z.number().int() }) },
      },
    },
    async (req) => {
      const { p } = who(req);
      let qb = s.db.selectFrom('notifications').where('userId', '=', p.userId);
      if (req.query.unread === 'true') qb = qb.where('readAt', 'is', null);
      const [page, unread] = await Promise.all([
        paginate(qb, req.query, (b) => b.select(columns).orderBy('createdAt', 'desc').orderBy('id')),
        s.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('userId', '=', p.userId)
          .where('readAt', 'is', null)
          .executeTakeFirstOrThrow(),
      ]);
      return { ...page, unread: Number(unread.n) };
    },
  );

  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'authenticated', selfService: 'a user marks their own notification read' },
      schema: { tags, params: idParams, response: { 200: notification } },
    },
    async (req) => {
      const { p } = who(req);
      const row = await s.db
        .updateTable('notifications')
        .set((eb) => ({ readAt: eb.fn.coalesce('readAt', eb.val(new Date().toISOString())) }))
        .where('id', '=', req.params.id)
        .where('userId', '=', p.userId)
        .returning(columns)
        .executeTakeFirst();
      if (!row) throw notFound('notification');
      return row;
    },
  );

  r.post(
    '/api/v1/notifications/read-all',
    {
      config: { access: 'authenticated', selfService: 'a user marks all their own notifications read' },
      schema: { tags, response: { 200: z.object({ updated: z.number().int() }) } },
    },
    async (req) => {
      const { p } = who(req);
      const res = await s.db
        .updateTable('notifications')
        .set({ readAt: new Date().toISOString() })
        .where('userId', '=', p.userId)
        .where('readAt', 'is', null)
        .executeTakeFirst();
      return { updated: Number(res.numUpdatedRows) };
    },
  );

  // Server-sent events: a `notification` event as each one commits, on whichever server wrote it.
  r.get(
    '/api/v1/notifications/stream',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Live notifications (text/event-stream)', hide: false },
    },
    (req, reply) => {
      const { p } = who(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const unsubscribe = s.bus.subscribe(p.userId, async (signal) => {
        const row = await s.db
          .selectFrom('notifications')
          .select(columns)
          .where('id', '=', signal.id)
          .executeTakeFirst();
        if (row) res.write(`event: notification\nid: ${row.id}\ndata: ${JSON.stringify(row)}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const stop = () => {
        clearInterval(keepAlive);
        unsubscribe();
        open.delete(end);
      };
      const end = () => {
        stop();
        res.end();
      };
      open.add(end);
      req.raw.on('close', stop);
    },
  );
}
