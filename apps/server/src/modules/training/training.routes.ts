import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ENROLMENT_ACTIONS,
  attendanceRow,
  attendanceUpdate,
  enrolmentActionBodies,
  enrolmentCreate,
  enrolmentListQuery,
  idParams,
  pageOf,
  trainingEnrolment,
  trainingProgramme,
  trainingProgrammeCreate,
  trainingProgrammeListQuery,
  trainingProgrammeUpdate,
  trainingSession,
  trainingSessionCreate,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as enrolments from './enrolment.service.js';
import * as programmes from './programme.service.js';
import * as sessions from './session.service.js';
import { trainingExportRoutes } from './training.export.js';

const tags = ['training'];

export async function trainingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  await trainingExportRoutes(app);

  crudRoutes(app, {
    path: '/api/v1/training-programmes',
    tag: 'training',
    item: trainingProgramme,
    create: trainingProgrammeCreate,
    update: trainingProgrammeUpdate,
    listQuery: trainingProgrammeListQuery,
    access: {
      read: 'registry.read',
      create: 'training.manage',
      update: 'training.manage',
      remove: 'training.manage',
    },
    service: programmes,
  });

  r.get(
    '/api/v1/training-programmes/:id/sessions',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: z.array(trainingSession) } },
    },
    async (req) => sessions.list(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/training-programmes/:id/sessions',
    {
      config: { access: 'training.manage', checkAfterLookup: true },
      schema: { tags, params: idParams, body: trainingSessionCreate, response: { 201: trainingSession } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      await programmes.get(s, p, req.params.id);
      requireAccess(req);
      return reply.code(201).send(await sessions.create(s, p, actor, req.params.id, req.body));
    },
  );

  r.get(
    '/api/v1/training-sessions/:id/attendance',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: z.array(attendanceRow) } },
    },
    async (req) => sessions.attendance(s, who(req).p, req.params.id),
  );

  r.put(
    '/api/v1/training-sessions/:id/attendance',
    {
      config: { access: 'training.manage', checkAfterLookup: true },
      schema: {
        tags,
        summary: 'Mark who attended a session (accepted trainees of the programme only)',
        params: idParams,
        body: attendanceUpdate,
        response: { 200: z.array(attendanceRow) },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await sessions.attendance(s, p, req.params.id);
      requireAccess(req);
      return sessions.record(s, p, actor, req.params.id, req.body);
    },
  );

  r.get(
    '/api/v1/training-enrolments',
    {
      config: { access: 'registry.read' },
      schema: { tags, querystring: enrolmentListQuery, response: { 200: pageOf(trainingEnrolment) } },
    },
    async (req) => enrolments.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/training-enrolments',
    {
      config: { access: 'training.enrol' },
      schema: {
        tags,
        summary: 'Apply for a place for a staff member of a member institution',
        body: enrolmentCreate,
        response: { 201: trainingEnrolment },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await enrolments.create(s, p, actor, req.body));
    },
  );

  r.get(
    '/api/v1/training-enrolments/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: trainingEnrolment } },
    },
    async (req) => enrolments.get(s, who(req).p, req.params.id),
  );

  for (const action of ENROLMENT_ACTIONS) {
    const senderAction = action === 'withdraw' || action === 'return_to_post';
    r.post(
      `/api/v1/training-enrolments/:id/${action}`,
      {
        // The provider's decisions need training.manage, the home institution's training.enrol;
        // withdraw is open to both sides (either permission), and the service decides with the
        // transition table which side the user stands on.
        config: {
          access:
            action === 'withdraw'
              ? (['training.enrol', 'training.manage'] as const)
              : senderAction
                ? 'training.enrol'
                : 'training.manage',
          checkAfterLookup: true,
        },
        schema: {
          tags,
          params: idParams,
          body: enrolmentActionBodies[action],
          response: { 200: trainingEnrolment },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        await enrolments.get(s, p, req.params.id);
        requireAccess(req);
        return enrolments.act(s, p, actor, req.params.id, action, req.body as never);
      },
    );
  }
}
