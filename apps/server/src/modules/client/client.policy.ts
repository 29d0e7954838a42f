import { sql, type RawBuilder } from 'kysely';
import type { Principal } from '../../context.js';
import { forbidden, invalid } from '../../errors.js';

// Who manages which system clients. A client acts as its institution, so only those who answer for
// the institution's accounts hold it: the platform admin (every institution) and the institution's
// own administrator (its own). A consortium office does not: a hospital's systems are the
// hospital's, whatever consortia it belongs to. The route asks for client.manage; these rules say where.

/** Condition on the clients table (alias c): the clients the user manages. */
export function clientsManageable(p: Principal): RawBuilder<boolean> {
  switch (p.role) {
    case 'platform_admin':
      return sql<boolean>`true`;
    case 'institution_admin':
      return p.institutionId ? sql<boolean>`c.institution_id = ${p.institutionId}` : sql<boolean>`false`;
    default:
      return sql<boolean>`false`;
  }
}

/**
 * The institution a new client belongs to: the platform admin names it; an institution's
 * administrator registers for its own (naming another is refused, naming none means its own).
 */
export function institutionForNewClient(p: Principal, requested: string | undefined): string {
  if (p.role === 'platform_admin') {
    if (!requested) throw invalid('institutionId', 'is required');
    return requested;
  }
  if (p.role === 'institution_admin' && p.institutionId) {
    if (requested && requested !== p.institutionId)
      throw invalid('institutionId', 'you register clients of your own institution only');
    return p.institutionId;
  }
  throw forbidden('Only the platform admin and an institution’s administrator manage system clients');
}
