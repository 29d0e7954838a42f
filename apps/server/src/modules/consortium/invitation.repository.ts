import { sql, type RawBuilder } from 'kysely';
import type { MembershipInvitationListQuery } from '@yilian/domain';
import type { Db, Principal, Tx } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

/**
 * Invitations a user sees: the office those of its consortium, the institution's administrator
 * those addressed to its institution (from any consortium), a supervisor those of the consortia of
 * its region, the platform admin all. Doctors and viewers have nothing to answer and see none.
 */
export function invitationsVisible(p: Principal): RawBuilder<boolean> {
  switch (p.role) {
    case 'platform_admin':
    case 'commission_supervisor':
      return consortiumVisible(p, 'mi.consortiumId');
    case 'consortium_office':
      return p.consortiumId ? sql<boolean>`mi.consortium_id = ${p.consortiumId}` : sql<boolean>`false`;
    case 'institution_admin':
      return p.institutionId ? sql<boolean>`mi.institution_id = ${p.institutionId}` : sql<boolean>`false`;
    default:
      return sql<boolean>`false`;
  }
}

function base(db: Db | Tx) {
  return db
    .selectFrom('membershipInvitations as mi')
    .innerJoin('consortia as c', 'c.id', 'mi.consortiumId')
    .innerJoin('institutions as i', 'i.id', 'mi.institutionId')
    .leftJoin('users as ub', 'ub.id', 'mi.invitedBy')
    .leftJoin('users as ua', 'ua.id', 'mi.answeredBy');
}

const columns = [
  'mi.id',
  'mi.consortiumId',
  'c.name as consortiumName',
  'mi.institutionId',
  'i.name as institutionName',
  'i.code as institutionCode',
  'mi.role',
  'mi.joinedOn',
  'mi.note',
  'mi.state',
  'ub.displayName as invitedByName',
  'mi.invitedAt',
  'ua.displayName as answeredByName',
  'mi.answeredAt',
  'mi.answerNote',
  'mi.membershipId',
] as const;

const STATE_ORDER = sql<number>`case mi.state when 'pending' then 0 else 1 end`;

export function listInvitations(db: Db, p: Principal, q: MembershipInvitationListQuery) {
  let qb = base(db).where(invitationsVisible(p));
  if (q.state) qb = qb.where('mi.state', '=', q.state);
  if (q.consortiumId) qb = qb.where('mi.consortiumId', '=', q.consortiumId);
  if (q.institutionId) qb = qb.where('mi.institutionId', '=', q.institutionId);
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) =>
      eb.or([eb('i.name', 'ilike', like), eb('i.code', 'ilike', like), eb('c.name', 'ilike', like)]),
    );
  }
  return paginate(qb, q, (b) => b.select(columns).orderBy(STATE_ORDER).orderBy('mi.invitedAt', 'desc'));
}

/** One invitation within the user's sight, or undefined (the caller answers 404). */
export function findInvitation(db: Db | Tx, p: Principal, id: string) {
  return base(db).select(columns).where('mi.id', '=', id).where(invitationsVisible(p)).executeTakeFirst();
}
export type InvitationRecord = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/** The institution by id or by its code, whatever consortium it belongs to. */
export function findInstitutionForInvitation(
  db: Db,
  by: { institutionId?: string; institutionCode?: string },
) {
  let qb = db.selectFrom('institutions').select(['id', 'name']);
  qb = by.institutionId
    ? qb.where('id', '=', by.institutionId)
    : qb.where('code', '=', by.institutionCode ?? '');
  return qb.executeTakeFirst();
}

/** The institution's membership row in the consortium, current or past. */
export function findMembershipRow(db: Db | Tx, consortiumId: string, institutionId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('consortiumId', '=', consortiumId)
    .where('institutionId', '=', institutionId)
    .executeTakeFirst();
}

/** Moves a pending invitation on; undefined when another answer came first. */
export function closeInvitation(
  trx: Tx,
  id: string,
  to: 'accepted' | 'declined' | 'withdrawn',
  by: { userId: string; note: string | null; at: string; membershipId?: string | null },
) {
  return trx
    .updateTable('membershipInvitations')
    .set({
      state: to,
      answeredBy: by.userId,
      answeredAt: by.at,
      answerNote: by.note,
      membershipId: by.membershipId ?? null,
      updatedAt: by.at,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .returning(['id', 'state'])
    .executeTakeFirst();
}
