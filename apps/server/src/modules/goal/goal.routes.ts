import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  enumLabel,
  goal,
  goalCreate,
  goalListQuery,
  goalTask,
  goalTaskCreate,
  goalTaskListQuery,
  goalTaskUpdate,
  goalUpdate,
  idParams,
  taskProgress,
  type GoalTask,
  type Lang,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { EXPORT_MAX_ROWS, sendXlsx, type XlsxColumn } from '../export/xlsx.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as goals from './goal.service.js';
import * as tasks from './task.service.js';

const tags = ['goal'];

function taskColumns(l: Lang): XlsxColumn<GoalTask & { n: number }>[] {
  const h =
    l === 'en'
      ? ['No.', 'Goal', 'Task', 'Owner', 'Due', 'Progress (%)', 'Status', 'Progress note']
      : ['序号', '目标', '任务', '责任主体', '完成时限', '进度(%)', '状态', '进展情况'];
  return [
    { header: h[0]!, width: 6, value: (r) => r.n },
    { header: h[1]!, width: 28, value: (r) => `${r.goalYear} ${r.goalTitle}` },
    { header: h[2]!, width: 36, value: (r) => r.title },
    {
      header: h[3]!,
      width: 26,
      value: (r) => (r.ownerInstitutionName ? `${r.ownerInstitutionName} ${r.ownerName}` : r.ownerName),
    },
    { header: h[4]!, width: 12, value: (r) => r.dueOn },
    { header: h[5]!, width: 10, value: (r) => r.progress },
    { header: h[6]!, width: 10, value: (r) => enumLabel(l, 'taskStatus', r.status) },
    { header: h[7]!, width: 40, value: (r) => r.progressNote },
  ];
}

export async function goalRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/goals',
    tag: 'goal',
    item: goal,
    create: goalCreate,
    update: goalUpdate,
    listQuery: goalListQuery,
    access: { read: 'registry.read', create: 'goal.manage', update: 'goal.manage', remove: 'goal.manage' },
    service: goals,
  });

  r.get(
    '/api/v1/goal-tasks/export',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Tasks as xlsx (same filters as the list): the table an office prints',
        querystring: goalTaskListQuery
          .omit({ page: true, pageSize: true })
          .extend({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') }),
      },
    },
    async (req, reply) => {
      const { lang, ...q } = req.query;
      const page = await tasks.list(s, who(req).p, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
      return sendXlsx(
        reply,
        lang === 'en' ? 'goal-tasks.xlsx' : '目标任务分解表.xlsx',
        lang === 'en' ? 'Tasks' : '目标任务',
        taskColumns(lang),
        page.items.map((t, i) => ({ ...t, n: i + 1 })),
      );
    },
  );

  crudRoutes(app, {
    path: '/api/v1/goal-tasks',
    tag: 'goal',
    item: goalTask,
    create: goalTaskCreate,
    update: goalTaskUpdate,
    listQuery: goalTaskListQuery,
    access: { read: 'registry.read', create: 'goal.manage', update: 'goal.manage', remove: 'goal.manage' },
    service: tasks,
  });

  r.post(
    '/api/v1/goal-tasks/:id/progress',
    {
      config: { access: 'goal.progress', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Report progress (0-100) with a note: the owner of the task or the office',
        params: idParams,
        body: taskProgress,
        response: { 200: goalTask },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await tasks.get(s, p, req.params.id);
      requireAccess(req);
      return tasks.report(s, p, actor, req.params.id, req.body);
    },
  );
}
