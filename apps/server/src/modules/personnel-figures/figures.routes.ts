import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  personnelFiguresQuery,
  personnelFiguresRow,
  type Lang,
  type PersonnelFiguresQuery,
  type PersonnelFiguresRow,
} from '@yilian/domain';
import { activityKindLabel, tr } from '../activity/labels.js';
import { sendXlsx, type XlsxColumn } from '../export/xlsx.js';
import { who } from '../shared/route-context.js';
import { figures } from './figures.service.js';

const tags = ['personnel-figures'];
const lang = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

function columns(l: Lang): XlsxColumn<PersonnelFiguresRow>[] {
  const share = (r: PersonnelFiguresRow) =>
    r.independentShare === null ? null : `${(r.independentShare * 100).toFixed(1)}%`;
  return [
    { header: tr(l, '驻点单位', 'Host site'), width: 28, value: (r) => r.institutionName },
    { header: tr(l, '派驻医师人日', 'Physician-days'), width: 14, value: (r) => r.physicianDays },
    {
      header: tr(l, '中级及以上职称医师长期派驻（≥6个月）', 'Mid-level+ physicians ≥ 6 months'),
      width: 22,
      value: (r) => r.longTermMidLevelPhysicians,
    },
    {
      header: tr(l, '中级及以上护理/医技人员长期派驻', 'Mid-level+ nurses/technicians ≥ 6 months'),
      width: 22,
      value: (r) => r.longTermMidLevelOtherProfessionals,
    },
    ...ACTIVITY_KINDS.map((k) => ({
      header: activityKindLabel(l, k),
      width: 14,
      value: (r: PersonnelFiguresRow) => r.activities[k] ?? 0,
    })),
    { header: tr(l, '录取学员', 'Trainees accepted'), width: 10, value: (r) => r.traineesEnrolled },
    { header: tr(l, '结业学员', 'Trainees completed'), width: 10, value: (r) => r.traineesCompleted },
    { header: tr(l, '返岗学员', 'Returned to post'), width: 10, value: (r) => r.traineesReturned },
    {
      header: tr(l, '返岗独立开展', 'Working independently'),
      width: 12,
      value: (r) => r.returnedIndependent,
    },
    { header: tr(l, '独立开展占比', 'Share independent'), width: 12, value: share },
  ];
}

export async function personnelFiguresRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/personnel-figures',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary:
          'Per host site and year: stationed physician-days, long-term mid-level physicians, activities, trainees and returns',
        querystring: personnelFiguresQuery,
        response: { 200: z.array(personnelFiguresRow) },
      },
    },
    async (req) => figures(s, who(req).p, req.query),
  );

  r.get(
    '/api/v1/personnel-figures/export',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'The personnel figures as xlsx',
        querystring: personnelFiguresQuery.extend(lang.shape),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const q = req.query as PersonnelFiguresQuery & { lang: Lang };
      const rows = await figures(s, who(req).p, q);
      return sendXlsx(
        reply,
        tr(q.lang, `人员流动考核指标-${q.year}.xlsx`, `personnel-figures-${q.year}.xlsx`),
        String(q.year),
        columns(q.lang),
        rows,
      );
    },
  );
}
