import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  enumLabel,
  institutionListQuery,
  membershipListQuery,
  staffListQuery,
  idParams,
  type Institution,
  type Lang,
  type Membership,
  type Staff,
} from '@yilian/domain';
import { regionName } from '../region/regions.js';
import * as institutions from '../institution/institution.service.js';
import * as memberships from '../consortium/membership.service.js';
import * as consortia from '../consortium/consortium.service.js';
import * as staff from '../staff/staff.service.js';
import { who } from '../shared/route-context.js';
import { EXPORT_MAX_ROWS, sendXlsx, type XlsxColumn } from './xlsx.js';

// xlsx exports of the registry lists an office prints: the same filters as the list, every page.
const lang = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
const all = { page: 1, pageSize: EXPORT_MAX_ROWS };
const headers = (l: Lang, zh: string[], en: string[]) => (l === 'en' ? en : zh);

function institutionColumns(l: Lang): XlsxColumn<Institution>[] {
  const h = headers(
    l,
    ['编码', '机构名称', '类别', '等级', '所在地区', '地址'],
    ['Code', 'Institution', 'Kind', 'Grade', 'Region', 'Address'],
  );
  return [
    { header: h[0]!, width: 12, value: (r) => r.code },
    { header: h[1]!, width: 32, value: (r) => r.name },
    { header: h[2]!, width: 16, value: (r) => enumLabel(l, 'institutionKind', r.kind) },
    {
      header: h[3]!,
      width: 12,
      value: (r) =>
        `${enumLabel(l, 'institutionLevel', r.level)} ${enumLabel(l, 'institutionGrade', r.grade)}`,
    },
    { header: h[4]!, width: 24, value: (r) => r.regionName },
    { header: h[5]!, width: 30, value: (r) => r.address },
  ];
}

function staffColumns(l: Lang): XlsxColumn<Staff>[] {
  const h = headers(
    l,
    ['姓名', '性别', '职称', '专业', '科室', '机构', '电话'],
    ['Name', 'Sex', 'Title', 'Specialty', 'Department', 'Institution', 'Phone'],
  );
  return [
    { header: h[0]!, width: 12, value: (r) => r.name },
    { header: h[1]!, width: 6, value: (r) => enumLabel(l, 'sex', r.sex) },
    { header: h[2]!, width: 14, value: (r) => enumLabel(l, 'staffTitle', r.title) },
    { header: h[3]!, width: 14, value: (r) => r.specialty },
    { header: h[4]!, width: 16, value: (r) => r.departmentName },
    { header: h[5]!, width: 28, value: (r) => r.institutionName },
    { header: h[6]!, width: 14, value: (r) => r.phone },
  ];
}

function memberColumns(l: Lang): XlsxColumn<Membership>[] {
  const h = headers(
    l,
    ['机构名称', '角色', '类别', '等级', '所在地区', '加入日期', '退出日期'],
    ['Institution', 'Role', 'Kind', 'Grade', 'Region', 'Joined', 'Left'],
  );
  return [
    { header: h[0]!, width: 32, value: (r) => r.institutionName },
    { header: h[1]!, width: 12, value: (r) => enumLabel(l, 'memberRole', r.role) },
    { header: h[2]!, width: 16, value: (r) => enumLabel(l, 'institutionKind', r.institutionKind) },
    {
      header: h[3]!,
      width: 12,
      value: (r) =>
        `${enumLabel(l, 'institutionLevel', r.institutionLevel)} ${enumLabel(l, 'institutionGrade', r.institutionGrade)}`,
    },
    { header: h[4]!, width: 24, value: (r) => regionName(r.regionCode) },
    { header: h[5]!, width: 12, value: (r) => r.joinedOn },
    { header: h[6]!, width: 12, value: (r) => r.leftOn },
  ];
}

export async function exportRoutes(app: FastifyInstance) {
  const s = app.services;
  const schema = (summary: string, querystring: z.ZodType) => ({
    tags: ['exports'],
    summary,
    querystring,
    produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  });

  app.get(
    '/api/v1/institutions/export',
    {
      config: { access: 'registry.read' },
      schema: schema(
        'Institutions as xlsx (same filters as the list)',
        institutionListQuery.omit({ page: true, pageSize: true }).extend(lang.shape),
      ),
    },
    async (req, reply) => {
      const q = req.query as z.infer<typeof institutionListQuery> & { lang: Lang };
      const page = await institutions.list(s, who(req).p, { ...q, ...all });
      return sendXlsx(
        reply,
        q.lang === 'en' ? 'institutions.xlsx' : '机构名录.xlsx',
        q.lang === 'en' ? 'Institutions' : '机构',
        institutionColumns(q.lang),
        page.items,
      );
    },
  );

  app.get(
    '/api/v1/staff/export',
    {
      config: { access: 'registry.read' },
      schema: schema(
        'Staff roster as xlsx, phones masked (same filters as the list)',
        staffListQuery.omit({ page: true, pageSize: true }).extend(lang.shape),
      ),
    },
    async (req, reply) => {
      const q = req.query as z.infer<typeof staffListQuery> & { lang: Lang };
      const page = await staff.list(s, who(req).p, { ...q, ...all });
      return sendXlsx(
        reply,
        q.lang === 'en' ? 'staff.xlsx' : '人员名册.xlsx',
        q.lang === 'en' ? 'Staff' : '人员',
        staffColumns(q.lang),
        page.items,
      );
    },
  );

  app.get(
    '/api/v1/consortia/:id/members/export',
    {
      config: { access: 'registry.read' },
      schema: {
        ...schema(
          'Member institutions of a consortium as xlsx',
          membershipListQuery.omit({ page: true, pageSize: true }).extend(lang.shape),
        ),
        params: idParams,
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const q = req.query as z.infer<typeof membershipListQuery> & { lang: Lang };
      const p = who(req).p;
      const consortium = await consortia.get(s, p, id);
      const page = await memberships.list(s, p, id, { ...q, ...all });
      return sendXlsx(
        reply,
        `${consortium.name}-${q.lang === 'en' ? 'members' : '成员单位'}.xlsx`,
        q.lang === 'en' ? 'Members' : '成员单位',
        memberColumns(q.lang),
        page.items,
      );
    },
  );
}
