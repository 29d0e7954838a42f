import type {
  MembershipInvitation,
  MembershipInvitationAnswer,
  MembershipInvitationCreate,
  MembershipInvitationListQuery,
  Page,
} from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { notify, officeOf, usersOf } from '../notification/notify.js';
import { todayInChina } from '../shared/paginate.js';
import { get as getConsortium } from './consortium.service.js';
import {
  closeInvitation,
  findInstitutionForInvitation,
  findInvitation,
  findMembershipRow,
  listInvitations,
  type InvitationRecord,
} from './invitation.repository.js';

// Membership as the real world makes it: the consortium invites, the institution answers. The
// office can ask but never bind; only the institution's administrator (or the platform admin)
// turns an invitation into a membership, and the institution may leave again.

const present = (r: InvitationRecord): MembershipInvitation => r;

export async function list(
  s: Services,
  p: Principal,
  q: MembershipInvitationListQuery,
): Promise<Page<MembershipInvitation>> {
  const page = await listInvitations(s.db, p, q);
  return { ...page, items: page.items.map(present) };
}

export async function get(s: Services, p: Principal, id: string): Promise<MembershipInvitation> {
  const r = await findInvitation(s.db, p, id);
  if (!r) throw notFound('membership invitation');
  return present(r);
}

/** Who answers for the institution: its own administrator, or the platform admin. */
function answersFor(p: Principal, inv: { institutionId: string }): boolean {
  return (
    p.role === 'platform_admin' || (p.role === 'institution_admin' && p.institutionId === inv.institutionId)
  );
}

const stillOpen = (state: string) => conflict(`The invitation is no longer open: it was ${state}`);

export async function invite(
  s: Services,
  p: Principal,
  actor: Actor,
  consortiumId: string,
  body: MembershipInvitationCreate,
): Promise<MembershipInvitation> {
  await getConsortium(s, p, consortiumId);
  if (!managesConsortium(p, consortiumId)) throw forbidden();
  const institution = await findInstitutionForInvitation(s.db, body);
  const field = body.institutionId ? 'institutionId' : 'institutionCode';
  if (!institution) throw invalid(field, 'no such institution');
  const membership = await findMembershipRow(s.db, consortiumId, institution.id);
  if (membership && (!membership.leftOn || membership.leftOn > todayInChina(s.now())))
    throw conflict('The institution is already a member of this consortium');
  const id = await s.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('membershipInvitations')
      .values({
        consortiumId,
        institutionId: institution.id,
        role: body.role,
        joinedOn: body.joinedOn ?? null,
        note: body.note ?? null,
        invitedBy: p.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'membership.invited',
      entityType: 'membership_invitation',
      entityId: row.id,
      consortiumId,
      institutionId: institution.id,
      after: row,
    });
    const consortium = await trx
      .selectFrom('consortia')
      .select('name')
      .where('id', '=', consortiumId)
      .executeTakeFirstOrThrow();
    await notify(trx, await usersOf(trx, institution.id, ['institution_admin']), {
      kind: 'membership.invited',
      title: '医联体入盟邀请，请确认',
      body: `${consortium.name} 邀请 ${institution.name} 加入`,
    });
    return row.id;
  });
  return get(s, p, id);
}

/** The institution says yes: the membership begins (or resumes, for one that had left). */
export async function accept(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: MembershipInvitationAnswer,
): Promise<MembershipInvitation> {
  const inv = await get(s, p, id);
  if (!answersFor(p, inv)) throw forbidden("Only the institution's administrator answers its invitations");
  if (inv.state !== 'pending') throw stillOpen(inv.state);
  const now = s.now();
  const joinedOn = inv.joinedOn ?? todayInChina(now);
  await s.db.transaction().execute(async (trx) => {
    const before = await findMembershipRow(trx, inv.consortiumId, inv.institutionId);
    if (before && (!before.leftOn || before.leftOn > todayInChina(now)))
      throw conflict('The institution is already a member of this consortium');
    const membership = before
      ? await trx
          .updateTable('memberships')
          .set({ role: inv.role, joinedOn, leftOn: null, updatedAt: now.toISOString() })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('memberships')
          .values({
            consortiumId: inv.consortiumId,
            institutionId: inv.institutionId,
            role: inv.role,
            joinedOn,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    const closed = await closeInvitation(trx, id, 'accepted', {
      userId: p.userId,
      note: body.note ?? null,
      at: now.toISOString(),
      membershipId: membership.id,
    });
    if (!closed) throw conflict('The invitation was answered at the same time; reload it');
    await recordAudit(trx, actor, {
      action: 'membership.invitation_accepted',
      entityType: 'membership_invitation',
      entityId: id,
      consortiumId: inv.consortiumId,
      institutionId: inv.institutionId,
      before: { state: 'pending' },
      after: { state: 'accepted', membershipId: membership.id, note: body.note ?? null },
    });
    await recordAudit(trx, actor, {
      action: before ? 'membership.updated' : 'membership.created',
      entityType: 'membership',
      entityId: membership.id,
      consortiumId: inv.consortiumId,
      institutionId: inv.institutionId,
      before: before ?? null,
      after: membership,
    });
    await tellOffice(trx, inv, `${inv.institutionName} 已接受邀请，加入${inv.consortiumName}`);
  });
  return get(s, p, id);
}

export async function decline(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: MembershipInvitationAnswer,
): Promise<MembershipInvitation> {
  const inv = await get(s, p, id);
  if (!answersFor(p, inv)) throw forbidden("Only the institution's administrator answers its invitations");
  await answer(s, p, actor, inv, 'declined', body.note ?? null);
  return get(s, p, id);
}

/** The consortium takes back an invitation not yet answered. */
export async function withdraw(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: MembershipInvitationAnswer,
): Promise<MembershipInvitation> {
  const inv = await get(s, p, id);
  if (!managesConsortium(p, inv.consortiumId)) throw forbidden();
  await answer(s, p, actor, inv, 'withdrawn', body.note ?? null);
  return get(s, p, id);
}

async function answer(
  s: Services,
  p: Principal,
  actor: Actor,
  inv: MembershipInvitation,
  to: 'declined' | 'withdrawn',
  note: string | null,
) {
  if (inv.state !== 'pending') throw stillOpen(inv.state);
  await s.db.transaction().execute(async (trx) => {
    const closed = await closeInvitation(trx, inv.id, to, {
      userId: p.userId,
      note,
      at: s.now().toISOString(),
    });
    if (!closed) throw new AppError('conflict', 'The invitation was answered at the same time; reload it');
    await recordAudit(trx, actor, {
      action: to === 'declined' ? 'membership.invitation_declined' : 'membership.invitation_withdrawn',
      entityType: 'membership_invitation',
      entityId: inv.id,
      consortiumId: inv.consortiumId,
      institutionId: inv.institutionId,
      before: { state: 'pending' },
      after: { state: to, note },
    });
    if (to === 'declined')
      await tellOffice(trx, inv, `${inv.institutionName} 谢绝了加入${inv.consortiumName}的邀请`);
  });
}

async function tellOffice(trx: Tx, inv: MembershipInvitation, title: string) {
  await notify(trx, await officeOf(trx, inv.consortiumId), {
    kind: 'membership.answered',
    title,
    body: null,
    consortiumId: inv.consortiumId,
  });
}
