import { sql } from 'kysely';
import type {
  CouncilMember,
  CouncilMemberCreate,
  CouncilMemberListQuery,
  CouncilMemberUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium, memberOf } from '../../scope.js';
import { audited, changedFields } from '../shared/audited.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';

// The council (理事会): who holds which position, for which term. A seat is held by a user account
// or a staff record of a member institution; the seat, not the account, casts a ballot.

export const inOfficeOn = (date: string) =>
  sql<boolean>`(cm.term_start <= ${date} and (cm.term_end is null or cm.term_end >= ${date}))`;

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('councilMembers as cm')
    .innerJoin('institutions as i', 'i.id', 'cm.institutionId')
    .where(consortiumVisible(p, 'cm.consortiumId'));
}
const columns = [
  'cm.id',
  'cm.consortiumId',
  'cm.institutionId',
  'i.name as institutionName',
  'cm.userId',
  'cm.staffId',
  'cm.name',
  'cm.position',
  'cm.termStart',
  'cm.termEnd',
  'cm.createdAt',
  'cm.updatedAt',
] as const;
// Chair first, then vice-chairs, members and the secretary.
const positionOrder = sql<number>`array_position(array['chair','vice_chair','member','secretary'], cm.position)`;

function present(s: Services) {
  const today = todayInChina(s.now());
  return <R extends { termStart: string; termEnd: string | null }>(r: R) => ({
    ...r,
    inOffice: r.termStart <= today && (r.termEnd === null || r.termEnd >= today),
  });
}

export async function list(
  s: Services,
  p: Principal,
  q: CouncilMemberListQuery,
): Promise<Page<CouncilMember>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('cm.name', 'ilike', likePattern(q.q!)), eb('i.name', 'ilike', likePattern(q.q!))]),
    );
  if (q.consortiumId) qb = qb.where('cm.consortiumId', '=', q.consortiumId);
  if (q.position) qb = qb.where('cm.position', '=', q.position);
  const today = todayInChina(s.now());
  if (q.inOffice === 'true') qb = qb.where(inOfficeOn(today));
  if (q.inOffice === 'false') qb = qb.where(sql<boolean>`not ${inOfficeOn(today)}`);
  const page = await paginate(qb, q, (b) =>
    b.select(columns).orderBy(positionOrder).orderBy('cm.termStart', 'desc').orderBy('cm.name'),
  );
  return { ...page, items: page.items.map(present(s)) };
}

export async function get(s: Services, p: Principal, id: string): Promise<CouncilMember> {
  const row = await base(s, p).select(columns).where('cm.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('council member');
  return present(s)(row);
}

/** The person behind a seat: a user or a staff record, at an institution of the consortium. */
async function holder(s: Services, consortiumId: string, body: CouncilMemberCreate) {
  let name: string | undefined;
  let institutionId: string | null = null;
  let staffId = body.staffId ?? null;
  if (body.userId) {
    const u = await s.db
      .selectFrom('users')
      .select(['displayName', 'institutionId', 'staffId'])
      .where('id', '=', body.userId)
      .where('systemAccount', '=', false)
      .executeTakeFirst();
    if (!u) throw invalid('userId', 'no such user');
    name = u.displayName;
    institutionId = u.institutionId;
    staffId ??= u.staffId;
  }
  if (staffId) {
    const st = await s.db
      .selectFrom('staff')
      .select(['name', 'institutionId'])
      .where('id', '=', staffId)
      .executeTakeFirst();
    if (!st) throw invalid('staffId', 'no such staff member');
    if (institutionId && institutionId !== st.institutionId)
      throw invalid('staffId', 'works at another institution than the user');
    name = st.name;
    institutionId = st.institutionId;
  }
  const field = body.userId ? 'userId' : 'staffId';
  if (!institutionId) throw invalid(field, 'not staff of a member institution');
  const member = await s.db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', institutionId)
    .where(memberOf(consortiumId, 'i.id'))
    .executeTakeFirst();
  if (!member) throw invalid(field, 'not staff of a member institution');
  return { name: name!, institutionId, staffId, userId: body.userId ?? null };
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: CouncilMemberCreate,
): Promise<CouncilMember> {
  if (!managesConsortium(p, body.consortiumId)) throw invalid('consortiumId', 'not a consortium you manage');
  const who = await holder(s, body.consortiumId, body);
  const id = await audited(s, actor, async (trx) => {
    const row = await trx
      .insertInto('councilMembers')
      .values({
        consortiumId: body.consortiumId,
        ...who,
        position: body.position,
        termStart: body.termStart,
        termEnd: body.termEnd ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row.id,
      event: {
        action: 'council_member.created',
        entityType: 'council_member',
        entityId: row.id,
        consortiumId: row.consortiumId,
        institutionId: row.institutionId,
        after: row,
      },
    };
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: CouncilMemberUpdate,
): Promise<CouncilMember> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const termStart = patch.termStart ?? current.termStart;
  const termEnd = patch.termEnd === undefined ? current.termEnd : patch.termEnd;
  if (termEnd && termEnd < termStart) throw invalid('termEnd', 'must not be before termStart');
  const diff = changedFields(current, patch);
  if (Object.keys(diff.after).length === 0) return current;
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable('councilMembers')
      .set({ ...patch, updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    return {
      result: null,
      event: {
        action: 'council_member.updated',
        entityType: 'council_member',
        entityId: id,
        consortiumId: current.consortiumId,
        institutionId: current.institutionId,
        ...diff,
      },
    };
  });
  return get(s, p, id);
}

/** A seat that has voted stays on record (409): end its term instead. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('councilMembers').where('id', '=', id).execute();
    return {
      result: null,
      event: {
        action: 'council_member.deleted',
        entityType: 'council_member',
        entityId: id,
        consortiumId: current.consortiumId,
        institutionId: current.institutionId,
        before: current,
      },
    };
  });
}
