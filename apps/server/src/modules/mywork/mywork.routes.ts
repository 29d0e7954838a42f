import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { myWork, type MyWork } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { who } from '../shared/route-context.js';
import { MY_WORK_PROVIDERS } from './providers.js';

/** Every provider's items, the overdue first, then by what is due soonest. */
export async function myWorkOf(s: Services, p: Principal): Promise<MyWork> {
  const lists = await Promise.all(MY_WORK_PROVIDERS.map((provider) => provider(s, p)));
  const items = lists.flat().sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (!a.dueAt || !b.dueAt) return a.dueAt ? -1 : b.dueAt ? 1 : 0;
    return a.dueAt.localeCompare(b.dueAt);
  });
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  return { items, counts };
}

export async function myWorkRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/my-work',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['my-work'],
        summary: '我的待办: what waits on the signed-in user across modules',
        response: { 200: myWork },
      },
    },
    async (req) => myWorkOf(app.services, who(req).p),
  );
}
