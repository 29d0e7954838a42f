import type { MyWorkItem } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';

/** Meetings the reader is invited to that are still ahead (or under way) and not declined. */
export async function meetingsToAttend(s: Services, p: Principal): Promise<MyWorkItem[]> {
  const now = s.now();
  // A meeting that started up to a day ago may still be going on.
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const rows = await s.db
    .selectFrom('meetingInvitations as i')
    .innerJoin('meetings as m', 'm.id', 'i.meetingId')
    .select(['m.id', 'm.title', 'm.status', 'm.startsAt', 'm.room', 'm.mode', 'i.rsvp', 'i.signedInAt'])
    .where('i.userId', '=', p.userId)
    .where('i.rsvp', '!=', 'declined')
    .where(consortiumVisible(p, 'm.consortiumId'))
    .where((eb) =>
      eb.or([
        eb('m.status', '=', 'in_progress'),
        eb.and([eb('m.status', '=', 'planned'), eb('m.startsAt', '>=', since)]),
      ]),
    )
    .orderBy('m.startsAt')
    .limit(100)
    .execute();
  return rows
    .filter((r) => !r.signedInAt)
    .map((r) => ({
      kind: 'meeting',
      id: r.id,
      title: r.title,
      subtitle: r.room,
      reason: r.rsvp === 'pending' ? 'meeting_rsvp' : 'meeting_attend',
      status: r.status,
      dueAt: r.startsAt,
      overdue: false,
      path: `/meetings/${r.id}`,
    }));
}
