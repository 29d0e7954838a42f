import type { Membership, MembershipListQuery, MembershipUpdate, Page } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';

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
