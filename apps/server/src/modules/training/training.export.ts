import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  enrolmentListQuery,
  enumLabel,
  trainingProgrammeListQuery,
  type EnrolmentListQuery,
  type Lang,
  type StaffTitle,
  type TrainingEnrolment,
  type TrainingProgramme,
  type TrainingProgrammeListQuery,
} from '@yilian/domain';
import { enrolmentStateLabel, trainingKindLabel, tr } from '../activity/labels.js';
import { EXPORT_MAX_ROWS, sendXlsx, type XlsxColumn } from '../export/xlsx.js';
import { who } from '../shared/route-context.js';
import * as enrolments from './enrolment.service.js';
import * as programmes from './programme.service.js';

// xlsx of the training lists, with the same filters as the lists: every page, in the chosen language.
const lang = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
const all = { page: 1, pageSize: EXPORT_MAX_ROWS };
const schema = (summary: string, querystring: z.ZodType) => ({
  tags: ['training'],
  summary,
  querystring,
  produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
});

function programmeColumns(l: Lang): XlsxColumn<TrainingProgramme>[] {
  return [
    { header: tr(l, '项目名称', 'Programme'), width: 30, value: (r) => r.name },
    { header: tr(l, '类别', 'Kind'), width: 12, value: (r) => trainingKindLabel(l, r.kind) },
    { header: tr(l, '承办单位', 'Provider'), width: 28, value: (r) => r.providerInstitutionName },
    { header: tr(l, '科室', 'Department'), width: 14, value: (r) => r.departmentName ?? r.specialty },
    { header: tr(l, '名额', 'Seats'), width: 8, value: (r) => r.seats },
    { header: tr(l, '已录取', 'Taken'), width: 8, value: (r) => r.seatsTaken },
    { header: tr(l, '时长（月）', 'Months'), width: 10, value: (r) => r.durationMonths },
    { header: tr(l, '开始日期', 'Starts'), width: 12, value: (r) => r.startDate },
    { header: tr(l, '结束日期', 'Ends'), width: 12, value: (r) => r.endDate },
  ];
}

function enrolmentColumns(l: Lang): XlsxColumn<TrainingEnrolment>[] {
  const yesNo = (v: boolean | null) => (v === null ? '' : v ? tr(l, '是', 'yes') : tr(l, '否', 'no'));
  return [
    { header: tr(l, '姓名', 'Name'), width: 12, value: (r) => r.staffName },
    {
      header: tr(l, '职称', 'Title'),
      width: 14,
      value: (r) => enumLabel(l, 'staffTitle', r.staffTitle as StaffTitle),
    },
    { header: tr(l, '单位', 'Institution'), width: 28, value: (r) => r.institutionName },
    { header: tr(l, '培训项目', 'Programme'), width: 30, value: (r) => r.programmeName },
    { header: tr(l, '类别', 'Kind'), width: 12, value: (r) => trainingKindLabel(l, r.programmeKind) },
    { header: tr(l, '状态', 'Status'), width: 10, value: (r) => enrolmentStateLabel(l, r.status) },
    { header: tr(l, '报名日期', 'Applied'), width: 12, value: (r) => r.appliedOn },
    { header: tr(l, '开始日期', 'Started'), width: 12, value: (r) => r.startedOn },
    { header: tr(l, '结业日期', 'Completed'), width: 12, value: (r) => r.completedOn },
    { header: tr(l, '返岗日期', 'Returned'), width: 12, value: (r) => r.returnedOn },
    {
      header: tr(l, '独立开展', 'Works independently'),
      width: 10,
      value: (r) => yesNo(r.worksIndependently),
    },
    { header: tr(l, '出勤次数', 'Sessions attended'), width: 10, value: (r) => r.sessionsAttended },
  ];
}

export async function trainingExportRoutes(app: FastifyInstance) {
  const s = app.services;
  app.get(
    '/api/v1/training-programmes/export',
    {
      config: { access: 'registry.read' },
      schema: schema(
        'Training programmes as xlsx (same filters as the list)',
        trainingProgrammeListQuery.omit({ page: true, pageSize: true }).extend(lang.shape),
      ),
    },
    async (req, reply) => {
      const q = req.query as TrainingProgrammeListQuery & { lang: Lang };
      const page = await programmes.list(s, who(req).p, { ...q, ...all });
      const l = q.lang;
      return sendXlsx(
        reply,
        tr(l, '培训项目.xlsx', 'training-programmes.xlsx'),
        tr(l, '培训项目', 'Programmes'),
        programmeColumns(l),
        page.items,
      );
    },
  );
  app.get(
    '/api/v1/training-enrolments/export',
    {
      config: { access: 'registry.read' },
      schema: schema(
        'Trainees as xlsx (same filters as the list)',
        enrolmentListQuery.omit({ page: true, pageSize: true }).extend(lang.shape),
      ),
    },
    async (req, reply) => {
      const q = req.query as EnrolmentListQuery & { lang: Lang };
      const page = await enrolments.list(s, who(req).p, { ...q, ...all });
      const l = q.lang;
      return sendXlsx(
        reply,
        tr(l, '学员名册.xlsx', 'trainees.xlsx'),
        tr(l, '学员', 'Trainees'),
        enrolmentColumns(l),
        page.items,
      );
    },
  );
}
