import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CHECKLIST_EVIDENCE_MAX_BYTES,
  checklistItemCreate,
  checklistItemUpdate,
  checklistTemplateApply,
  idParams,
  keyProject,
  keyProjectCreate,
  keyProjectDetail,
  keyProjectListQuery,
  keyProjectUpdate,
  milestoneCreate,
  milestoneUpdate,
  pageOf,
} from '@yilian/domain';
import type { Permission } from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { sendXlsx } from '../export/xlsx.js';
import { readUploadedFile } from '../../storage/upload.js';
import { who } from '../shared/route-context.js';
import * as checklist from './checklist.service.js';
import * as projects from './project.service.js';

const tags = ['goal'];
const detail = { 200: keyProjectDetail };

function sendFile(reply: FastifyReply, f: { name: string; type: string; data: Buffer }) {
  return reply
    .type(f.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(f.data);
}

export async function projectRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;
  // Routes on one record find it within scope first (404), then check the permission (403).
  const on = (access: Permission) => ({ access, checkAfterLookup: true });

  r.get(
    '/api/v1/key-projects',
    {
      config: { access: 'registry.read' },
      schema: { tags, querystring: keyProjectListQuery, response: { 200: pageOf(keyProject) } },
    },
    async (req) => projects.list(s, who(req).p, req.query),
  );
  r.post(
    '/api/v1/key-projects',
    {
      config: { access: 'goal.manage' },
      schema: { tags, body: keyProjectCreate, response: { 201: keyProjectDetail } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await projects.create(s, p, actor, req.body));
    },
  );
  r.get(
    '/api/v1/key-projects/:id',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'A key project with milestones and checklist',
        params: idParams,
        response: detail,
      },
    },
    async (req) => projects.detail(s, who(req).p, req.params.id),
  );
  r.patch(
    '/api/v1/key-projects/:id',
    {
      config: on('goal.manage'),
      schema: { tags, params: idParams, body: keyProjectUpdate, response: detail },
    },
    async (req) => {
      const { p, actor } = who(req);
      await projects.get(s, p, req.params.id);
      requireAccess(req);
      return projects.update(s, p, actor, req.params.id, req.body);
    },
  );
  r.delete(
    '/api/v1/key-projects/:id',
    { config: on('goal.manage'), schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      const { p, actor } = who(req);
      await projects.get(s, p, req.params.id);
      requireAccess(req);
      await projects.remove(s, p, actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/key-projects/:id/milestones',
    {
      config: on('goal.manage'),
      schema: { tags, params: idParams, body: milestoneCreate, response: { 201: keyProjectDetail } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await projects.get(s, p, req.params.id);
      requireAccess(req);
      return reply.code(201).send(await checklist.addMilestone(s, p, actor, req.params.id, req.body));
    },
  );
  r.patch(
    '/api/v1/milestones/:id',
    {
      config: on('goal.manage'),
      schema: {
        tags,
        summary: 'Change a milestone or mark it done (doneOn)',
        params: idParams,
        body: milestoneUpdate,
        response: detail,
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await checklist.findMilestone(s, p, req.params.id);
      requireAccess(req);
      return checklist.updateMilestone(s, p, actor, req.params.id, req.body);
    },
  );
  r.delete(
    '/api/v1/milestones/:id',
    { config: on('goal.manage'), schema: { tags, params: idParams, response: detail } },
    async (req) => {
      const { p, actor } = who(req);
      await checklist.findMilestone(s, p, req.params.id);
      requireAccess(req);
      return checklist.removeMilestone(s, p, actor, req.params.id);
    },
  );

  r.post(
    '/api/v1/key-projects/:id/checklist',
    {
      config: on('goal.manage'),
      schema: { tags, params: idParams, body: checklistItemCreate, response: { 201: keyProjectDetail } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await projects.get(s, p, req.params.id);
      requireAccess(req);
      return reply.code(201).send(await checklist.addItem(s, p, actor, req.params.id, req.body));
    },
  );
  r.post(
    '/api/v1/key-projects/:id/checklist/template',
    {
      config: on('goal.manage'),
      schema: {
        tags,
        summary: "Add a standard's items (e.g. the grade-3 hospital review standard) to the checklist",
        params: idParams,
        body: checklistTemplateApply,
        response: { 201: keyProjectDetail },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await projects.get(s, p, req.params.id);
      requireAccess(req);
      return reply
        .code(201)
        .send(await checklist.applyTemplate(s, p, actor, req.params.id, req.body.template));
    },
  );
  r.get(
    '/api/v1/key-projects/:id/checklist/export',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'The readiness checklist as xlsx: what an office prints to prepare a review',
        params: idParams,
        querystring: z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') }),
      },
    },
    async (req, reply) => {
      const p = await projects.detail(s, who(req).p, req.params.id);
      const en = req.query.lang === 'en';
      const h = en
        ? ['No.', 'Chapter', 'Standard', 'Item', 'Owner department', 'Owner', 'Done', 'Evidence']
        : ['序号', '章节', '标准条款', '事项', '责任科室', '责任人', '是否完成', '佐证材料'];
      return sendXlsx(
        reply,
        en ? 'checklist.xlsx' : `${p.title}-准备清单.xlsx`,
        en ? 'Checklist' : '准备清单',
        [
          { header: h[0]!, width: 6, value: (i) => i.position },
          { header: h[1]!, width: 30, value: (i) => i.chapter },
          { header: h[2]!, width: 14, value: (i) => i.standardRef },
          { header: h[3]!, width: 44, value: (i) => i.title },
          { header: h[4]!, width: 16, value: (i) => i.ownerDepartmentName },
          { header: h[5]!, width: 12, value: (i) => i.ownerUserName },
          { header: h[6]!, width: 10, value: (i) => (i.done ? (en ? 'Yes' : '是') : en ? 'No' : '否') },
          { header: h[7]!, width: 24, value: (i) => i.evidence?.name ?? null },
        ],
        p.checklist,
      );
    },
  );
  r.patch(
    '/api/v1/checklist-items/:id',
    {
      config: on('goal.progress'),
      schema: {
        tags,
        summary: 'Tick an item done (its owner) or change it (the office)',
        params: idParams,
        body: checklistItemUpdate,
        response: detail,
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await checklist.item(s, p, req.params.id);
      requireAccess(req);
      return checklist.updateItem(s, p, actor, req.params.id, req.body);
    },
  );
  r.delete(
    '/api/v1/checklist-items/:id',
    { config: on('goal.manage'), schema: { tags, params: idParams, response: detail } },
    async (req) => {
      const { p, actor } = who(req);
      await checklist.item(s, p, req.params.id);
      requireAccess(req);
      return checklist.removeItem(s, p, actor, req.params.id);
    },
  );
  r.put(
    '/api/v1/checklist-items/:id/evidence',
    {
      config: on('goal.progress'),
      schema: {
        tags,
        summary: 'Attach the evidence of an item (multipart field "file": PDF, PNG or JPEG)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: detail,
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await checklist.item(s, p, req.params.id);
      requireAccess(req);
      const file = await readUploadedFile(req, CHECKLIST_EVIDENCE_MAX_BYTES / 1024 / 1024);
      return checklist.attachEvidence(s, p, actor, req.params.id, file);
    },
  );
  r.get(
    '/api/v1/checklist-items/:id/evidence',
    {
      config: { access: 'registry.read' },
      schema: { tags, summary: 'Download the evidence of an item', params: idParams },
    },
    async (req, reply) => sendFile(reply, await checklist.readEvidence(s, who(req).p, req.params.id)),
  );
}
