import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  batchCreate,
  batchListQuery,
  batchUpdate,
  demandCreate,
  demandListQuery,
  demandUpdate,
  departmentStaffing,
  dispatchBatch,
  dispatchDemand,
  dispatchPosting,
  dispatchProgramme,
  expertCreate,
  expertListQuery,
  expertProfile,
  expertUpdate,
  hostView,
  hostViewQuery,
  postingCreate,
  postingListQuery,
  postingUpdate,
  programmeCreate,
  programmeListQuery,
  programmeUpdate,
  staffingCreate,
  staffingListQuery,
  staffingUpdate,
} from '@yilian/domain';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as batches from './batch.service.js';
import * as demands from './demand.service.js';
import * as experts from './expert.service.js';
import * as postings from './posting.service.js';
import * as programmes from './programme.service.js';
import * as staffing from './staffing.service.js';
import { planRoutes } from './plan.routes.js';
import { dispatchExportRoutes } from './dispatch-export.routes.js';

// Expert dispatch (人员下沉): programmes, batches and their members, the host's view, demand, the
// expert pool and home staffing; plans in plan.routes.ts, xlsx in dispatch-export.routes.ts.

const tag = 'dispatch';
const manage = {
  read: 'dispatch.read',
  create: 'dispatch.manage',
  update: 'dispatch.manage',
  remove: 'dispatch.manage',
} as const;

export async function dispatchRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/dispatch/programmes',
    tag,
    item: dispatchProgramme,
    create: programmeCreate,
    update: programmeUpdate,
    listQuery: programmeListQuery,
    access: manage,
    service: programmes,
  });
  crudRoutes(app, {
    path: '/api/v1/dispatch/batches',
    tag,
    item: dispatchBatch,
    create: batchCreate,
    update: batchUpdate,
    listQuery: batchListQuery,
    access: manage,
    service: batches,
  });
  crudRoutes(app, {
    path: '/api/v1/dispatch/postings',
    tag,
    item: dispatchPosting,
    create: postingCreate,
    update: postingUpdate,
    listQuery: postingListQuery,
    access: manage,
    service: postings,
  });
  crudRoutes(app, {
    path: '/api/v1/dispatch/demands',
    tag,
    item: dispatchDemand,
    create: demandCreate,
    update: demandUpdate,
    listQuery: demandListQuery,
    access: {
      read: 'dispatch.read',
      create: 'dispatch.demand',
      update: 'dispatch.demand',
      remove: 'dispatch.demand',
    },
    service: demands,
  });
  crudRoutes(app, {
    path: '/api/v1/dispatch/experts',
    tag,
    item: expertProfile,
    create: expertCreate,
    update: expertUpdate,
    listQuery: expertListQuery,
    access: manage,
    service: experts,
  });
  crudRoutes(app, {
    path: '/api/v1/dispatch/department-staffing',
    tag,
    item: departmentStaffing,
    create: staffingCreate,
    update: staffingUpdate,
    listQuery: staffingListQuery,
    access: manage,
    service: staffing,
  });

  r.get(
    '/api/v1/dispatch/host-view',
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags: [tag],
        summary: 'Who is stationed at an institution now and who comes next (default: my institution)',
        querystring: hostViewQuery,
        response: { 200: hostView },
      },
    },
    async (req) => postings.hostView(s, who(req).p, req.query.institutionId),
  );

  await planRoutes(app);
  await dispatchExportRoutes(app);
}
