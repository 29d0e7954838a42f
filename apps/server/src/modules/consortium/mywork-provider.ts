import type { MyWorkItem } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';

/** Invitations to join a consortium that wait on the reader, as its institution's administrator. */
export async function invitationsAwaitingMe(s: Services, p: Principal): Promise<MyWorkItem[]> {
  if (p.role !== 'institution_admin' || !p.institutionId) return [];
  const rows = await s.db
    .selectFrom('membershipInvitations as mi')
    .innerJoin('consortia as c', 'c.id', 'mi.consortiumId')
    .select(['mi.id', 'c.name as consortiumName', 'mi.role', 'mi.invitedAt'])
    .where('mi.institutionId', '=', p.institutionId)
    .where('mi.state', '=', 'pending')
    .orderBy('mi.invitedAt')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    kind: 'invitation',
    id: r.id,
    title: r.consortiumName,
    subtitle: null,
    reason: 'invitation_answer',
    status: 'pending',
    dueAt: null,
    overdue: false,
    path: '/invitations',
  }));
}
