import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  consultation,
  consultationActionBodies,
  consultationCreate,
  consultationFigures,
  consultationListQuery,
  consultationRate,
  idParams,
  isoDate,
  pageOf,
} from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import { notFound } from '../../errors.js';
import { requireAccess } from '../../plugins/auth.js';
import { readUploadedFile } from '../../storage/upload.js';
import { who } from '../shared/route-context.js';
import * as consultations from './consultation.service.js';

const tags = ['consultation'];
const ACTIONS = ['accept', 'reject', 'schedule', 'report', 'sign', 'cancel'] as const;
const attachment = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});

export async function consultationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/consultations',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary:
          'Remote consultations and readings: requested by us, incoming to our centre, or all in scope',
        querystring: consultationListQuery,
        response: { 200: pageOf(consultation) },
      },
    },
    async (req) => consultations.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/consultations',
    {
      config: { access: 'consultation.request' },
      schema: { tags, body: consultationCreate, response: { 201: consultation } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await consultations.create(s, p, actor, req.body));
    },
  );

  r.get(
    '/api/v1/consultations/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: consultation } },
    },
    async (req) => consultations.get(s, who(req).p, req.params.id),
  );

  for (const action of ACTIONS) {
    r.post(
      `/api/v1/consultations/:id/${action}`,
      {
        config: {
          access: action === 'cancel' ? 'consultation.request' : 'consultation.handle',
          checkAfterLookup: true,
        },
        schema: {
          tags,
          params: idParams,
          body: consultationActionBodies[action],
          response: { 200: consultation },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        await consultations.get(s, p, req.params.id);
        requireAccess(req);
        return consultations.act(s, p, actor, req.params.id, action, req.body as never);
      },
    );
  }

  r.post(
    '/api/v1/consultations/:id/rate',
    {
      config: { access: 'consultation.request', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'The requester rates the signed consultation (once)',
        params: idParams,
        body: consultationRate,
        response: { 200: consultation },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await consultations.get(s, p, req.params.id);
      requireAccess(req);
      return consultations.rate(s, p, actor, req.params.id, req.body);
    },
  );

  r.get(
    '/api/v1/consultations/:id/attachments',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: z.array(attachment) } },
    },
    async (req) => {
      await consultations.get(s, who(req).p, req.params.id);
      return s.db
        .selectFrom('consultationAttachments')
        .select(['id', 'name', 'contentType', 'size', 'uploadedBy', 'createdAt'])
        .where('consultationId', '=', req.params.id)
        .orderBy('createdAt')
        .execute();
    },
  );

  r.post(
    '/api/v1/consultations/:id/attachments',
    {
      // The requester's staff (consultation.request) or the centre's (consultation.handle).
      config: { access: ['consultation.request', 'consultation.handle'], checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Attach images or reports (multipart "file": PDF, PNG or JPEG, at most 20 MB)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: attachment },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      const c = await consultations.get(s, p, req.params.id);
      requireAccess(req);
      await consultations.requireAttachingSide(s, p, c.id);
      const file = await readUploadedFile(req, 20);
      const key = await s.files.put(file.data, file.ext);
      const row = await s.db
        .transaction()
        .execute(async (trx) => {
          const inserted = await trx
            .insertInto('consultationAttachments')
            .values({
              consultationId: c.id,
              consortiumId: c.consortiumId,
              fileKey: key,
              name: file.name,
              contentType: file.type,
              size: file.data.length,
              uploadedBy: p.displayName,
            })
            .returning(['id', 'name', 'contentType', 'size', 'uploadedBy', 'createdAt'])
            .executeTakeFirstOrThrow();
          await recordAudit(trx, actor, {
            action: 'consultation.attachment_added',
            entityType: 'consultation',
            entityId: c.id,
            consortiumId: c.consortiumId,
            institutionId: p.institutionId,
            after: { name: file.name, size: file.data.length },
          });
          return inserted;
        })
        .catch(async (err: unknown) => {
          await s.files.remove(key);
          throw err;
        });
      return reply.code(201).send(row);
    },
  );

  r.get(
    '/api/v1/consultation-attachments/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams },
    },
    async (req, reply) => {
      const a = await s.db
        .selectFrom('consultationAttachments')
        .select(['consultationId', 'fileKey', 'name', 'contentType'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!a) throw notFound('attachment');
      await consultations.get(s, who(req).p, a.consultationId); // 404 when out of scope
      return reply
        .type(a.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(await s.files.get(a.fileKey));
    },
  );

  r.get(
    '/api/v1/consultation-figures',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Per kind: requests, completed, median turnaround minutes, average rating',
        querystring: z.object({ from: isoDate, to: isoDate }),
        response: { 200: z.array(consultationFigures) },
      },
    },
    async (req) => consultations.figures(s, who(req).p, req.query.from, req.query.to),
  );
}
