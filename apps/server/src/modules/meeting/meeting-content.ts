import type { z } from 'zod';
import type { AuditAction, MeetingCreate, MeetingDetail, meetingUpdate } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { invalid } from '../../errors.js';
import { MEETING_OPEN, MEETING_RECORDING, requireMeetingState } from './meeting.machine.js';
import { getMeetingDetail } from './meeting.repository.js';
import { consortiumUsers, inviteUsers, managed, meetingRuleInForce, writeAgenda } from './meeting.service.js';

// What a planned or running meeting holds: its details, agenda, invitations, minutes and
// resolutions. Each write passes the state guard, then writes with its audit row.

type AgendaInput = MeetingCreate['agenda'];

/** One audited write on a meeting the reader organises, in the states given. */
async function change(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  allowed: readonly string[],
  what: string,
  action: AuditAction,
  write: (trx: Tx, m: Awaited<ReturnType<typeof managed>>) => Promise<unknown>,
): Promise<MeetingDetail> {
  const m = await managed(s, p, id);
  requireMeetingState(m.status, allowed as never, what);
  await s.db.transaction().execute(async (trx) => {
    const after = await write(trx, m);
    await trx
      .updateTable('meetings')
      .set({ updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action,
      entityType: 'meeting',
      entityId: id,
      consortiumId: m.consortiumId,
      institutionId: p.institutionId,
      after,
    });
  });
  return getMeetingDetail(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: z.infer<typeof meetingUpdate>,
): Promise<MeetingDetail> {
  if (body.ruleDocumentId) {
    const m = await managed(s, p, id);
    await meetingRuleInForce(s, p, m.consortiumId, body.ruleDocumentId);
  }
  return change(s, p, actor, id, ['planned'], 'change', 'meeting.updated', async (trx, m) => {
    const mode = body.mode ?? m.mode;
    const room = body.room !== undefined ? body.room : m.room;
    const link = body.link !== undefined ? body.link : m.link;
    if ((mode === 'in_person' || mode === 'hybrid') && !room)
      throw invalid('room', 'is required when people meet in a room');
    if ((mode === 'online' || mode === 'hybrid') && !link)
      throw invalid('link', 'is required for an online meeting');
    const startsAt = body.startsAt ? new Date(body.startsAt).toISOString() : m.startsAt;
    const endsAt =
      body.endsAt !== undefined ? (body.endsAt ? new Date(body.endsAt).toISOString() : null) : m.endsAt;
    if (endsAt && Date.parse(endsAt) <= Date.parse(startsAt))
      throw invalid('endsAt', 'must be after the start');
    const set = {
      title: body.title ?? m.title,
      mode,
      room: mode === 'online' ? null : room,
      link: mode === 'in_person' ? null : link,
      startsAt,
      endsAt,
      description: body.description !== undefined ? body.description : m.description,
      ruleDocumentId: body.ruleDocumentId !== undefined ? body.ruleDocumentId : m.ruleDocumentId,
    };
    await trx.updateTable('meetings').set(set).where('id', '=', id).execute();
    return set;
  });
}

export async function replaceAgenda(s: Services, p: Principal, actor: Actor, id: string, items: AgendaInput) {
  const m = await managed(s, p, id);
  await consortiumUsers(
    s,
    m.consortiumId,
    items.flatMap((a) => (a.presenterUserId ? [a.presenterUserId] : [])),
    'items',
  );
  return change(s, p, actor, id, MEETING_OPEN, 'change the agenda', 'meeting.agenda_updated', async (trx) => {
    await writeAgenda(trx, id, m.consortiumId, items);
    return { items: items.map((a) => a.title) };
  });
}

export async function invite(s: Services, p: Principal, actor: Actor, id: string, userIds: string[]) {
  const m = await managed(s, p, id);
  const ids = await consortiumUsers(s, m.consortiumId, userIds, 'userIds');
  return change(s, p, actor, id, MEETING_OPEN, 'invite people', 'meeting.invited', async (trx) => ({
    userIds: await inviteUsers(trx, m, ids),
  }));
}

export async function saveMinutes(s: Services, p: Principal, actor: Actor, id: string, minutes: string) {
  return change(
    s,
    p,
    actor,
    id,
    MEETING_RECORDING,
    'write the minutes',
    'meeting.minutes_saved',
    async (trx) => {
      await trx.updateTable('meetings').set({ minutes }).where('id', '=', id).execute();
      return { length: minutes.length };
    },
  );
}

export async function addResolution(s: Services, p: Principal, actor: Actor, id: string, text: string) {
  return change(
    s,
    p,
    actor,
    id,
    MEETING_RECORDING,
    'record a resolution',
    'meeting.resolution_added',
    async (trx, m) => {
      const last = await trx
        .selectFrom('meetingResolutions')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('meetingId', '=', id)
        .executeTakeFirst();
      const position = Number(last?.max ?? 0) + 1;
      await trx
        .insertInto('meetingResolutions')
        .values({ meetingId: id, consortiumId: m.consortiumId, position, text })
        .execute();
      return { position, text };
    },
  );
}

export async function deleteResolution(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  resolutionId: string,
) {
  return change(
    s,
    p,
    actor,
    id,
    MEETING_RECORDING,
    'remove a resolution',
    'meeting.resolution_deleted',
    async (trx) => {
      const gone = await trx
        .deleteFrom('meetingResolutions')
        .where('id', '=', resolutionId)
        .where('meetingId', '=', id)
        .returning(['text'])
        .executeTakeFirst();
      if (!gone) throw invalid('resolutionId', 'is not a resolution of this meeting');
      return { removed: gone.text };
    },
  );
}
