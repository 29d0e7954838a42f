import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { region, regionQuery } from '@yilian/domain';
import { searchRegions } from './regions.js';

export async function regionRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/regions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['registry'],
        summary: 'GB/T 2260 regions: search by name or code, children of a parent, or look up codes',
        querystring: regionQuery,
        response: { 200: z.array(region) },
      },
    },
    async (request) => {
      const { q, parent, codes } = request.query;
      return searchRegions({ q, parent, codes: codes?.split(',').slice(0, 200) });
    },
  );
}
