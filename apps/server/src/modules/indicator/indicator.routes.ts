import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  REPORT_ACTIONS,
  customIndicatorCreate,
  customIndicatorUpdate,
  idParams,
  indicator,
  indicatorListQuery,
  pageOf,
  reportForm,
  reportFormDetail,
  reportFormGenerate,
  reportFormListQuery,
  reportFormSave,
  reportReview,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { readUploadedFile, SPREADSHEET_EXTENSIONS } from '../../storage/upload.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as indicators from './indicator.service.js';
import * as reports from './report.service.js';
import { formWorkbook, readFormWorkbook } from './report-xlsx.js';

const tags = ['indicators'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const detail = reportFormDetail.extend({ actions: z.array(z.enum(REPORT_ACTIONS)) });

export async function indicatorRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/indicators',
    tag: 'indicators',
    item: indicator,
    create: customIndicatorCreate,
    update: customIndicatorUpdate,
    listQuery: indicatorListQuery,
    access: {
      read: 'registry.read',
      create: 'indicator.manage',
      update: 'indicator.manage',
      remove: 'indicator.manage',
    },
    service: indicators,
  });

  r.get(
    '/api/v1/report-forms',
    {
      config: { access: 'registry.read' },
      schema: { tags, querystring: reportFormListQuery, response: { 200: pageOf(reportForm) } },
    },
    async (req) => reports.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/report-forms/generate',
    {
      config: { access: 'indicator.manage' },
      schema: {
        tags,
        summary: 'Make the report forms of a period for every current member (existing forms are kept)',
        body: reportFormGenerate,
        response: { 200: z.object({ created: z.number().int(), existing: z.number().int() }) },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return reports.generate(s, p, actor, req.body);
    },
  );

  r.get(
    '/api/v1/report-forms/:id',
    { config: { access: 'registry.read' }, schema: { tags, params: idParams, response: { 200: detail } } },
    async (req) => reports.get(s, who(req).p, req.params.id),
  );

  r.put(
    '/api/v1/report-forms/:id/values',
    {
      config: { access: 'indicator.report', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Enter or correct values (draft or returned forms only)',
        params: idParams,
        body: reportFormSave,
        response: { 200: detail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await reports.get(s, p, req.params.id);
      requireAccess(req);
      return reports.save(s, p, actor, req.params.id, req.body);
    },
  );

  // The member submits (indicator.report); the office approves or returns it with comments
  // (indicator.manage). The machine's sides then decide whose form it is.
  for (const action of REPORT_ACTIONS)
    r.post(
      `/api/v1/report-forms/:id/${action}`,
      {
        config: { access: action === 'submit' ? 'indicator.report' : 'indicator.manage' },
        schema: {
          tags,
          summary:
            action === 'submit' ? 'Submit a form for review' : `${action} a submitted form, with comments`,
          params: idParams,
          body: reportReview,
          response: { 200: detail },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        return reports.act(s, p, actor, req.params.id, action, req.body.comment);
      },
    );

  r.get(
    '/api/v1/report-forms/:id/xlsx',
    {
      config: { access: 'registry.read' },
      schema: { tags, summary: 'The form as a sheet to fill offline', params: idParams },
    },
    async (req, reply) => {
      const p = who(req).p;
      const form = await reports.get(s, p, req.params.id);
      const defs = await indicators.indicatorsOf(s.db, form.consortiumId);
      const name = `${form.institutionName}-${form.period}.xlsx`;
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(await formWorkbook(form, defs));
    },
  );

  r.put(
    '/api/v1/report-forms/:id/xlsx',
    {
      config: { access: 'indicator.report', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Import values from the filled sheet (multipart field "file", .xlsx, at most 2 MB)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: detail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await reports.get(s, p, req.params.id);
      requireAccess(req);
      const file = await readUploadedFile(req, 2, SPREADSHEET_EXTENSIONS);
      return reports.save(s, p, actor, req.params.id, { values: await readFormWorkbook(file.data) });
    },
  );
}
