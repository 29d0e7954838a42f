import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParams,
  MEETING_ACTIONS,
  meeting,
  meetingActionBodies,
  meetingAgendaReplace,
  meetingAttendance,
  meetingCheckInCode,
  meetingCreate,
  meetingDetail,
  meetingInvite,
  meetingListQuery,
  meetingMinutes,
  meetingProblemCreate,
  meetingResolutionCreate,
  meetingRsvp,
  meetingSignIn,
  meetingUpdate,
  pageOf,
  problemDetail,
} from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { conflict } from '../../errors.js';
import { who } from '../shared/route-context.js';
import * as ledger from '../ledger/ledger.service.js';
import * as attendance from './meeting-attendance.js';
import { getMeeting, getMeetingDetail, listMeetings } from './meeting.repository.js';
import * as content from './meeting-content.js';
import * as meetings from './meeting.service.js';

const tags = ['meeting'];

export async function meetingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;
  /** A route on one meeting: look it up in scope first (404), then check the permission (403). */
  const one = (access: 'meeting.manage' | 'ledger.raise' | 'registry.read') => ({
    access,
    checkAfterLookup: true,
  });
  const lookup = async (req: Parameters<typeof who>[0], id: string) => {
    await getMeeting(s, who(req).p, id);
    requireAccess(req);
    return who(req);
  };

  r.get(
    '/api/v1/meetings',
    {
      config: { access: 'registry.read' },
      schema: {
        tags,
        summary: 'Meetings in scope, newest first',
        querystring: meetingListQuery,
        response: { 200: pageOf(meeting) },
      },
    },
    async (req) => listMeetings(s, who(req).p, req.query),
  );

  r.post(
    '/api/v1/meetings',
    {
      config: { access: 'meeting.manage' },
      schema: {
        tags,
        summary: 'Plan a meeting with its agenda and invitations',
        body: meetingCreate,
        response: { 201: meetingDetail },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      return reply.code(201).send(await meetings.create(s, p, actor, req.body));
    },
  );

  r.get(
    '/api/v1/meetings/:id',
    {
      config: { access: 'registry.read' },
      schema: { tags, params: idParams, response: { 200: meetingDetail } },
    },
    async (req) => getMeetingDetail(s, who(req).p, req.params.id),
  );

  r.patch(
    '/api/v1/meetings/:id',
    {
      config: one('meeting.manage'),
      schema: { tags, params: idParams, body: meetingUpdate, response: { 200: meetingDetail } },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return content.update(s, p, actor, req.params.id, req.body);
    },
  );

  for (const action of MEETING_ACTIONS) {
    r.post(
      `/api/v1/meetings/:id/${action}`,
      {
        config: one('meeting.manage'),
        schema: {
          tags,
          params: idParams,
          body: meetingActionBodies[action],
          response: { 200: meetingDetail },
        },
      },
      async (req) => {
        const { p, actor } = await lookup(req, req.params.id);
        return meetings.act(s, p, actor, req.params.id, action, req.body as never);
      },
    );
  }

  r.put(
    '/api/v1/meetings/:id/agenda',
    {
      config: one('meeting.manage'),
      schema: { tags, params: idParams, body: meetingAgendaReplace, response: { 200: meetingDetail } },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return content.replaceAgenda(s, p, actor, req.params.id, req.body.items);
    },
  );

  r.post(
    '/api/v1/meetings/:id/invitations',
    {
      config: one('meeting.manage'),
      schema: { tags, params: idParams, body: meetingInvite, response: { 200: meetingDetail } },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return content.invite(s, p, actor, req.params.id, req.body.userIds);
    },
  );

  r.post(
    '/api/v1/meetings/:id/rsvp',
    {
      config: { access: 'registry.read', selfService: 'an invitee answers their own invitation' },
      schema: {
        tags,
        summary: 'An invitee answers: accepted, declined or tentative',
        params: idParams,
        body: meetingRsvp,
        response: { 200: meetingDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return attendance.rsvp(s, p, actor, req.params.id, req.body);
    },
  );

  r.post(
    '/api/v1/meetings/:id/sign-in',
    {
      config: {
        access: 'registry.read',
        selfService:
          'an invitee signs themselves in; anyone of the consortium at the door, with its fresh code',
      },
      schema: {
        tags,
        summary:
          'Sign in: an invitee by themselves, or anyone of the consortium with the code shown at the door',
        params: idParams,
        body: meetingSignIn,
        response: { 200: meetingDetail },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return attendance.signIn(s, p, actor, req.params.id, req.body.token);
    },
  );

  r.post(
    '/api/v1/meetings/:id/attendance',
    {
      config: one('meeting.manage'),
      schema: {
        tags,
        summary: 'The organiser signs an invitee in',
        params: idParams,
        body: meetingAttendance,
        response: { 200: meetingDetail },
      },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return attendance.markAttendance(s, p, actor, req.params.id, req.body.userId);
    },
  );

  r.post(
    '/api/v1/meetings/:id/check-in-code',
    {
      config: one('meeting.manage'),
      schema: {
        tags,
        summary: `A fresh sign-in code for the door (valid ${attendance.CHECK_IN_MINUTES} minutes; the QR code encodes its path)`,
        params: idParams,
        body: z.object({}).strict().optional(),
        response: { 200: meetingCheckInCode },
      },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return attendance.checkInCode(s, p, actor, req.params.id);
    },
  );

  r.put(
    '/api/v1/meetings/:id/minutes',
    {
      config: one('meeting.manage'),
      schema: { tags, params: idParams, body: meetingMinutes, response: { 200: meetingDetail } },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return content.saveMinutes(s, p, actor, req.params.id, req.body.minutes);
    },
  );

  r.post(
    '/api/v1/meetings/:id/resolutions',
    {
      config: one('meeting.manage'),
      schema: { tags, params: idParams, body: meetingResolutionCreate, response: { 200: meetingDetail } },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return content.addResolution(s, p, actor, req.params.id, req.body.text);
    },
  );

  r.delete(
    '/api/v1/meetings/:id/resolutions/:resolutionId',
    {
      config: one('meeting.manage'),
      schema: { tags, params: idParams.extend({ resolutionId: z.uuid() }), response: { 200: meetingDetail } },
    },
    async (req) => {
      const { p, actor } = await lookup(req, req.params.id);
      return content.deleteResolution(s, p, actor, req.params.id, req.params.resolutionId);
    },
  );

  r.post(
    '/api/v1/meetings/:id/problems',
    {
      config: one('ledger.raise'),
      schema: {
        tags: [...tags, 'ledger'],
        summary: 'Raise a problem in the meeting: it enters the ledger in one step, linked to the meeting',
        params: idParams,
        body: meetingProblemCreate,
        response: { 201: problemDetail },
      },
    },
    async (req, reply) => {
      const { p, actor } = await lookup(req, req.params.id);
      const m = await getMeeting(s, p, req.params.id);
      if (m.status === 'cancelled') throw conflict('Cannot raise a problem in a cancelled meeting');
      const created = await ledger.create(
        s,
        p,
        actor,
        { ...req.body, consortiumId: m.consortiumId, source: 'meeting' },
        m.id,
      );
      return reply.code(201).send(created);
    },
  );
}
