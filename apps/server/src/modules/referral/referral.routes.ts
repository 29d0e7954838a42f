import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  capacityCreate,
  capacityListQuery,
  capacitySlot,
  capacityUpdate,
  deadlineRules,
  discrepancyResolution,
  followUpTask,
  icd10Entry,
  idParams,
  pageOf,
  pageQuery,
  referral,
  referralActionBodies,
  referralCreate,
  referralEvent,
  referralListQuery,
  REFERRAL_ACTIONS,
  type ReferralAction,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as capacity from './capacity.service.js';
import { searchIcd10 } from './icd10-common.js';
import { runAction, type ActionBody } from './referral.actions.js';
import * as referrals from './referral.service.js';
import * as rules from './referral-rules.service.js';
import * as followUps from './follow-up.service.js';
import * as attachments from './attachment.service.js';
import { resolveDiscrepancy } from './discrepancy.service.js';
import { readUploadedFile } from '../../storage/upload.js';
import { figures, referralFigures, referralFiguresQuery } from './referral-figures.js';

const tags = ['referral'];

export async function referralRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/referrals',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary: 'Referrals in scope: inbox (to my institution), outbox (from it) or all',
        querystring: referralListQuery,
        response: { 200: pageOf(referral) },
      },
    },
    async (req) => referrals.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/referrals',
    {
      config: { access: 'referral.create' },
      schema: {
        tags,
        summary: 'Write a referral (a draft, or sent at once with submit: true)',
        body: referralCreate,
        response: { 201: referral },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      const created = await referrals.create(s, p, actor, req.body);
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/referrals/:id',
    {
      config: { access: 'referral.read' },
      schema: { tags, params: idParams, response: { 200: referral } },
    },
    async (req) => referrals.get(s, who(req).p, req.params.id),
  );

  r.get(
    '/api/v1/referrals/:id/events',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary: "The referral's timeline",
        params: idParams,
        response: { 200: z.array(referralEvent) },
      },
    },
    async (req) => referrals.events(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/referrals/:id/reveal',
    {
      config: { access: ['referral.create', 'referral.handle'] }, // the sending or receiving staff
      schema: {
        tags,
        summary: 'Full identity, phone and insurance numbers, for the sending and receiving staff; audited',
        params: idParams,
        response: {
          200: z.object({
            idNumber: z.string(),
            phone: z.string().nullable(),
            insuranceNo: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return referrals.revealIdentity(s, p, actor, req.params.id);
    },
  );

  r.post(
    '/api/v1/referrals/:id/patient-discrepancy',
    {
      config: { access: 'referral.handle', checkAfterLookup: true },
      schema: {
        tags,
        summary:
          'The receiving staff confirm (the values sent are right) or reject (the register stands) an imported identity that differed from the registered patient; audited. The patient is not changed: a correction is PATCH /patients/{id}. 409 once settled',
        params: idParams,
        body: discrepancyResolution,
        response: { 200: referral },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await referrals.getRecord(s, p, req.params.id);
      requireAccess(req);
      return resolveDiscrepancy(s, p, actor, req.params.id, req.body);
    },
  );

  for (const action of REFERRAL_ACTIONS.filter((a): a is Exclude<ReferralAction, 'fail'> => a !== 'fail')) {
    r.post(
      `/api/v1/referrals/:id/${action}`,
      {
        config: {
          access: action === 'submit' || action === 'cancel' ? 'referral.create' : 'referral.handle',
          checkAfterLookup: true,
        },
        schema: {
          tags,
          summary: `${action} (409 when the referral's state does not allow it)`,
          params: idParams,
          body: referralActionBodies[action],
          response: { 200: referral },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        await referrals.getRecord(s, p, req.params.id);
        requireAccess(req);
        return runAction(s, p, actor, req.params.id, action, req.body as ActionBody<typeof action>);
      },
    );
  }

  crudRoutes(app, {
    path: '/api/v1/capacity',
    tag: 'referral',
    item: capacitySlot,
    create: capacityCreate,
    update: capacityUpdate,
    listQuery: capacityListQuery,
    access: {
      read: 'referral.read',
      create: 'capacity.manage',
      update: 'capacity.manage',
      remove: 'capacity.manage',
    },
    service: capacity,
  });

  r.get(
    '/api/v1/consortia/:id/referral-rules',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary: "The consortium's referral deadlines",
        params: idParams,
        response: { 200: deadlineRules },
      },
    },
    async (req) => rules.get(s, who(req).p, req.params.id),
  );

  r.put(
    '/api/v1/consortia/:id/referral-rules',
    {
      config: { access: 'consortium.manage', checkAfterLookup: true },
      schema: { tags, params: idParams, body: deadlineRules, response: { 200: deadlineRules } },
    },
    async (req) => {
      const { p, actor } = who(req);
      await rules.get(s, p, req.params.id);
      requireAccess(req);
      return rules.put(s, p, actor, req.params.id, req.body);
    },
  );

  r.get(
    '/api/v1/follow-ups',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary: 'Follow-up tasks after down-referrals, at my institution',
        querystring: pageQuery.extend({ done: z.enum(['true', 'false']).optional() }),
        response: { 200: pageOf(followUpTask) },
      },
    },
    async (req) => followUps.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/follow-ups/:id/complete',
    {
      config: { access: 'referral.handle', checkAfterLookup: true },
      schema: {
        tags,
        params: idParams,
        body: z.object({ note: z.string().trim().max(2000).optional() }),
        response: { 200: followUpTask },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await followUps.get(s, p, req.params.id);
      requireAccess(req);
      return followUps.complete(s, p, actor, req.params.id, req.body.note ?? null);
    },
  );

  r.get(
    '/api/v1/referrals/:id/attachments',
    {
      config: { access: 'referral.read' },
      schema: { tags, params: idParams, response: { 200: z.array(attachments.attachment) } },
    },
    async (req) => attachments.list(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/referrals/:id/attachments',
    {
      config: { access: ['referral.create', 'referral.handle'] }, // the sending or receiving staff
      schema: {
        tags,
        summary: `Attach a report or image (multipart field "file": PDF, PNG or JPEG, at most ${attachments.REFERRAL_ATTACHMENT_MAX_MB} MB)`,
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: attachments.attachment },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await referrals.getRecord(s, p, req.params.id);
      const file = await readUploadedFile(req, attachments.REFERRAL_ATTACHMENT_MAX_MB);
      return reply.code(201).send(await attachments.add(s, p, actor, req.params.id, file));
    },
  );

  r.get(
    '/api/v1/referral-attachments/:id',
    {
      config: { access: 'referral.read' },
      schema: { tags, summary: 'Download an attachment', params: idParams },
    },
    async (req, reply) => {
      const file = await attachments.read(s, who(req).p, req.params.id);
      return reply
        .type(file.type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    },
  );

  r.get(
    '/api/v1/referral-figures',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary:
          'Per institution and period: up/down counts, acceptance rate, median minutes to accept, green-channel compliance, receipt share',
        querystring: referralFiguresQuery,
        response: { 200: z.array(referralFigures) },
      },
    },
    async (req) => figures(s, who(req).p, req.query),
  );

  r.get(
    '/api/v1/icd10',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Common ICD-10 diagnoses with Chinese names',
        querystring: z.object({ q: z.string().trim().max(40).optional() }),
        response: { 200: z.array(icd10Entry) },
      },
    },
    async (req) => searchIcd10(req.query.q),
  );
}
