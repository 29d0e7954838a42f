import type { z } from 'zod';
import type {
  MeetingAction,
  MeetingCreate,
  MeetingDetail,
  meetingActionBodies,
  meetingUpdate,
} from '@yilian/domain';
import type { AuditAction } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { conflict, forbidden, invalid } from '../../errors.js';
import { notify } from '../notification/notify.js';
import { meetingRules } from '../council/document.service.js';
import { visibleConsortium } from '../ledger/ledger-checks.js';
import {
  MEETING_OPEN,
  MEETING_RECORDING,
  meetingTransition,
  requireMeetingState,
} from './meeting.machine.js';
import { getMeeting, getMeetingDetail, managesMeeting } from './meeting.repository.js';

// Use cases of a meeting: plan it and move it through its states (meeting-content.ts changes
// what it holds). Each change and its audit row share a transaction.

type AgendaInput = MeetingCreate['agenda'];

/** The meeting in scope (404) that the reader organises (403). */
export async function managed(s: Services, p: Principal, id: string) {
  const m = await getMeeting(s, p, id);
  if (!managesMeeting(p, m)) throw forbidden('Only the organisers change this meeting');
  return m;
}

/** Active users of the consortium (its office or its institutions' staff accounts). */
export async function consortiumUsers(s: Services, consortiumId: string, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const members = s.db
    .selectFrom('memberships')
    .select('institutionId')
    .where('consortiumId', '=', consortiumId);
  const found = await s.db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', unique)
    .where('disabled', '=', false)
    .where('systemAccount', '=', false)
    .where((eb) => eb.or([eb('consortiumId', '=', consortiumId), eb('institutionId', 'in', members)]))
    .execute();
  if (found.length !== unique.length) throw invalid(field, 'must be active users of the consortium');
  return unique;
}

/** The meeting rule (例会制度) a meeting or series follows: a council document of the same
 *  consortium, of kind meeting_rule, with a version in force (the list the council module offers). */
export async function meetingRuleInForce(
  s: Services,
  p: Principal,
  consortiumId: string,
  documentId: string | null | undefined,
) {
  if (!documentId) return null;
  const rule = (await meetingRules(s, p, consortiumId)).find((r) => r.documentId === documentId);
  if (!rule) throw invalid('ruleDocumentId', 'must be a meeting rule in force in the consortium');
  return rule;
}

export async function writeAgenda(trx: Tx, meetingId: string, consortiumId: string, items: AgendaInput) {
  await trx.deleteFrom('meetingAgendaItems').where('meetingId', '=', meetingId).execute();
  if (!items.length) return;
  await trx
    .insertInto('meetingAgendaItems')
    .values(
      items.map((a, i) => ({
        meetingId,
        consortiumId,
        position: i + 1,
        title: a.title,
        presenter: a.presenter ?? null,
        presenterUserId: a.presenterUserId ?? null,
        minutes: a.minutes ?? null,
      })),
    )
    .execute();
}

