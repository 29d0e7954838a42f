import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  activityCreate,
  activityListQuery,
  activitySummaryQuery,
  activitySummaryRow,
  activityUpdate,
  expertActivity,
  myPosting,
  type ActivityListQuery,
  type ActivitySummaryQuery,
  type ExpertActivity,
  type Lang,
} from '@yilian/domain';
import { EXPORT_MAX_ROWS, sendXlsx, type XlsxColumn } from '../export/xlsx.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import { summarise } from './activity.repository.js';
import * as activities from './activity.service.js';
import { activityKindLabel, tr } from './labels.js';

const tags = ['activity'];
const lang = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
const xlsxSchema = (summary: string, querystring: z.ZodType) => ({
  tags,
  summary,
  querystring,
  produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
});

function entryColumns(l: Lang): XlsxColumn<ExpertActivity>[] {
  return [
    { header: tr(l, '日期', 'Date'), width: 12, value: (r) => r.activityDate },
    { header: tr(l, '专家', 'Expert'), width: 12, value: (r) => r.staffName },
    { header: tr(l, '驻点单位', 'Host site'), width: 28, value: (r) => r.hostInstitutionName },
    { header: tr(l, '批次', 'Batch'), width: 20, value: (r) => r.batchName },
    { header: tr(l, '工作类别', 'Kind'), width: 24, value: (r) => activityKindLabel(l, r.kind) },
    { header: tr(l, '数量', 'Count'), width: 8, value: (r) => r.count },
    { header: tr(l, '术式/主题', 'Procedure / topic'), width: 24, value: (r) => r.procedureName ?? r.topic },
    { header: tr(l, '备注', 'Note'), width: 30, value: (r) => r.note },
  ];
}

export async function activityRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/activities/my-postings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "The signed-in expert's postings (the activity form's default is the current one)",
        response: { 200: z.array(myPosting) },
      },
    },
    async (req) => activities.myPostings(s, who(req).p),
  );

  r.get(
    '/api/v1/activities/summary',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Sessions and people counted per kind, by expert, site, batch, month or quarter',
        querystring: activitySummaryQuery,
        response: { 200: z.array(activitySummaryRow) },
      },
    },
    async (req) => {
      const { p } = who(req);
      return summarise(s.db, p, req.query.by, req.query, p.userId);
    },
  );

  r.get(
    '/api/v1/activities/summary/export',
    {
      config: { access: 'registry.read' },
      schema: xlsxSchema('The activity summary as xlsx', activitySummaryQuery.extend(lang.shape)),
    },
    async (req, reply) => {
      const { p } = who(req);
      const q = req.query as ActivitySummaryQuery & { lang: Lang };
      const l = q.lang;
      const rows = await summarise(s.db, p, q.by, q, p.userId);
      const head = { expert: ['专家', 'Expert'], site: ['驻点单位', 'Host site'], batch: ['批次', 'Batch'] };
      const first = q.by in head ? head[q.by as keyof typeof head] : ['期间', 'Period'];
      return sendXlsx(
        reply,
        tr(l, '专家工作量汇总.xlsx', 'activity-summary.xlsx'),
        tr(l, '汇总', 'Summary'),
        [
          { header: tr(l, first[0]!, first[1]!), width: 28, value: (x) => x.label },
          { header: tr(l, '记录数', 'Entries'), width: 10, value: (x) => x.entries },
          ...ACTIVITY_KINDS.map((k) => ({
            header: activityKindLabel(l, k),
            width: 16,
            value: (x: (typeof rows)[number]) => x.totals[k],
          })),
        ],
        rows,
      );
    },
  );

  r.get(
    '/api/v1/activities/export',
    {
      config: { access: 'registry.read' },
      schema: xlsxSchema(
        'Activity entries as xlsx (same filters as the list)',
        activityListQuery.omit({ page: true, pageSize: true }).extend(lang.shape),
      ),
    },
    async (req, reply) => {
      const q = req.query as ActivityListQuery & { lang: Lang };
      const page = await activities.list(s, who(req).p, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
      return sendXlsx(
        reply,
        tr(q.lang, '专家工作记录.xlsx', 'activities.xlsx'),
        tr(q.lang, '工作记录', 'Activities'),
        entryColumns(q.lang),
        page.items,
      );
    },
  );

  crudRoutes(app, {
    path: '/api/v1/activities',
    tag: 'activity',
    item: expertActivity,
    create: activityCreate,
    update: activityUpdate,
    listQuery: activityListQuery,
    access: {
      read: 'registry.read',
      create: 'activity.record',
      update: 'activity.record',
      remove: 'activity.record',
    },
    service: activities,
  });
}
