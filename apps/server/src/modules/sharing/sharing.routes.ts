import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BOOKING_ACTIONS,
  bookingActionBodies,
  bookingCreate,
  bookingListQuery,
  idParams,
  isoDate,
  pageOf,
  recognitionCheck,
  recognitionFigures,
  recognitionReuse,
  recognizedResult,
  resourceBooking,
  resourceCreate,
  resourceListQuery,
  resourceSlot,
  resourceSlotQuery,
  resourceUpdate,
  resourceUtilisation,
  sharedResource,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { crudRoutes } from '../shared/crud-routes.js';
import { who } from '../shared/route-context.js';
import * as bookings from './booking.service.js';
import * as recognition from './recognition.service.js';
import * as resources from './resource.service.js';

const tags = ['sharing'];
const period = z.object({ from: isoDate, to: isoDate });

export async function sharingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  crudRoutes(app, {
    path: '/api/v1/resources',
    tag: 'sharing',
    item: sharedResource,
    create: resourceCreate,
    update: resourceUpdate,
    listQuery: resourceListQuery,
    access: {
      read: 'registry.read',
      create: 'sharing.manage',
      update: 'sharing.manage',
      remove: 'sharing.manage',
    },
    service: resources,
  });

  r.get(
    '/api/v1/resources/:id/slots',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: "A day's slots with capacity and bookings",
        params: idParams,
        querystring: resourceSlotQuery,
        response: { 200: z.array(resourceSlot) },
      },
    },
    async (req) => resources.slots(s, who(req).p, req.params.id, req.query.date),
  );

  r.get(
    '/api/v1/resource-utilisation',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Booked places over capacity per resource and period',
        querystring: period,
        response: { 200: z.array(resourceUtilisation) },
      },
    },
    async (req) => resources.utilisation(s, who(req).p, req.query.from, req.query.to),
  );

  r.get(
    '/api/v1/bookings',
    {
      config: { access: 'registry.read' },
      schema: { tags, querystring: bookingListQuery, response: { 200: pageOf(resourceBooking) } },
    },
    async (req) => bookings.list(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/bookings',
    {
      config: { access: 'sharing.book' },
      schema: {
        tags,
        summary:
          'Book a slot for a patient and an exam (409 with field "recognition" when an earlier valid result exists)',
        body: bookingCreate,
        response: { 201: resourceBooking },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await bookings.create(s, p, actor, req.body));
    },
  );

  r.get(
    '/api/v1/bookings/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: resourceBooking } },
    },
    async (req) => bookings.get(s, who(req).p, req.params.id),
  );

  for (const action of BOOKING_ACTIONS) {
    r.post(
      `/api/v1/bookings/:id/${action}`,
      {
        config: { access: action === 'cancel' ? 'sharing.book' : 'sharing.handle', checkAfterLookup: true },
        schema: {
          tags,
          params: idParams,
          body: bookingActionBodies[action],
          response: { 200: resourceBooking },
        },
      },
      async (req) => {
        const { p, actor } = who(req);
        await bookings.get(s, p, req.params.id);
        requireAccess(req);
        return bookings.act(s, p, actor, req.params.id, action, req.body as never);
      },
    );
  }

  r.post(
    '/api/v1/recognition/check',
    {
      config: { access: 'sharing.book' },
      schema: {
        tags,
        summary: 'Earlier results of this exam for this patient still valid in the consortium',
        body: recognitionCheck,
        response: { 200: z.array(recognizedResult) },
      },
    },
    async (req) => recognition.check(s, who(req).p, req.body),
  );

  r.post(
    '/api/v1/recognition/reuse',
    {
      config: { access: 'sharing.book' },
      schema: {
        tags,
        summary: 'Reuse an earlier result instead of repeating the exam (counted as avoided)',
        body: recognitionReuse,
        response: { 200: recognizedResult },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return recognition.reuse(s, p, actor, req.body);
    },
  );

  r.get(
    '/api/v1/recognition/figures',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Exams avoided and repeated, with the reasons',
        querystring: period,
        response: { 200: recognitionFigures },
      },
    },
    async (req) => recognition.figures(s, who(req).p, req.query.from, req.query.to),
  );
}
