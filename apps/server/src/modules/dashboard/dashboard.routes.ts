import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  commissionOverview,
  commissionQuery,
  consortiumDashboard,
  dashboardExportQuery,
  dashboardPeriod,
  idParams,
  memberDashboard,
} from '@yilian/domain';
import { sendXlsx } from '../export/xlsx.js';
import { who } from '../shared/route-context.js';
import { commissionOverview as overview } from './commission.service.js';
import { commissionColumns, dashboardTable } from './dashboard-xlsx.js';
import { consortiumDashboard as consortiumView, memberDashboard as memberView } from './dashboard.service.js';

const tags = ['dashboards'];

export async function dashboardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/dashboards/consortia/:id',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: "A consortium office's dashboard",
        params: idParams,
        querystring: dashboardPeriod,
        response: { 200: consortiumDashboard },
      },
    },
    async (req) => consortiumView(s, who(req).p, req.params.id, req.query),
  );

  r.get(
    '/api/v1/dashboards/consortia/:id/xlsx',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: "One table of a consortium's dashboard as xlsx",
        params: idParams,
        querystring: dashboardExportQuery,
      },
    },
    async (req, reply) => {
      const data = await consortiumView(s, who(req).p, req.params.id, req.query);
      const t = dashboardTable(data, req.query.table, req.query.lang);
      return sendXlsx(reply, `${data.consortium.name}-${t.name}.xlsx`, t.name, t.columns, t.rows);
    },
  );

  r.get(
    '/api/v1/dashboards/institutions/:id',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: "A member institution's view",
        params: idParams,
        querystring: dashboardPeriod,
        response: { 200: memberDashboard },
      },
    },
    async (req) => memberView(s, who(req).p, req.params.id, req.query),
  );

  r.get(
    '/api/v1/dashboards/commission',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: "The health commission's overview of the consortia in its region",
        querystring: commissionQuery,
        response: { 200: commissionOverview },
      },
    },
    async (req) => overview(s, who(req).p, req.query),
  );

  r.get(
    '/api/v1/dashboards/commission/xlsx',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'The commission overview as xlsx',
        querystring: commissionQuery.extend({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') }),
      },
    },
    async (req, reply) => {
      const data = await overview(s, who(req).p, req.query);
      const en = req.query.lang === 'en';
      const name = en ? 'Consortia ranking' : '医联体排名';
      return sendXlsx(
        reply,
        `${name} ${data.from}~${data.to}.xlsx`,
        name,
        commissionColumns(en),
        data.consortia,
      );
    },
  );
}
