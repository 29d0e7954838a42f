import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enumLabel, idParams, type DispatchPosting, type Lang, type PlanExpert } from '@yilian/domain';
import { conflict } from '../../errors.js';
import { sendXlsx, type XlsxColumn } from '../export/xlsx.js';
import { who } from '../shared/route-context.js';
import * as batches from './batch.service.js';
import * as plans from './plan.service.js';
import * as postings from './posting.service.js';
import { version as getVersion } from './plan-solve.js';

// What an office prints: a batch's roster (花名册) and a plan's grid of experts by period.

const lang = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
const XLSX = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const zhEn = (l: Lang, zh: string, en: string) => (l === 'en' ? en : zh);

function rosterColumns(l: Lang): XlsxColumn<DispatchPosting>[] {
  return [
    { header: zhEn(l, '姓名', 'Name'), width: 12, value: (r) => r.staffName },
    { header: zhEn(l, '职称', 'Title'), width: 14, value: (r) => enumLabel(l, 'staffTitle', r.staffTitle) },
    { header: zhEn(l, '科室', 'Department'), width: 16, value: (r) => r.departmentName },
    { header: zhEn(l, '派出单位', 'Sent by'), width: 26, value: (r) => r.sendingInstitutionName },
    { header: zhEn(l, '驻点单位', 'Stationed at'), width: 26, value: (r) => r.hostInstitutionName },
    { header: zhEn(l, '类别', 'Role'), width: 10, value: (r) => enumLabel(l, 'dispatchRole', r.role) },
    { header: zhEn(l, '挂职职务', 'Position at host'), width: 16, value: (r) => r.hostPosition },
    { header: zhEn(l, '开始', 'From'), width: 12, value: (r) => r.startDate },
    { header: zhEn(l, '结束', 'To'), width: 12, value: (r) => r.endDate },
    { header: zhEn(l, '领队', 'Leader'), width: 8, value: (r) => (r.isLeader ? zhEn(l, '是', 'yes') : '') },
  ];
}

export async function dispatchExportRoutes(app: FastifyInstance) {
  const s = app.services;

  app.get(
    '/api/v1/dispatch/batches/:id/roster',
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags: ['exports'],
        summary: 'A batch roster as xlsx',
        params: idParams,
        querystring: lang,
        produces: XLSX,
      },
    },
    async (req, reply) => {
      const { p } = who(req);
      const { id } = req.params as { id: string };
      const { lang: l } = req.query as { lang: Lang };
      const b = await batches.get(s, p, id);
      const page = await postings.list(s, p, { batchId: id, page: 1, pageSize: 10_000 });
      return sendXlsx(reply, `${b.name}.xlsx`, zhEn(l, '花名册', 'Roster'), rosterColumns(l), page.items);
    },
  );

  app.get(
    '/api/v1/dispatch/plans/:id/export',
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags: ['exports'],
        summary: 'A plan version as xlsx: experts by period, the site of each assignment',
        params: idParams,
        querystring: lang.extend({ version: z.coerce.number().int().min(1).max(100000).optional() }),
        produces: XLSX,
      },
    },
    async (req, reply) => {
      const { p } = who(req);
      const { id } = req.params as { id: string };
      const q = req.query as { lang: Lang; version?: number };
      const plan = await plans.get(s, p, id);
      const v = await getVersion(s, p, id, q.version ?? plan.currentVersion);
      if (!v.result) throw conflict('this version has not finished solving');
      const sites = new Map(v.input.sites.map((x) => [x.id, x.name]));
      const cell = new Map(v.result.assignments.map((a) => [`${a.expertId}|${a.periodIndex}`, a]));
      const locked = zhEn(q.lang, '（锁定）', ' (locked)');
      const columns: XlsxColumn<PlanExpert>[] = [
        { header: zhEn(q.lang, '专家', 'Expert'), width: 12, value: (e) => e.name },
        { header: zhEn(q.lang, '专业', 'Specialty'), width: 12, value: (e) => e.specialty },
        ...v.input.periods.map((per) => ({
          header: `${per.start}~${per.end}`,
          width: 18,
          value: (e: PlanExpert) => {
            const a = cell.get(`${e.id}|${per.index}`);
            return a ? `${sites.get(a.siteId) ?? a.siteId}${a.locked ? locked : ''}` : '';
          },
        })),
      ];
      return sendXlsx(
        reply,
        `${plan.name}-v${v.version}.xlsx`,
        zhEn(q.lang, '排班', 'Plan'),
        columns,
        v.input.experts,
      );
    },
  );
}
