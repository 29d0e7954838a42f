import type { Principal, Tx, Db } from '../../context.js';
import { AppError, forbidden, invalid } from '../../errors.js';

// Who a booking or a consultation request is made for. Staff of a member institution ask for their
// own institution. The consortium office (and the platform admin) acts for a member it names: the
// member becomes the requesting institution, the office's account the one who acted, and the record
// and its audit row say so (on_behalf, after.onBehalfOf). An office acts only for current members of
// its own consortium (docs/architecture.md, scope rules).

/** Roles that work at an institution and ask for their own. */
export const STAFF_ROLES: readonly string[] = ['clinician', 'institution_admin', 'dispatched_expert'];
/** Roles that act for a member institution they name. */
export const ACTS_FOR_MEMBERS: readonly string[] = ['consortium_office', 'platform_admin'];

export interface Requester {
  institutionId: string;
  /** True when the office (or the platform admin) acted for the member. */
  onBehalf: boolean;
}

const FIELD = 'requestingInstitutionId';

/**
 * The requesting institution for a request in `consortiumId`: the caller's own institution for staff,
 * the named member for the office. 400 naming `requestingInstitutionId` when the office names none or
 * an institution that is not a current member of the consortium; 403 when staff name another
 * institution than their own.
 */
export async function requesterFor(
  db: Db | Tx,
  p: Principal,
  consortiumId: string,
  named: string | null | undefined,
  what: string,
): Promise<Requester> {
  if (ACTS_FOR_MEMBERS.includes(p.role)) {
    if (p.role === 'consortium_office' && p.consortiumId !== consortiumId)
      throw invalid(FIELD, 'is not a member of your consortium');
    if (!named) throw invalid(FIELD, `required: the member institution the ${what} is for`);
    await assertCurrentMember(db, consortiumId, named);
    return { institutionId: named, onBehalf: true };
  }
  if (!p.institutionId || !STAFF_ROLES.includes(p.role))
    throw forbidden(`Only staff of a member institution or the consortium office can make a ${what}`);
  if (named && named !== p.institutionId)
    throw new AppError('forbidden', `Only the consortium office makes a ${what} for another institution`, [
      { field: FIELD, message: 'must be your own institution' },
    ]);
  await assertCurrentMember(
    db,
    consortiumId,
    p.institutionId,
    'Your institution is not a member of the consortium',
  );
  return { institutionId: p.institutionId, onBehalf: false };
}

async function assertCurrentMember(db: Db | Tx, consortiumId: string, institutionId: string, own?: string) {
  const m = await db
    .selectFrom('memberships')
    .select('id')
    .where('consortiumId', '=', consortiumId)
    .where('institutionId', '=', institutionId)
    .where('leftOn', 'is', null)
    .executeTakeFirst();
  if (m) return;
  if (own) throw forbidden(own);
  throw invalid(FIELD, 'is not a current member of the consortium');
}

/** What the audit row adds when the office acted for a member. */
export const onBehalfOf = (r: Requester) => (r.onBehalf ? { onBehalfOf: r.institutionId } : {});

/** The office that made a record for a member keeps the requester's side of it (to cancel, to rate). */
export const actedForMember = (p: Principal, r: { onBehalf: boolean; requestedById: string | null }) =>
  r.onBehalf && r.requestedById === p.userId && ACTS_FOR_MEMBERS.includes(p.role);
