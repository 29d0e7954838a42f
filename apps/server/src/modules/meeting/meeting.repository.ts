import { sql } from 'kysely';
import type { Meeting, MeetingDetail, MeetingListQuery } from '@yilian/domain';
import { hasPermission, type Principal, type Services } from '../../context.js';
import { notFound } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern } from '../shared/paginate.js';
import { allowedMeetingActions } from './meeting.machine.js';

// Queries of meetings. `base` holds the scope: the meetings of the consortia the reader sees.
// It joins the meeting rule followed by its id as text (rule_document_id is a text column older
// than the council's documents), and only a document of the meeting's own consortium.

export function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('meetings as m')
    .innerJoin('consortia as c', 'c.id', 'm.consortiumId')
    .leftJoin('institutions as oi', 'oi.id', 'm.organizerInstitutionId')
    .leftJoin('meetingSeries as ms', 'ms.id', 'm.seriesId')
    .leftJoin('councilDocuments as rd', (j) =>
      j
        .onRef('rd.consortiumId', '=', 'm.consortiumId')
        .on((eb) => eb(eb.cast('rd.id', 'text'), '=', eb.ref('m.ruleDocumentId'))),
    )
    .where(consortiumVisible(p, 'm.consortiumId'));
}

const columns = [
  'm.id',
  'm.consortiumId',
  'c.name as consortiumName',
  'm.seriesId',
  'ms.title as seriesTitle',
  'm.ruleDocumentId',
  'rd.title as ruleTitle',
  'm.title',
  'm.kind',
  'm.mode',
  'm.room',
  'm.link',
  'm.startsAt',
  'm.endsAt',
  'm.organizerInstitutionId',
  'oi.name as organizerInstitutionName',
  'm.description',
  'm.status',
  'm.minutes',
  'm.minutesPublishedAt',
  'm.cancelReason',
  'm.createdBy',
  'm.createdAt',
  'm.updatedAt',
] as const;

/** The organisers: the office of the meeting's consortium, or the admin of the organising institution. */
export function managesMeeting(
  p: Principal,
  m: { consortiumId: string; organizerInstitutionId: string | null },
) {
  if (!hasPermission(p, 'meeting.manage')) return false;
  if (p.role === 'platform_admin') return true;
  if (p.role === 'consortium_office') return p.consortiumId === m.consortiumId;
  return !!p.institutionId && p.institutionId === m.organizerInstitutionId;
}

function withCounts(s: Services, p: Principal) {
  return base(s, p)
    .select(columns)
    .select((eb) => [
      eb
        .selectFrom('meetingInvitations as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.meetingId', '=', 'm.id')
        .as('invited'),
      eb
        .selectFrom('meetingInvitations as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.meetingId', '=', 'm.id')
        .where('i.rsvp', '=', 'accepted')
        .as('accepted'),
      eb
        .selectFrom('meetingInvitations as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.meetingId', '=', 'm.id')
        .where('i.signedInAt', 'is not', null)
        .as('signedIn'),
      eb
        .selectFrom('problems as pr')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('pr.meetingId', '=', 'm.id')
        .as('problems'),
      eb
        .selectFrom('meetingInvitations as i')
        .select('i.rsvp')
        .whereRef('i.meetingId', '=', 'm.id')
        .where('i.userId', '=', p.userId)
        .as('myRsvp'),
      eb
        .selectFrom('meetingInvitations as i')
        .select('i.signedInAt')
        .whereRef('i.meetingId', '=', 'm.id')
        .where('i.userId', '=', p.userId)
        .as('mySignedInAt'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof withCounts>['execute']>>[number];

function present(p: Principal, r: Row): Meeting {
  const manages = managesMeeting(p, r);
  return {
    ...r,
    seriesTitle: r.seriesTitle ?? null,
    ruleTitle: r.ruleTitle ?? null,
    organizerInstitutionName: r.organizerInstitutionName ?? null,
    invited: r.invited ?? 0,
    accepted: r.accepted ?? 0,
    signedIn: r.signedIn ?? 0,
    problems: r.problems ?? 0,
    myRsvp: r.myRsvp ?? null,
    mySignedInAt: r.mySignedInAt ?? null,
    canManage: manages,
    allowedActions: allowedMeetingActions(r.status, manages),
  };
}

export function filteredMeetings(s: Services, p: Principal, q: Omit<MeetingListQuery, 'page' | 'pageSize'>) {
  let qb = withCounts(s, p);
  if (q.kind) qb = qb.where('m.kind', '=', q.kind);
  if (q.status) qb = qb.where('m.status', '=', q.status);
  if (q.seriesId) qb = qb.where('m.seriesId', '=', q.seriesId);
  if (q.from) qb = qb.where('m.startsAt', '>=', `${q.from}T00:00:00+08:00`);
  if (q.to)
    qb = qb.where(
      'm.startsAt',
      '<',
      sql<string>`(${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
    );
  if (q.mine)
    qb = qb.where((eb) =>
      eb.exists(
        eb
          .selectFrom('meetingInvitations as mi')
          .select('mi.id')
          .whereRef('mi.meetingId', '=', 'm.id')
          .where('mi.userId', '=', p.userId),
      ),
    );
  if (q.q) qb = qb.where('m.title', 'ilike', likePattern(q.q));
  return qb;
}

export async function listMeetings(s: Services, p: Principal, q: MeetingListQuery) {
  const [items, total] = await Promise.all([
    filteredMeetings(s, p, q)
      .orderBy('m.startsAt', 'desc')
      .orderBy('m.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    s.db
      .selectFrom(filteredMeetings(s, p, q).as('x'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirst(),
  ]);
  return { items: items.map((r) => present(p, r)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getMeeting(s: Services, p: Principal, id: string): Promise<Meeting> {
  const r = await withCounts(s, p).where('m.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('meeting');
  return present(p, r);
}

export async function getMeetingDetail(s: Services, p: Principal, id: string): Promise<MeetingDetail> {
  const m = await getMeeting(s, p, id);
  const [agenda, invitations, resolutions] = await Promise.all([
    s.db
      .selectFrom('meetingAgendaItems')
      .select(['id', 'position', 'title', 'presenter', 'presenterUserId', 'minutes'])
      .where('meetingId', '=', id)
      .orderBy('position')
      .execute(),
    s.db
      .selectFrom('meetingInvitations as i')
      .innerJoin('users as u', 'u.id', 'i.userId')
      .leftJoin('institutions as ui', 'ui.id', 'u.institutionId')
      .select([
        'i.userId',
        'u.displayName',
        'ui.name as institutionName',
        'i.rsvp',
        'i.rsvpNote',
        'i.respondedAt',
        'i.signedInAt',
        'i.signInMethod',
      ])
      .where('i.meetingId', '=', id)
      .orderBy('ui.name')
      .orderBy('u.displayName')
      .execute(),
    s.db
      .selectFrom('meetingResolutions')
      .select(['id', 'position', 'text', 'createdAt'])
      .where('meetingId', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  return {
    ...m,
    agenda,
    invitations: invitations.map((i) => ({ ...i, institutionName: i.institutionName ?? null })),
    resolutions,
  };
}
