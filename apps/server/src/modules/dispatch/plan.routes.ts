import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dispatchPlan,
  idParams,
  planApplyBody,
  planApplyResult,
  planCompareQuery,
  planComparison,
  planCreate,
  planListQuery,
  planLockBody,
  planUpdate,
  planVersionDetail,
  planVersionParams,
  planVersionSummary,
  solveStarted,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import { apply } from './plan-apply.js';
import { compare } from './plan-compare.js';
import { startSolve, stopSolves, version, versions } from './plan-solve.js';
import * as plans from './plan.service.js';

// Rotation plans: CRUD, a background solve per version, locks, comparison and applying a
// version to a batch. Reading a plan needs dispatch.read; everything else dispatch.plan. Routes on
// one plan look it up in scope first (404), then check the permission (403).

const tags = ['dispatch'];

export async function planRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;
  app.addHook('preClose', async () => stopSolves(s));

  crudRoutes(app, {
    path: '/api/v1/dispatch/plans',
    tag: 'dispatch',
    item: dispatchPlan,
    create: planCreate,
    update: planUpdate,
    listQuery: planListQuery,
    access: {
      read: 'dispatch.read',
      create: 'dispatch.plan',
      update: 'dispatch.plan',
      remove: 'dispatch.plan',
    },
    service: plans,
  });

  r.post(
    '/api/v1/dispatch/plans/:id/solve',
    {
      config: { access: 'dispatch.plan', checkAfterLookup: true },
      schema: {
        tags,
        summary:
          'Start a solve in the background: a new version (202); poll the version or wait for the notification',
        params: idParams,
        response: { 202: solveStarted },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await plans.get(s, p, req.params.id);
      requireAccess(req);
      return reply.code(202).send(await startSolve(s, p, actor, req.params.id));
    },
  );

  r.get(
    '/api/v1/dispatch/plans/:id/versions',
    {
      config: { access: 'dispatch.read' },
      schema: { tags, params: idParams, response: { 200: z.array(planVersionSummary) } },
    },
    async (req) => versions(s, who(req).p, req.params.id),
  );

  r.get(
    '/api/v1/dispatch/plans/:id/versions/:version',
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags,
        summary:
          'One solve: its input snapshot, progress and result (assignments, unmet demand with reasons)',
        params: planVersionParams,
        response: { 200: planVersionDetail },
      },
    },
    async (req) => version(s, who(req).p, req.params.id, req.params.version),
  );

  r.put(
    '/api/v1/dispatch/plans/:id/locks',
    {
      config: { access: 'dispatch.plan', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Lock or unlock an assignment (expert on a demand of a period) for the next solves',
        params: idParams,
        body: planLockBody,
        response: { 200: dispatchPlan },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await plans.get(s, p, req.params.id);
      requireAccess(req);
      return plans.setLock(s, p, actor, req.params.id, req.body);
    },
  );

  r.get(
    '/api/v1/dispatch/plans/:id/compare',
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags,
        summary: 'Assignments added, removed and moved from version a to version b',
        params: idParams,
        querystring: planCompareQuery,
        response: { 200: planComparison },
      },
    },
    async (req) => compare(s, who(req).p, req.params.id, req.query.a, req.query.b),
  );

  r.post(
    '/api/v1/dispatch/plans/:id/apply',
    {
      config: { access: 'dispatch.plan', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Create the postings of a version in a batch',
        params: idParams,
        body: planApplyBody,
        response: { 200: planApplyResult },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await plans.get(s, p, req.params.id);
      requireAccess(req);
      return apply(s, p, actor, req.params.id, req.body);
    },
  );
}
