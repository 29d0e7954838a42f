import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  consortium,
  consortiumCreate,
  consortiumListQuery,
  consortiumOverview,
  consortiumUpdate,
  idParams,
  membership,
  membershipCreate,
  membershipListQuery,
  membershipUpdate,
  pageOf,
} from '@yilian/domain';
import { crudRoutes } from '../shared/crud-routes.js';
import { requireAccess } from '../../plugins/auth.js';
import { who } from '../shared/route-context.js';
import * as consortia from './consortium.service.js';
import * as memberships from './membership.service.js';
import { invitationRoutes } from './invitation.routes.js';

const tags = ['registry'];

export async function consortiumRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/consortia',
    tag: 'registry',
    item: consortium,
    create: consortiumCreate,
    update: consortiumUpdate,
    listQuery: consortiumListQuery,
    access: {
      read: 'registry.read',
      create: 'consortium.create',
      update: 'consortium.manage',
      remove: 'consortium.create',
    },
    service: consortia,
  });

  r.get(
    '/api/v1/consortia/:id/overview',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Structure (lead, backbone, members, branches) and counts',
        params: idParams,
        response: { 200: consortiumOverview },
      },
    },
    async (req) => consortia.overview(s, who(req).p, req.params.id),
  );

  r.get(
    '/api/v1/consortia/:id/members',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        params: idParams,
        querystring: membershipListQuery,
        response: { 200: pageOf(membership) },
      },
    },
    async (req) => memberships.list(s, who(req).p, req.params.id, req.query),
  );

  r.post(
    '/api/v1/consortia/:id/members',
    {
      config: { access: 'consortium.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Add a member directly (platform admin only; an office invites instead)',
        params: idParams,
        body: membershipCreate,
        response: { 201: membership },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await consortia.get(s, p, req.params.id);
      requireAccess(req);
      reply.code(201);
      return memberships.add(s, p, actor, req.params.id, req.body);
    },
  );

  r.patch(
    '/api/v1/memberships/:id',
    {
      config: { access: 'consortium.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Change role or dates; set leftOn when an institution leaves',
        params: idParams,
        body: membershipUpdate,
        response: { 200: membership },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await memberships.get(s, p, req.params.id);
      requireAccess(req);
      return memberships.update(s, p, actor, req.params.id, req.body);
    },
  );

  await invitationRoutes(app);

  r.delete(
    '/api/v1/memberships/:id',
    {
      config: { access: 'consortium.manage', checkAfterLookup: true },
      schema: { tags, params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await memberships.get(s, p, req.params.id);
      requireAccess(req);
      await memberships.remove(s, p, actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
