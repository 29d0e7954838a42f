import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParams,
  ledgerFigures,
  ledgerFiguresQuery,
  pageOf,
  PROBLEM_ACTIONS,
  problemActionBodies,
  problemCreate,
  problemDetail,
  problemEntryCreate,
  problemListQuery,
  ledgerProblem,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { sendXlsx } from '../export/xlsx.js';
import { who } from '../shared/route-context.js';
import { exportRows, figures, ledgerColumns } from './ledger-figures.js';
import { addEntry } from './ledger-entries.js';
import * as ledger from './ledger.service.js';

const tags = ['ledger'];

export async function ledgerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/problems',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'The problem ledger (问题清单台账) in scope, with search and filters',
        querystring: problemListQuery,
        response: { 200: pageOf(ledgerProblem) },
      },
    },
    async (req) => ledger.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/problems',
    {
      config: { access: 'ledger.raise' },
      schema: {
        tags,
        summary:
          'Raise a problem (from an inspection, a report or a member; a meeting raises through its own route)',
        body: problemCreate,
        response: { 201: problemDetail },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await ledger.create(s, p, actor, req.body));
    },
  );

  r.get(
    '/api/v1/problems/export',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary:
          'The ledger as xlsx: 序号, 问题, 类别, 责任部门, 整改措施, 完成时限, 进展情况, 状态 (the list filters apply)',
        querystring: problemListQuery.omit({ page: true, pageSize: true }).extend({
          lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
        }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const { lang, ...q } = req.query;
      const rows = await exportRows(s, who(req).p, q);
      return sendXlsx(
        reply,
        lang === 'en' ? 'problem-ledger.xlsx' : '问题清单台账.xlsx',
        lang === 'en' ? 'Problem ledger' : '问题清单台账',
        ledgerColumns(lang),
        rows,
      );
    },
  );

  r.get(
    '/api/v1/problem-figures',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Closure rate, overdue problems and average days to close by owner department',
        querystring: ledgerFiguresQuery,
        response: { 200: ledgerFigures },
      },
    },
    async (req) => figures(s, who(req).p, req.query),
  );

  r.get(
    '/api/v1/problems/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: problemDetail } },
    },
    async (req) => ledger.get(s, who(req).p, req.params.id),
  );

  for (const action of PROBLEM_ACTIONS) {
    r.post(
      `/api/v1/problems/:id/${action}`,
      {
        config: {
          access: action === 'assign' || action === 'close' ? 'ledger.manage' : 'ledger.raise',
          checkAfterLookup: true,
        },
        schema: {
          tags,
          params: idParams,
          body: problemActionBodies[action],
          response: { 200: problemDetail },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        await ledger.get(s, p, req.params.id);
        requireAccess(req);
        return ledger.act(s, p, actor, req.params.id, action, req.body as never);
      },
    );
  }

  for (const kind of ['progress', 'feedback'] as const) {
    r.post(
      `/api/v1/problems/:id/${kind}`,
      {
        config: { access: 'ledger.raise', checkAfterLookup: true },
        schema: {
          tags,
          summary:
            kind === 'progress'
              ? 'A progress entry: the measures taken so far'
              : 'Feedback to the person who raised the problem',
          params: idParams,
          body: problemEntryCreate,
          response: { 201: problemDetail },
        },
      },
      async (req, reply) => {
        const { p, actor } = who(req);
        await ledger.get(s, p, req.params.id);
        requireAccess(req);
        return reply.code(201).send(await addEntry(s, p, actor, req.params.id, kind, req.body.note));
      },
    );
  }
}
