import { ROLE_PERMISSIONS, ROLES } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { invalid, notFound } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';

// What a problem may point at: a consortium the reader sees, and institutions, departments and
// a responsible person of that consortium.

/** The consortium must be one the reader sees: otherwise it does not exist for them. */
export async function visibleConsortium(s: Services, p: Principal, consortiumId: string) {
  const c = await s.db
    .selectFrom('consortia as c')
    .select(['c.id', 'c.name'])
    .where('c.id', '=', consortiumId)
    .where(consortiumVisible(p, 'c.id'))
    .executeTakeFirst();
  if (!c) throw notFound('consortium');
  return c;
}

/** Institutions, departments and the responsible person must all belong to the consortium. */
export async function checkParties(
  s: Services,
  consortiumId: string,
  b: {
    affectedInstitutionIds?: string[];
    ownerDepartmentId?: string | null;
    coOwnerDepartmentIds?: string[];
    responsibleUserId?: string | null;
  },
) {
  const members = s.db
    .selectFrom('memberships')
    .select('institutionId')
    .where('consortiumId', '=', consortiumId);
  if (b.affectedInstitutionIds?.length) {
    const ids = [...new Set(b.affectedInstitutionIds)];
    const found = await s.db
      .selectFrom('institutions')
      .select('id')
      .where('id', 'in', ids)
      .where('id', 'in', members)
      .execute();
    if (found.length !== ids.length)
      throw invalid('affectedInstitutionIds', 'must be institutions of the consortium');
  }
  const depts = [...(b.ownerDepartmentId ? [b.ownerDepartmentId] : []), ...(b.coOwnerDepartmentIds ?? [])];
  if (depts.length) {
    const ids = [...new Set(depts)];
    const found = await s.db
      .selectFrom('departments')
      .select('id')
      .where('id', 'in', ids)
      .where('institutionId', 'in', members)
      .execute();
    if (found.length !== ids.length) {
      const field =
        b.ownerDepartmentId && !found.some((f) => f.id === b.ownerDepartmentId)
          ? 'ownerDepartmentId'
          : 'coOwnerDepartmentIds';
      throw invalid(field, 'must be departments of institutions in the consortium');
    }
  }
  if (b.responsibleUserId) {
    const u = await s.db
      .selectFrom('users')
      .select('id')
      // The responsible person reports progress: a role that may take part in the ledger.
      .where(
        'role',
        'in',
        ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('ledger.raise')),
      )
      .where('id', '=', b.responsibleUserId)
      .where('disabled', '=', false)
      .where('systemAccount', '=', false)
      .where((eb) => eb.or([eb('consortiumId', '=', consortiumId), eb('institutionId', 'in', members)]))
      .executeTakeFirst();
    if (!u) throw invalid('responsibleUserId', 'must be an active user of the consortium');
  }
}
