import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  membership,
  membershipInvitation,
  membershipInvitationAnswer,
  membershipInvitationCreate,
  membershipInvitationListQuery,
  membershipLeave,
  pageOf,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { who } from '../shared/route-context.js';
import * as invitations from './invitation.service.js';
import * as memberships from './membership.service.js';
import { get as getConsortium } from './consortium.service.js';

// Joining and leaving: the consortium invites, the institution accepts or declines, and may leave.

const tags = ['registry'];

export async function invitationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/membership-invitations',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary:
          "Invitations to join a consortium: the office's own, or those addressed to one's institution",
        querystring: membershipInvitationListQuery,
        response: { 200: pageOf(membershipInvitation) },
      },
    },
    async (req) => invitations.list(s, who(req).p, req.query),
  );

  r.get(
    '/api/v1/membership-invitations/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: membershipInvitation } },
    },
    async (req) => invitations.get(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/consortia/:id/invitations',
    {
      config: { access: 'consortium.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Invite an institution (by id or code); it joins when its administrator accepts',
        params: idParams,
        body: membershipInvitationCreate,
        response: { 201: membershipInvitation },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await getConsortium(s, p, req.params.id);
      requireAccess(req);
      reply.code(201);
      return invitations.invite(s, p, actor, req.params.id, req.body);
    },
  );

  for (const [action, access, run] of [
    ['accept', 'institution.manage', invitations.accept],
    ['decline', 'institution.manage', invitations.decline],
    ['withdraw', 'consortium.manage', invitations.withdraw],
  ] as const) {
    r.post(
      `/api/v1/membership-invitations/:id/${action}`,
      {
        config: { access, checkAfterLookup: true },
        schema: {
          tags,
          params: idParams,
          body: membershipInvitationAnswer,
          response: { 200: membershipInvitation },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        await invitations.get(s, p, req.params.id);
        requireAccess(req);
        return run(s, p, actor, req.params.id, req.body);
      },
    );
  }

  r.post(
    '/api/v1/memberships/:id/leave',
    {
      config: { access: 'institution.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: "The institution leaves the consortium (its administrator's decision)",
        params: idParams,
        body: membershipLeave,
        response: { 200: membership },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await memberships.get(s, p, req.params.id);
      requireAccess(req);
      return memberships.leave(s, p, actor, req.params.id, req.body);
    },
  );
}
