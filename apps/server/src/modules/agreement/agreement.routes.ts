import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AGREEMENT_DOCUMENT_MAX_BYTES,
  agreement,
  agreementCreate,
  agreementListQuery,
  agreementUpdate,
  idParams,
} from '@yilian/domain';
import { readUploadedFile } from '../../storage/upload.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { requireAccess } from '../../plugins/auth.js';
import { who } from '../shared/route-context.js';
import * as service from './agreement.service.js';

export async function agreementRoutes(app: FastifyInstance) {
  crudRoutes(app, {
    path: '/api/v1/agreements',
    tag: 'registry',
    item: agreement,
    create: agreementCreate,
    update: agreementUpdate,
    listQuery: agreementListQuery,
    access: {
      read: 'registry.read',
      create: 'consortium.manage',
      update: 'consortium.manage',
      remove: 'consortium.manage',
    },
    service,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.put(
    '/api/v1/agreements/:id/document',
    {
      config: { access: 'consortium.manage', checkAfterLookup: true },
      schema: {
        tags: ['registry'],
        summary: 'Attach the signed document (multipart field "file": PDF, PNG or JPEG, at most 20 MB)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: agreement },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await service.get(s, p, req.params.id);
      requireAccess(req);
      const file = await readUploadedFile(req, AGREEMENT_DOCUMENT_MAX_BYTES / 1024 / 1024);
      return service.attachDocument(s, p, actor, req.params.id, file);
    },
  );

  r.get(
    '/api/v1/agreements/:id/document',
    {
      config: { access: 'registry.read' },
      schema: { tags: ['registry'], summary: 'Download the signed document', params: idParams },
    },
    async (req, reply) => {
      const doc = await service.readDocument(s, who(req).p, req.params.id);
      return reply
        .type(doc.type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(doc.data);
    },
  );
}
