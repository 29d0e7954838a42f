import {
  ACTIVITY_EDIT_DAYS,
  ACTIVITY_MAX_COUNT,
  type ActivityCreate,
  type ActivityListQuery,
  type ActivityUpdate,
  type ExpertActivity,
  type MyPosting,
  type Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';
import { audited, changedFields } from '../shared/audited.js';
import { paginate, todayInChina } from '../shared/paginate.js';
import { activityBase, activityColumns, filtered, type ActivityRow } from './activity.repository.js';

// Use cases of the activity log: a stationed expert records the work of a day at the host site,
// on their own posting and within its dates; the site and the offices read it.

/** The staff record behind the signed-in account, if any: postings belong to staff, not accounts. */
export async function staffIdOf(s: Services, p: Principal): Promise<string | null> {
  const row = await s.db.selectFrom('users').select('staffId').where('id', '=', p.userId).executeTakeFirst();
  return row?.staffId ?? null;
}

const EDIT_WINDOW_MS = ACTIVITY_EDIT_DAYS * 86_400_000;

function present(r: ActivityRow, p: Principal, now: Date): ExpertActivity {
  const own = r.recordedById === p.userId;
  return {
    ...r,
    editable: own && now.getTime() - Date.parse(r.createdAt) < EDIT_WINDOW_MS,
  };
}

export async function list(s: Services, p: Principal, q: ActivityListQuery): Promise<Page<ExpertActivity>> {
  const qb = filtered(activityBase(s.db, p), q, p.userId);
  const page = await paginate(qb, q, (b) =>
    b
      .select(activityColumns)
      .orderBy('a.activityDate', 'desc')
      .orderBy('a.createdAt', 'desc')
      .orderBy('a.id'),
  );
  const now = s.now();
  return { ...page, items: page.items.map((r) => present(r, p, now)) };
}

async function getRow(s: Services, p: Principal, id: string): Promise<ActivityRow> {
  const row = await activityBase(s.db, p).select(activityColumns).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('activity');
  return row;
}

export async function get(s: Services, p: Principal, id: string): Promise<ExpertActivity> {
  return present(await getRow(s, p, id), p, s.now());
}

/** The signed-in expert's postings, newest first; `current` marks the one covering today. */
export async function myPostings(s: Services, p: Principal): Promise<MyPosting[]> {
  const staffId = await staffIdOf(s, p);
  if (!staffId) return [];
  const today = todayInChina(s.now());
  const rows = await s.db
    .selectFrom('dispatchPostings as dp')
    .innerJoin('dispatchBatches as b', 'b.id', 'dp.batchId')
    .innerJoin('institutions as hi', 'hi.id', 'dp.hostInstitutionId')
    .select([
      'dp.id',
      'dp.batchId',
      'b.name as batchName',
      'dp.hostInstitutionId',
      'hi.name as hostInstitutionName',
      'dp.role',
      'dp.startDate',
      'dp.endDate',
    ])
    .where('dp.staffId', '=', staffId)
    .where(consortiumVisible(p, 'dp.consortiumId'))
    .orderBy('dp.startDate', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ ...r, current: r.startDate <= today && today <= r.endDate }));
}

/** The posting an entry goes on: visible (else 404), the expert's own (else 403). */
async function ownPosting(s: Services, p: Principal, postingId: string) {
  const posting = await s.db
    .selectFrom('dispatchPostings as dp')
    .innerJoin('staff as st', 'st.id', 'dp.staffId')
    .select([
      'dp.id',
      'dp.consortiumId',
      'dp.batchId',
      'dp.staffId',
      'dp.hostInstitutionId',
      'dp.startDate',
      'dp.endDate',
      'st.institutionId as homeInstitutionId',
    ])
    .where('dp.id', '=', postingId)
    .where(consortiumVisible(p, 'dp.consortiumId'))
    .executeTakeFirst();
  if (!posting) throw notFound('posting');
  const staffId = await staffIdOf(s, p);
  if (!staffId || staffId !== posting.staffId)
    throw forbidden('You can log activities only on your own posting');
  return posting;
}