export async function inviteUsers(
  trx: Tx,
  m: { id: string; consortiumId: string; title: string; startsAt: string },
  userIds: string[],
) {
  if (!userIds.length) return [];
  const added = await trx
    .insertInto('meetingInvitations')
    .values(userIds.map((userId) => ({ meetingId: m.id, consortiumId: m.consortiumId, userId })))
    .onConflict((oc) => oc.columns(['meetingId', 'userId']).doNothing())
    .returning('userId')
    .execute();
  const when = new Date(Date.parse(m.startsAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  await notify(
    trx,
    added.map((a) => a.userId),
    {
      kind: 'meeting.invited',
      title: `会议邀请：${m.title}`,
      body: `${when}（北京时间）`,
      consortiumId: m.consortiumId,
    },
  );
  return added.map((a) => a.userId);
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: MeetingCreate,
): Promise<MeetingDetail> {
  await visibleConsortium(s, p, body.consortiumId);
  const organizer = body.organizerInstitutionId ?? p.institutionId ?? null;
  if (!managesMeeting(p, { consortiumId: body.consortiumId, organizerInstitutionId: organizer }))
    throw forbidden('Only the consortium office or the organising institution plans a meeting');
  if (organizer) {
    const member = await s.db
      .selectFrom('memberships')
      .select('id')
      .where('consortiumId', '=', body.consortiumId)
      .where('institutionId', '=', organizer)
      .executeTakeFirst();
    if (!member) throw invalid('organizerInstitutionId', 'must be an institution of the consortium');
  }
  if (body.seriesId) {
    const series = await s.db
      .selectFrom('meetingSeries')
      .select('consortiumId')
      .where('id', '=', body.seriesId)
      .executeTakeFirst();
    if (series?.consortiumId !== body.consortiumId)
      throw invalid('seriesId', 'is not a series of the consortium');
  }
  await meetingRuleInForce(s, p, body.consortiumId, body.ruleDocumentId);
  const invitees = await consortiumUsers(s, body.consortiumId, body.inviteeUserIds, 'inviteeUserIds');
  await consortiumUsers(
    s,
    body.consortiumId,
    body.agenda.flatMap((a) => (a.presenterUserId ? [a.presenterUserId] : [])),
    'agenda',
  );
  const id = await s.db.transaction().execute(async (trx) => {
    const m = await trx
      .insertInto('meetings')
      .values({
        consortiumId: body.consortiumId,
        seriesId: body.seriesId ?? null,
        ruleDocumentId: body.ruleDocumentId ?? null,
        title: body.title,
        kind: body.kind,
        mode: body.mode,
        room: body.mode === 'online' ? null : (body.room ?? null),
        link: body.mode === 'in_person' ? null : (body.link ?? null),
        startsAt: new Date(body.startsAt).toISOString(),
        endsAt: body.endsAt ? new Date(body.endsAt).toISOString() : null,
        organizerInstitutionId: organizer,
        description: body.description ?? null,
        status: 'planned',
        minutes: null,
        minutesPublishedAt: null,
        cancelReason: null,
        checkInToken: null,
        checkInExpiresAt: null,
        createdById: p.userId,
        createdBy: p.displayName,
      })
      .returning(['id', 'consortiumId', 'title', 'startsAt'])
      .executeTakeFirstOrThrow();
    await writeAgenda(trx, m.id, m.consortiumId, body.agenda);
    await inviteUsers(trx, m, invitees);
    await recordAudit(trx, actor, {
      action: 'meeting.created',
      entityType: 'meeting',
      entityId: m.id,
      consortiumId: m.consortiumId,
      institutionId: p.institutionId,
      after: {
        title: body.title,
        kind: body.kind,
        mode: body.mode,
        startsAt: m.startsAt,
        ruleDocumentId: body.ruleDocumentId ?? null,
        invitees: invitees.length,
      },
    });
    return m.id;
  });
  return getMeetingDetail(s, p, id);
}

export async function act<A extends MeetingAction>(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: A,
  body: z.infer<(typeof meetingActionBodies)[A]>,
): Promise<MeetingDetail> {
  const m = await managed(s, p, id);
  const t = meetingTransition(action, m.status);
  if (action === 'publish' && !m.minutes)
    throw invalid('minutes', 'write the minutes before publishing them');
  const now = s.now().toISOString();
  const set: Record<string, unknown> = {};
  if (action === 'publish') set.minutesPublishedAt = now;
  if (action === 'cancel') set.cancelReason = (body as { reason: string }).reason;
  await s.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('meetings')
      .set({ ...set, status: t.to, updatedAt: now })
      .where('id', '=', id)
      .where('status', 'in', [...t.from])
      .returning('id')
      .executeTakeFirst();
    if (!moved) throw conflict(`Cannot ${action} a meeting that changed meanwhile`);
    if (action === 'cancel' || action === 'publish') {
      const invitees = await trx
        .selectFrom('meetingInvitations')
        .select('userId')
        .where('meetingId', '=', id)
        .execute();
      await notify(
        trx,
        invitees.map((i) => i.userId).filter((u) => u !== p.userId),
        {
          kind: `meeting.${action}`,
          title: action === 'cancel' ? `会议取消：${m.title}` : `会议纪要已发布：${m.title}`,
          body: action === 'cancel' ? String(set.cancelReason) : null,
          consortiumId: m.consortiumId,
        },
      );
    }
    await recordAudit(trx, actor, {
      action: `meeting.${action}`,
      entityType: 'meeting',
      entityId: id,
      consortiumId: m.consortiumId,
      institutionId: p.institutionId,
      before: { status: m.status },
      after: { status: t.to, ...set },
    });
  });
  return getMeetingDetail(s, p, id);
}
