import { sql, type RawBuilder } from 'kysely';
import type { Db, Principal, Tx } from '../../context.js';
import { invalid } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';

// Who sees and changes what in expert dispatch. The office sees its consortium; a member
// institution sees the programmes it sends from or hosts, and the postings at it or of its staff;
// a sending institution's administrator runs its own programmes.

const wide = (p: Principal) =>
  p.role === 'platform_admin' || p.role === 'commission_supervisor' || p.role === 'consortium_office';

/** Condition on a programme row (aliased `alias`). */
export function programmeVisible(p: Principal, alias: string): RawBuilder<boolean> {
  if (wide(p)) return consortiumVisible(p, `${alias}.consortiumId`);
  if (!p.institutionId) return sql<boolean>`false`;
  return sql<boolean>`(${sql.ref(`${alias}.sendingInstitutionId`)} = ${p.institutionId} or ${sql.ref(`${alias}.hostInstitutionId`)} = ${p.institutionId})`;
}

/** Condition on a posting (aliased `po`) joined with its programme (`pr`) and staff (`st`). */
export function postingVisible(p: Principal): RawBuilder<boolean> {
  if (wide(p)) return consortiumVisible(p, 'po.consortiumId');
  if (!p.institutionId) return sql<boolean>`false`;
  return sql<boolean>`(${programmeVisible(p, 'pr')} or po.host_institution_id = ${p.institutionId} or st.institution_id = ${p.institutionId})`;
}

/** Condition on a row of an institution's own (an expert's or a department's institution). */
export function ownInstitutionVisible(p: Principal, consortiumColumn: string, institutionColumn: string) {
  if (wide(p)) return consortiumVisible(p, consortiumColumn);
  if (!p.institutionId) return sql<boolean>`false`;
  return sql<boolean>`(${sql.ref(consortiumColumn)} in (select m.consortium_id from memberships m where m.institution_id = ${p.institutionId} and m.left_on is null) and ${sql.ref(institutionColumn)} = ${p.institutionId})`;
}

/** The office of the consortium, or the administrator of the institution concerned. */
export function managesFor(p: Principal, consortiumId: string, institutionId: string): boolean {
  return (
    managesConsortium(p, consortiumId) ||
    (p.role === 'institution_admin' && p.institutionId === institutionId)
  );
}

/**
 * The consortium a new record goes into: the office's own, the one a platform administrator
 * names, or the institution administrator's. Every institution named must be a member of it now.
 */
export async function consortiumToActIn(
  db: Db | Tx,
  p: Principal,
  given: string | undefined,
  members: Record<string, string>,
): Promise<string> {
  let consortiumId: string | null | undefined = given;
  if (p.role !== 'platform_admin') {
    if (given && given !== p.consortiumId) throw invalid('consortiumId', 'not your consortium');
    consortiumId = p.consortiumId;
    if (!consortiumId && p.institutionId) {
      const m = await db
        .selectFrom('memberships')
        .select('consortiumId')
        .where('institutionId', '=', p.institutionId)
        .where('leftOn', 'is', null)
        .orderBy('joinedOn')
        .executeTakeFirst();
      consortiumId = m?.consortiumId;
    }
  }
  if (!consortiumId) throw invalid('consortiumId', 'is required');
  const ids = [...new Set(Object.values(members))];
  const rows = ids.length
    ? await db
        .selectFrom('memberships')
        .select('institutionId')
        .where('consortiumId', '=', consortiumId)
        .where('leftOn', 'is', null)
        .where('institutionId', 'in', ids)
        .execute()
    : [];
  const found = new Set(rows.map((r) => r.institutionId));
  for (const [field, instId] of Object.entries(members))
    if (!found.has(instId)) throw invalid(field, 'is not a member institution of the consortium');
  return consortiumId;
}
