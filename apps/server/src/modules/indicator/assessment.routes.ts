import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assessmentResults,
  assessmentScheme,
  idParams,
  schemeCreate,
  schemeListQuery,
  schemeUpdate,
  type MemberResult,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { sendXlsx, type XlsxColumn } from '../export/xlsx.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as schemes from './assessment.service.js';

const tags = ['assessment'];

export async function assessmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/assessment-schemes',
    tag: 'assessment',
    item: assessmentScheme,
    create: schemeCreate,
    update: schemeUpdate,
    listQuery: schemeListQuery,
    access: {
      read: 'registry.read',
      create: 'indicator.manage',
      update: 'indicator.manage',
      remove: 'indicator.manage',
    },
    service: schemes,
  });

  r.get(
    '/api/v1/assessment-schemes/:id/results',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Scores and ranking of every member (frozen once published)',
        params: idParams,
        response: { 200: assessmentResults },
      },
    },
    async (req) => schemes.results(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/assessment-schemes/:id/publish',
    {
      config: { access: 'indicator.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Publish: freeze the results as they stand now',
        params: idParams,
        response: { 200: assessmentScheme },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await schemes.get(s, p, req.params.id);
      requireAccess(req);
      return schemes.publish(s, p, actor, req.params.id);
    },
  );

  r.get(
    '/api/v1/assessment-schemes/:id/results.xlsx',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'The results table as xlsx',
        params: idParams,
        querystring: z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') }),
      },
    },
    async (req, reply) => {
      const p = who(req).p;
      const scheme = await schemes.get(s, p, req.params.id);
      const results = await schemes.results(s, p, req.params.id);
      const en = req.query.lang === 'en';
      const columns: XlsxColumn<MemberResult>[] = [
        { header: en ? 'Rank' : '名次', width: 8, value: (m) => m.rank },
        { header: en ? 'Institution' : '单位', width: 30, value: (m) => m.institutionName },
        { header: en ? 'Total' : '总分', width: 10, value: (m) => m.total },
        ...scheme.items.map((item, i) => ({
          header: `${en ? item.nameEn : item.nameZh} (${item.weight})`,
          width: 18,
          value: (m: MemberResult) => m.lines[i]?.marks ?? null,
        })),
      ];
      return sendXlsx(reply, `${scheme.name}.xlsx`, en ? 'Results' : '考核结果', columns, results.members);
    },
  );
}
