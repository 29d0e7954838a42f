import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  id,
  idParams,
  meetingSeries,
  meetingSeriesCreate,
  meetingSeriesGenerate,
  REPORT_TEMPLATE_SECTIONS,
  workReport,
  workReportCreate,
  workReportTemplateQuery,
} from '@yilian/domain';
import { notFound } from '../../errors.js';
import { readUploadedFile } from '../../storage/upload.js';
import { who } from '../shared/route-context.js';
import * as reports from './meeting-reports.js';
import * as series from './meeting-series.js';

// Work reports attached to meetings, and recurring series.

const tags = ['meeting'];
const REPORT_MAX_MB = 20;

export async function meetingExtraRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/meetings/:id/report-template',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: "A quarterly work report's sections, the figures pre-filled from the quarter's records",
        params: idParams,
        querystring: workReportTemplateQuery,
        response: {
          200: z.object({
            institutionId: id,
            institutionName: z.string(),
            period: z.string(),
            title: z.string(),
            sections: z.array(
              z.object({ key: z.enum(REPORT_TEMPLATE_SECTIONS), heading: z.string(), body: z.string() }),
            ),
          }),
        },
      },
    },
    async (req) => reports.template(s, who(req).p, req.params.id, req.query.institutionId, req.query.period),
  );

  r.get(
    '/api/v1/meetings/:id/reports',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: z.array(workReport) } },
    },
    async (req) => reports.listReports(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/meetings/:id/reports',
    {
      // The member's own staff who run its meetings or raise its problems, or the office.
      config: { access: ['meeting.manage', 'ledger.raise'] },
      schema: {
        tags,
        summary: 'A member attaches its work report',
        params: idParams,
        body: workReportCreate,
        response: { 201: workReport },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await reports.submitReport(s, p, actor, req.params.id, req.body));
    },
  );

  r.post(
    '/api/v1/meeting-reports/:id/file',
    {
      config: { access: ['meeting.manage', 'ledger.raise'] },
      schema: {
        tags,
        summary: `Attach the signed or scanned report (multipart "file": PDF, PNG or JPEG, at most ${REPORT_MAX_MB} MB)`,
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: workReport },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await reports.reportOf(s, p, req.params.id);
      const file = await readUploadedFile(req, REPORT_MAX_MB);
      return reports.attachReportFile(s, p, actor, req.params.id, file);
    },
  );

  r.get(
    '/api/v1/meeting-reports/:id/file',
    { config: { access: 'registry.read' }, schema: { tags, params: idParams } },
    async (req, reply) => {
      const rep = await reports.reportOf(s, who(req).p, req.params.id);
      if (!rep.fileKey) throw notFound('file');
      return reply
        .type(rep.contentType ?? 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(rep.fileName ?? 'report')}`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(await s.files.get(rep.fileKey));
    },
  );

  r.get(
    '/api/v1/meeting-series',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        querystring: z.object({ consortiumId: id.optional() }),
        response: { 200: z.array(meetingSeries) },
      },
    },
    async (req) => series.listSeries(s, who(req).p, req.query.consortiumId),
  );

  r.post(
    '/api/v1/meeting-series',
    {
      config: { access: 'meeting.manage' },
      schema: {
        tags,
        summary: 'A recurring series (例会) by its rule',
        body: meetingSeriesCreate,
        response: { 201: meetingSeries },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await series.createSeries(s, p, actor, req.body));
    },
  );

  r.post(
    '/api/v1/meeting-series/:id/generate',
    {
      config: { access: 'meeting.manage' },
      schema: {
        tags,
        summary: "Plan the series' meetings from today up to a date (each occurrence once)",
        params: idParams,
        body: meetingSeriesGenerate,
        response: { 200: z.object({ created: z.number().int() }) },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return series.generate(s, p, actor, req.params.id, req.body.until);
    },
  );
}
