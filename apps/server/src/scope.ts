import { sql, type RawBuilder } from 'kysely';
import type { Principal } from './context.js';

// Row-level scope, as SQL conditions that every query of a scoped table includes. Reading is
// wider than writing: members of a consortium see each other's structure, but change only what
// they manage. A record outside what a user can see answers 404, never 403.

/** '320600' (a prefecture) -> '3206', '320000' (a province) -> '32', a county stays whole. */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

const TRUE = sql<boolean>`true`;
const FALSE = sql<boolean>`false`;

/** The consortia the user's institution belongs to now. */
function myConsortia(p: Principal) {
  return sql`(select mc.consortium_id from memberships mc where mc.institution_id = ${p.institutionId} and mc.left_on is null)`;
}

/** Condition on a column holding a consortium id. */
export function consortiumVisible(p: Principal, column: string): RawBuilder<boolean> {
  const col = sql.ref(column);
  switch (p.role) {
    case 'platform_admin':
      return TRUE;
    case 'commission_supervisor':
      if (!p.regionCode) return FALSE;
      return sql<boolean>`${col} in (select cr.id from consortia cr where cr.region_code like ${regionPrefix(p.regionCode) + '%'})`;
    case 'consortium_office':
      return p.consortiumId ? sql<boolean>`${col} = ${p.consortiumId}` : FALSE;
    default:
      if (!p.institutionId) return p.consortiumId ? sql<boolean>`${col} = ${p.consortiumId}` : FALSE;
      return sql<boolean>`${col} in ${myConsortia(p)}`;
  }
}

/** Condition on a column holding an institution id. */
export function institutionVisible(p: Principal, column: string): RawBuilder<boolean> {
  const col = sql.ref(column);
  switch (p.role) {
    case 'platform_admin':
      return TRUE;
    case 'commission_supervisor': {
      if (!p.regionCode) return FALSE;
      const like = regionPrefix(p.regionCode) + '%';
      return sql<boolean>`(${col} in (select ir.id from institutions ir where ir.region_code like ${like})
        or ${col} in (select mr.institution_id from memberships mr join consortia cr on cr.id = mr.consortium_id
                      where cr.region_code like ${like}))`;
    }
    case 'consortium_office':
      if (!p.consortiumId) return FALSE;
      return sql<boolean>`${col} in (select mo.institution_id from memberships mo where mo.consortium_id = ${p.consortiumId})`;
    default:
      if (!p.institutionId) return FALSE;
      return sql<boolean>`(${col} = ${p.institutionId} or ${col} in
        (select mi.institution_id from memberships mi where mi.consortium_id in ${myConsortia(p)}))`;
  }
}

/** Memberships in force today (China time): joined, and not yet left. */
const CURRENT = sql`(left_on is null or left_on > (now() at time zone 'Asia/Shanghai')::date)`;

/**
 * Condition on an institution id column: the institution is a current member of this consortium
 * and of no other. Only then does the consortium's office manage its registry entry, staff and
 * accounts; an institution shared by several consortia is managed by its own administrator.
 */
export function soleMemberOf(consortiumId: string, column: string): RawBuilder<boolean> {
  const col = sql.ref(column);
  return sql<boolean>`(exists (select 1 from memberships ms where ms.institution_id = ${col}
      and ms.consortium_id = ${consortiumId} and ${CURRENT})
    and not exists (select 1 from memberships mx where mx.institution_id = ${col}
      and mx.consortium_id <> ${consortiumId} and ${CURRENT}))`;
}

/** May the user change this consortium, its memberships and agreements? */
export function managesConsortium(p: Principal, consortiumId: string): boolean {
  return p.role === 'platform_admin' || (p.role === 'consortium_office' && p.consortiumId === consortiumId);
}

/**
 * Condition on an institution id column: institutions whose registry entry, departments, staff and
 * accounts the user may change. Seeing is wider than managing: an office sees every member, but
 * manages only the institutions that belong to its consortium alone; the institution's own
 * administrator and the platform admin manage the rest.
 */
export function institutionManageable(p: Principal, column: string): RawBuilder<boolean> {
  const col = sql.ref(column);
  switch (p.role) {
    case 'platform_admin':
      return TRUE;
    case 'consortium_office':
      return p.consortiumId ? soleMemberOf(p.consortiumId, column) : FALSE;
    case 'institution_admin':
      return p.institutionId ? sql<boolean>`${col} = ${p.institutionId}` : FALSE;
    default:
      return FALSE;
  }
}

/** Condition on an institution id column: the institution is (or was) a member of the consortium. */
export function memberOf(consortiumId: string, column: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from memberships mm where mm.institution_id = ${sql.ref(column)} and mm.consortium_id = ${consortiumId})`;
}

/**
 * Condition for records between two institutions (a referral, a booking, a consultation): the
 * staff of either institution see it; the office, supervisors and admins see it through its consortium.
 */
export function twoPartyVisible(
  p: Principal,
  consortiumColumn: string,
  a: string,
  b: string,
): RawBuilder<boolean> {
  if (p.role === 'platform_admin' || p.role === 'commission_supervisor' || p.role === 'consortium_office') {
    return consortiumVisible(p, consortiumColumn);
  }
  if (!p.institutionId) return FALSE;
  return sql<boolean>`(${sql.ref(a)} = ${p.institutionId} or ${sql.ref(b)} = ${p.institutionId})`;
}
