import type {
  Membership,
  MembershipLeave,
  MembershipListQuery,
  MembershipUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { audited, deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import { todayInChina } from '../shared/paginate.js';

const target = (consortiumId: string) => ({
  table: 'memberships' as const,
  entityType: 'membership',
  consortiumId,
});
import { get as getConsortium } from './consortium.service.js';
import { findMembership, listMemberships } from './membership.repository.js';

export async function list(
  s: Services,
  p: Principal,
  consortiumId: string,
  q: MembershipListQuery,
): Promise<Page<Membership>> {
  await getConsortium(s, p, consortiumId);
  return listMemberships(s.db, consortiumId, q);
}

/** A membership of a consortium the user can see, or 404. */
export async function get(s: Services, p: Principal, id: string): Promise<Membership> {
  const visible = await s.db
    .selectFrom('memberships')
    .select('id')
    .where('id', '=', id)
    .where(consortiumVisible(p, 'memberships.consortiumId'))
    .executeTakeFirst();
  const m = visible && (await findMembership(s.db, id));
  if (!m) throw notFound('membership');
  return m;
}

export async function add(
  s: Services,
  p: Principal,
  actor: Actor,
  consortiumId: string,
  body: { institutionId: string; role: Membership['role']; joinedOn: string },
): Promise<Membership> {
  await getConsortium(s, p, consortiumId);
  if (!managesConsortium(p, consortiumId)) throw forbidden();
  // Only the platform admin binds directly (acting for both sides); an office invites, and the
  // institution's administrator accepts (invitation.service.ts).
  if (p.role !== 'platform_admin')
    throw forbidden('Invite the institution: it joins when its administrator accepts');
  const institution = await s.db
    .selectFrom('institutions')
    .select('id')
    .where('id', '=', body.institutionId)
    .executeTakeFirst();
  if (!institution) throw invalid('institutionId', 'no such institution');
  const existing = await s.db
    .selectFrom('memberships')
    .select('id')
    .where('consortiumId', '=', consortiumId)
    .where('institutionId', '=', body.institutionId)
    .executeTakeFirst();
  if (existing) throw conflict('The institution is already a member of this consortium');
  const id = await insertAudited(s, actor, target(consortiumId), { consortiumId, ...body });
  return (await findMembership(s.db, id))!;
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: MembershipUpdate,
): Promise<Membership> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const joinedOn = patch.joinedOn ?? current.joinedOn;
  const leftOn = patch.leftOn === undefined ? current.leftOn : patch.leftOn;
  if (leftOn && leftOn < joinedOn) throw invalid('leftOn', 'must not be before joinedOn');
  await updateAudited(s, actor, { ...target(current.consortiumId), id, current, patch });
  return (await findMembership(s.db, id))!;
}

/** Removes a membership entered by mistake; an institution that leaves gets a leftOn date instead. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await deleteAudited(s, actor, { ...target(current.consortiumId), id, before: current });
}

/**
 * The institution leaves: its own administrator (or the platform admin) ends the membership on a
 * date, today by default. The consortium's records of it stay; it no longer counts as a member.
 */
export async function leave(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: MembershipLeave,
): Promise<Membership> {
  const current = await get(s, p, id);
  const own = p.role === 'institution_admin' && p.institutionId === current.institutionId;
  if (!own && p.role !== 'platform_admin')
    throw forbidden("Only the institution's administrator takes it out");
  if (!current.active) throw conflict('The institution has already left this consortium');
  const leftOn = body.leftOn ?? todayInChina(s.now());
  if (leftOn < current.joinedOn) throw invalid('leftOn', 'must not be before joinedOn');
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable('memberships')
      .set({ leftOn, updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    return {
      result: null,
      event: {
        action: 'membership.left',
        entityType: 'membership',
        entityId: id,
        consortiumId: current.consortiumId,
        institutionId: current.institutionId,
        before: { leftOn: current.leftOn },
        after: { leftOn, note: body.note ?? null },
      },
    };
  });
  return (await findMembership(s.db, id))!;
}
