import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ballotCast,
  ballotRecord,
  councilDocument,
  councilDocumentCreate,
  councilDocumentDetail,
  councilDocumentListQuery,
  councilDocumentUpdate,
  councilMember,
  councilMemberCreate,
  councilMemberListQuery,
  councilMemberUpdate,
  councilVoteRule,
  DOCUMENT_ACTIONS,
  DOCUMENT_FILE_MAX_BYTES,
  idParams,
  meetingRuleRef,
  meetingRulesQuery,
  pageOf,
  versionCreate,
  versionUpdate,
  voteRuleUpdate,
  voteRulesQuery,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { readUploadedFile } from '../../storage/upload.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as documents from './document.service.js';
import * as members from './member.service.js';
import * as rules from './vote-rules.service.js';
import * as votes from './vote.service.js';

const tags = ['council'];
const empty = z.object({}).strict();

export async function councilRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/council/members',
    tag: 'council',
    item: councilMember,
    create: councilMemberCreate,
    update: councilMemberUpdate,
    listQuery: councilMemberListQuery,
    access: {
      read: 'registry.read',
      create: 'council.manage',
      update: 'council.manage',
      remove: 'council.manage',
    },
    service: members,
  });

  r.get(
    '/api/v1/council/vote-rules',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'The quorum and majority each kind of document needs',
        querystring: voteRulesQuery,
        response: { 200: z.array(councilVoteRule) },
      },
    },
    async (req) => rules.list(s, who(req).p, req.query.consortiumId),
  );
  r.put(
    '/api/v1/council/vote-rules',
    {
      config: { access: 'council.manage' },
      schema: { tags, body: voteRuleUpdate, response: { 200: z.array(councilVoteRule) } },
    },
    async (req) => {
      const { p, actor } = who(req);
      return rules.update(s, p, actor, req.body);
    },
  );

  r.get(
    '/api/v1/council/meeting-rules',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Meeting rules (例会制度) in force',
        querystring: meetingRulesQuery,
        response: { 200: z.array(meetingRuleRef) },
      },
    },
    async (req) => documents.meetingRules(s, who(req).p, req.query.consortiumId),
  );

  r.get(
    '/api/v1/council/documents',
    {
      config: { access: 'registry.read' },
      schema: { tags, querystring: councilDocumentListQuery, response: { 200: pageOf(councilDocument) } },
    },
    async (req) => documents.list(s, who(req).p, req.query),
  );
  r.post(
    '/api/v1/council/documents',
    {
      config: { access: 'council.manage' },
      schema: {
        tags,
        summary: 'A document with its first draft version',
        body: councilDocumentCreate,
        response: { 201: councilDocumentDetail },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await documents.create(s, p, actor, req.body));
    },
  );
  r.get(
    '/api/v1/council/documents/:id',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'A document with its versions and votes',
        params: idParams,
        response: { 200: councilDocumentDetail },
      },
    },
    async (req) => documents.get(s, who(req).p, req.params.id),
  );
  r.patch(
    '/api/v1/council/documents/:id',
    {
      config: { access: 'council.manage', checkAfterLookup: true },
      schema: {
        tags,
        params: idParams,
        body: councilDocumentUpdate,
        response: { 200: councilDocumentDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await documents.get(s, p, req.params.id);
      requireAccess(req);
      return documents.update(s, p, actor, req.params.id, req.body);
    },
  );
  r.delete(
    '/api/v1/council/documents/:id',
    {
      config: { access: 'council.manage', checkAfterLookup: true },
      schema: { tags, params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await documents.get(s, p, req.params.id);
      requireAccess(req);
      await documents.remove(s, p, actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.post(
    '/api/v1/council/documents/:id/versions',
    {
      config: { access: 'council.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'A new draft version (409 while another is a draft or being voted on)',
        params: idParams,
        body: versionCreate,
        response: { 201: councilDocumentDetail },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await documents.get(s, p, req.params.id);
      requireAccess(req);
      return reply.code(201).send(await documents.addVersion(s, p, actor, req.params.id, req.body));
    },
  );

  r.patch(
    '/api/v1/council/versions/:id',
    {
      config: { access: 'council.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: "Change a draft's text (409 once put to the vote)",
        params: idParams,
        body: versionUpdate,
        response: { 200: councilDocumentDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await documents.getVersion(s, p, req.params.id);
      requireAccess(req);
      return documents.updateVersion(s, p, actor, req.params.id, req.body);
    },
  );
  r.put(
    '/api/v1/council/versions/:id/file',
    {
      config: { access: 'council.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Attach the file of a version (multipart field "file": PDF, PNG or JPEG)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: councilDocumentDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await documents.getVersion(s, p, req.params.id);
      requireAccess(req);
      const file = await readUploadedFile(req, DOCUMENT_FILE_MAX_BYTES / 1024 / 1024);
      return documents.attachFile(s, p, actor, req.params.id, file);
    },
  );
  r.get(
    '/api/v1/council/versions/:id/file',
    {
      config: { access: 'registry.read' },
      schema: { tags, summary: 'Download the file of a version', params: idParams },
    },
    async (req, reply) => {
      const f = await documents.readFile(s, who(req).p, req.params.id);
      return reply
        .type(f.type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.data);
    },
  );

  for (const action of DOCUMENT_ACTIONS) {
    r.post(
      `/api/v1/council/versions/:id/${action}`,
      {
        config: { access: 'council.manage', checkAfterLookup: true },
        schema: {
          tags,
          summary:
            action === 'open_vote'
              ? 'Put a draft to the vote'
              : 'Close the vote: in force when it passed, back to draft otherwise',
          params: idParams,
          body: empty.optional(),
          response: { 200: councilDocumentDetail },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        const v = await documents.getVersion(s, p, req.params.id);
        requireAccess(req);
        if (action === 'open_vote') await votes.openVote(s, p, actor, req.params.id);
        else await votes.closeVote(s, p, actor, req.params.id);
        return documents.get(s, p, v.documentId);
      },
    );
  }

  r.post(
    '/api/v1/council/versions/:id/ballot',
    {
      config: { access: 'council.vote', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Vote for, against or abstain (a council member in office; again to change the vote)',
        params: idParams,
        body: ballotCast,
        response: { 200: councilDocumentDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      const v = await documents.getVersion(s, p, req.params.id);
      requireAccess(req);
      await votes.cast(s, p, actor, req.params.id, req.body.choice);
      return documents.get(s, p, v.documentId);
    },
  );

  r.post(
    '/api/v1/council/versions/:id/ballots',
    {
      config: { access: 'council.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary:
          'The secretary records a ballot cast in the room for a voting seat (with the proxy who cast it, if any); again, with a reason, to correct it',
        params: idParams,
        body: ballotRecord,
        response: { 200: councilDocumentDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      const v = await documents.getVersion(s, p, req.params.id);
      requireAccess(req);
      await votes.recordBallot(s, p, actor, req.params.id, req.body);
      return documents.get(s, p, v.documentId);
    },
  );
}
