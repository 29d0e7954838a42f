import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntry, auditListQuery, pageOf } from '@yilian/domain';
import { who } from '../shared/route-context.js';
import { list } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: "The audit trail, newest first, within the reader's scope",
        querystring: auditListQuery,
        response: { 200: pageOf(auditEntry) },
      },
    },
    async (req) => list(app.services, who(req).p, req.query),
  );
}
