import { sql } from 'kysely';
import type {
  CouncilMember,
  CouncilMemberCreate,
  CouncilMemberListQuery,
  CouncilMemberUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { votesByDefault } from '@yilian/domain';
import { forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium, memberOf } from '../../scope.js';
import { audited, changedFields } from '../shared/audited.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';

// The council (理事会): who holds which position, for which term. A seat belongs to a person of a
// member institution: a staff record, a user account, or only a name (most members, heads of
// institutions, have no account). The seat, not the account, casts a ballot; a non-voting seat
// (秘书, 列席) is on the roll but never counted in the quorum or the majority.

export const inOfficeOn = (date: string) =>
  sql<boolean>`(cm.term_start <= ${date} and (cm.term_end is null or cm.term_end >= ${date}))`;

/** The seat's holder has an active account: their own, or their staff record's. */
export const hasAccount = sql<boolean>`exists (select 1 from users hu where hu.disabled = false and hu.system_account = false
  and (hu.id = cm.user_id or (cm.staff_id is not null and hu.staff_id = cm.staff_id)))`;
// Chair first, then vice-chairs, members, the secretary and those sitting in.
export const positionOrder = sql<number>`array_position(array['chair','vice_chair','member','secretary','observer'], cm.position)`;

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
  'cm.voting',
  hasAccount.as('hasAccount'),
  'cm.termStart',
  'cm.termEnd',
  'cm.createdAt',
  'cm.updatedAt',
] as const;
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

/** The person behind a seat: a user, a staff record or a named person, at an institution of the consortium. */
async function holder(
  s: Services,
  consortiumId: string,
  body: Pick<CouncilMemberCreate, 'userId' | 'staffId' | 'name' | 'institutionId'>,
) {
  let name: string | undefined = body.name ?? undefined;
  let institutionId: string | null = body.userId || body.staffId ? null : (body.institutionId ?? null);
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
  const field = body.userId ? 'userId' : body.staffId ? 'staffId' : 'institutionId';
  if (!institutionId) throw invalid(field, 'not staff of a member institution');
  const member = await s.db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', institutionId)
    .where(memberOf(consortiumId, 'i.id'))
    .executeTakeFirst();
  if (!member)
    throw invalid(
      field,
      field === 'institutionId' ? 'not a member institution' : 'not staff of a member institution',
    );
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
        voting: body.voting ?? votesByDefault(body.position),
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
  // A new position brings its default vote unless the vote is given too (a secretary does not vote).
  const set: CouncilMemberUpdate = { ...patch };
  if (patch.position && patch.voting === undefined && patch.position !== current.position)
    set.voting = votesByDefault(patch.position);
  // An account linked later must be the same person: the seat's staff record, or at its institution.
  let link: { userId: string | null; staffId?: string | null } | undefined;
  if (patch.userId !== undefined && patch.userId !== current.userId) {
    if (patch.userId) {
      const who = await holder(s, current.consortiumId, { userId: patch.userId, staffId: current.staffId });
      if (who.institutionId !== current.institutionId)
        throw invalid('userId', 'works at another institution than the seat');
      link = { userId: who.userId, staffId: who.staffId };
    } else link = { userId: null };
  }
  const diff = changedFields(current, set);
  if (Object.keys(diff.after).length === 0) return current;
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable('councilMembers')
      .set({ ...set, ...link, updatedAt: s.now().toISOString() })
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
