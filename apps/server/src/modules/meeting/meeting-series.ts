import { sql } from 'kysely';
import type { MeetingSeries, MeetingSeriesCreate } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';
import { visibleConsortium } from '../ledger/ledger-checks.js';
import { todayInChina } from '../shared/paginate.js';
import { managesMeeting } from './meeting.repository.js';
import { consortiumUsers, inviteUsers, meetingRuleInForce } from './meeting.service.js';

// Recurring meetings (例会制度: "每季度召开一次例会"): a series keeps the rule, and planning it up
// to a date creates each occurrence once (a unique index on series and start).

const DAY = 86_400_000;

/** The local dates (China) from `from` to `until` on which the rule falls. */
export function occurrences(
  rule: { recurrence: string; weekday: number | null; dayOfMonth: number | null },
  from: string,
  until: string,
): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${until}T00:00:00Z`); t += DAY) {
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    if (rule.recurrence === 'weekly' && (d.getUTCDay() || 7) === rule.weekday) out.push(iso);
    if (rule.recurrence === 'monthly' && d.getUTCDate() === rule.dayOfMonth) out.push(iso);
    if (rule.recurrence === 'quarterly' && d.getUTCMonth() % 3 === 0 && d.getUTCDate() === rule.dayOfMonth)
      out.push(iso);
  }
  return out;
}

const seriesColumns = [
  'ms.id',
  'ms.consortiumId',
  'ms.title',
  'ms.kind',
  'ms.recurrence',
  'ms.weekday',
  'ms.dayOfMonth',
  'ms.time',
  'ms.durationMinutes',
  'ms.mode',
  'ms.room',
  'ms.link',
  'ms.organizerInstitutionId',
  'ms.ruleDocumentId',
  'rd.title as ruleTitle',
  'ms.inviteeUserIds',
  'ms.createdAt',
] as const;

export async function listSeries(s: Services, p: Principal, consortiumId?: string): Promise<MeetingSeries[]> {
  let qb = s.db
    .selectFrom('meetingSeries as ms')
    // The rule the series keeps, by its id as text (see `base` in meeting.repository.ts).
    .leftJoin('councilDocuments as rd', (j) =>
      j
        .onRef('rd.consortiumId', '=', 'ms.consortiumId')
        .on((eb) => eb(eb.cast('rd.id', 'text'), '=', eb.ref('ms.ruleDocumentId'))),
    )
    .select(seriesColumns)
    .where(consortiumVisible(p, 'ms.consortiumId'));
  if (consortiumId) qb = qb.where('ms.consortiumId', '=', consortiumId);
  const rows = await qb
    .select((eb) => [
      eb
        .selectFrom('meetings as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.seriesId', '=', 'ms.id')
        .as('meetings'),
      eb
        .selectFrom('meetings as m')
        .select((e) => e.fn.min('m.startsAt').as('next'))
        .whereRef('m.seriesId', '=', 'ms.id')
        .where('m.status', '=', 'planned')
        .as('nextStartsAt'),
    ])
    .orderBy('ms.createdAt', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    ruleTitle: r.ruleTitle ?? null,
    meetings: r.meetings ?? 0,
    nextStartsAt: (r.nextStartsAt as string | null) ?? null,
  }));
}

export async function createSeries(
  s: Services,
  p: Principal,
  actor: Actor,
  body: MeetingSeriesCreate,
): Promise<MeetingSeries> {
  await visibleConsortium(s, p, body.consortiumId);
  const organizer = body.organizerInstitutionId ?? p.institutionId ?? null;
  if (!managesMeeting(p, { consortiumId: body.consortiumId, organizerInstitutionId: organizer }))
    throw forbidden('Only the consortium office or the organising institution sets up a series');
  await meetingRuleInForce(s, p, body.consortiumId, body.ruleDocumentId);
  const invitees = await consortiumUsers(s, body.consortiumId, body.inviteeUserIds, 'inviteeUserIds');
  const id = await s.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('meetingSeries')
      .values({
        consortiumId: body.consortiumId,
        title: body.title,
        kind: body.kind,
        recurrence: body.recurrence,
        weekday: body.recurrence === 'weekly' ? (body.weekday ?? null) : null,
        dayOfMonth: body.recurrence === 'weekly' ? null : (body.dayOfMonth ?? null),
        time: body.time,
        durationMinutes: body.durationMinutes,
        mode: body.mode,
        room: body.mode === 'online' ? null : (body.room ?? null),
        link: body.mode === 'in_person' ? null : (body.link ?? null),
        organizerInstitutionId: organizer,
        ruleDocumentId: body.ruleDocumentId ?? null,
        inviteeUserIds: JSON.stringify(invitees),
        createdBy: p.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'meeting_series.created',
      entityType: 'meeting_series',
      entityId: r.id,
      consortiumId: body.consortiumId,
      institutionId: p.institutionId,
      after: {
        title: body.title,
        recurrence: body.recurrence,
        weekday: body.weekday,
        dayOfMonth: body.dayOfMonth,
        ruleDocumentId: body.ruleDocumentId ?? null,
      },
    });
    return r.id;
  });
  return (await listSeries(s, p, body.consortiumId)).find((x) => x.id === id)!;
}

/** Plans the series' meetings from today up to `until` (at most a year ahead); returns how many are new. */
export async function generate(s: Services, p: Principal, actor: Actor, seriesId: string, until: string) {
  const [series] = (await listSeries(s, p)).filter((x) => x.id === seriesId);
  if (!series) throw notFound('meeting series');
  if (!managesMeeting(p, series)) throw forbidden('Only the organisers plan this series');
  const today = todayInChina(s.now());
  if (until < today) throw invalid('until', 'must not be in the past');
  if (Date.parse(until) - Date.parse(today) > 366 * DAY) throw invalid('until', 'plan at most a year ahead');
  const dates = occurrences(series, today, until);
  return s.db.transaction().execute(async (trx) => {
    const existing = new Set(
      (await trx.selectFrom('meetings').select('startsAt').where('seriesId', '=', seriesId).execute()).map(
        (m) => m.startsAt,
      ),
    );
    let created = 0;
    for (const date of dates) {
      const startsAt = new Date(`${date}T${series.time}:00+08:00`).toISOString();
      if (existing.has(startsAt)) continue;
      const m = await trx
        .insertInto('meetings')
        .values({
          consortiumId: series.consortiumId,
          seriesId,
          ruleDocumentId: series.ruleDocumentId,
          title: `${series.title}（${date}）`,
          kind: series.kind,
          mode: series.mode,
          room: series.room,
          link: series.link,
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + series.durationMinutes * 60_000).toISOString(),
          organizerInstitutionId: series.organizerInstitutionId,
          description: null,
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
      await inviteUsers(trx, m, series.inviteeUserIds);
      created++;
    }
    await recordAudit(trx, actor, {
      action: 'meeting_series.generated',
      entityType: 'meeting_series',
      entityId: seriesId,
      consortiumId: series.consortiumId,
      institutionId: p.institutionId,
      after: { until, created },
    });
    return { created };
  });
}