function checkDate(s: Services, posting: { startDate: string; endDate: string }, date: string) {
  if (date < posting.startDate || date > posting.endDate)
    throw invalid('activityDate', `must be within the posting (${posting.startDate} – ${posting.endDate})`);
  if (date > todayInChina(s.now())) throw invalid('activityDate', 'is in the future');
}

function checkCount(a: {
  kind: keyof typeof ACTIVITY_MAX_COUNT;
  count: number;
  procedureName: string | null;
}) {
  if (a.count > ACTIVITY_MAX_COUNT[a.kind])
    throw invalid('count', `must be at most ${ACTIVITY_MAX_COUNT[a.kind]} for ${a.kind}`);
  if (a.kind === 'surgery_demo' && !a.procedureName)
    throw invalid('procedureName', 'is required for a surgery demonstration');
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ActivityCreate,
): Promise<ExpertActivity> {
  const posting = await ownPosting(s, p, body.postingId);
  checkDate(s, posting, body.activityDate);
  const id = await audited(s, actor, async (trx) => {
    const row = await trx
      .insertInto('expertActivities')
      .values({
        consortiumId: posting.consortiumId,
        postingId: posting.id,
        batchId: posting.batchId,
        staffId: posting.staffId,
        homeInstitutionId: posting.homeInstitutionId,
        hostInstitutionId: posting.hostInstitutionId,
        kind: body.kind,
        activityDate: body.activityDate,
        count: body.count,
        procedureName: body.procedureName ?? null,
        topic: body.topic ?? null,
        note: body.note ?? null,
        recordedById: p.userId,
        recordedBy: p.displayName,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row.id,
      event: {
        action: 'activity.created',
        entityType: 'activity',
        entityId: row.id,
        consortiumId: row.consortiumId,
        institutionId: row.hostInstitutionId,
        after: { kind: row.kind, activityDate: row.activityDate, count: row.count, postingId: row.postingId },
      },
    };
  });
  return get(s, p, id);
}

/** An entry the signed-in user may change: in scope (404), theirs (403), within the window (409). */
async function editable(s: Services, p: Principal, id: string) {
  const row = await getRow(s, p, id);
  if (row.recordedById !== p.userId) throw forbidden('Only the expert who logged an entry may change it');
  if (s.now().getTime() - Date.parse(row.createdAt) >= EDIT_WINDOW_MS)
    throw new AppError('conflict', `Entries can be changed for ${ACTIVITY_EDIT_DAYS} days after logging`, [
      { field: 'createdAt', message: `is more than ${ACTIVITY_EDIT_DAYS} days ago` },
    ]);
  return row;
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: ActivityUpdate,
): Promise<ExpertActivity> {
  const row = await editable(s, p, id);
  const next = { ...row, ...patch };
  checkCount({ kind: next.kind, count: next.count, procedureName: next.procedureName ?? null });
  if (patch.activityDate) {
    const posting = await s.db
      .selectFrom('dispatchPostings')
      .select(['startDate', 'endDate'])
      .where('id', '=', row.postingId)
      .executeTakeFirstOrThrow();
    checkDate(s, posting, patch.activityDate);
  }
  const diff = changedFields(row, patch);
  if (Object.keys(diff.after).length === 0) return present(row, p, s.now());
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable('expertActivities')
      .set({ ...patch, updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    return {
      result: null,
      event: {
        action: 'activity.updated',
        entityType: 'activity',
        entityId: id,
        consortiumId: row.consortiumId,
        institutionId: row.hostInstitutionId,
        ...diff,
      },
    };
  });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const row = await editable(s, p, id);
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('expertActivities').where('id', '=', id).execute();
    return {
      result: null,
      event: {
        action: 'activity.deleted',
        entityType: 'activity',
        entityId: id,
        consortiumId: row.consortiumId,
        institutionId: row.hostInstitutionId,
        before: { kind: row.kind, activityDate: row.activityDate, count: row.count, staffId: row.staffId },
      },
    };
  });
}
