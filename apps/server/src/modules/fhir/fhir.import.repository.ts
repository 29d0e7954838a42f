import { sql } from 'kysely';
import type { Db, Principal } from '../../context.js';
import { institutionVisible } from '../../scope.js';
import { referralVisible } from '../referral/referral.repository.js';
import { URI } from './fhir.codes.js';
import type { OrgIdentifier } from './fhir.import.js';

// The queries of an import: institutions by the identifiers hospitals have, staff by their
// licence, a referral by the sender's order number. Scope as everywhere: only institutions the
// caller sees (the members of their consortia), only referrals they see.

/** The institutions one Organization's identifiers name, among those the caller sees. */
export async function findInstitutionsByIdentifiers(db: Db, p: Principal, ids: OrgIdentifier[]) {
  const of = (system: string) => ids.filter((i) => i.system === system).map((i) => i.value);
  const codes = of(URI.institutionCode);
  const usccs = [...of(URI.uscc), ...of(URI.ws500Organization).filter((v) => v.length === 18)];
  const licenses = of(URI.medicalLicense);
  // WS/T 500's 医疗卫生机构标识 may be the 9-character organization code inside the 统一社会信用代码.
  const orgCodes = of(URI.ws500Organization)
    .map((v) => v.replace(/-/g, ''))
    .filter((v) => v.length === 9);
  if (!codes.length && !usccs.length && !licenses.length && !orgCodes.length) return [];
  return db
    .selectFrom('institutions as i')
    .select(['i.id', 'i.code', 'i.name', 'i.level', 'i.uscc', 'i.medicalLicenseNo'])
    .where(institutionVisible(p, 'i.id'))
    .where((eb) =>
      eb.or([
        ...(codes.length ? [eb('i.code', 'in', codes)] : []),
        ...(usccs.length ? [eb('i.uscc', 'in', usccs)] : []),
        ...(licenses.length ? [eb('i.medicalLicenseNo', 'in', licenses)] : []),
        ...(orgCodes.length ? [eb(sql<string>`substr(i.uscc, 9, 9)`, 'in', orgCodes)] : []),
      ]),
    )
    .orderBy('i.name')
    .execute();
}
export type FoundInstitution = Awaited<ReturnType<typeof findInstitutionsByIdentifiers>>[number];

/** The two institutions' roles in a consortium they both belong to now (the first, by id). */
export async function rolesInCommonConsortium(db: Db, fromId: string, toId: string) {
  return db
    .selectFrom('memberships as a')
    .innerJoin('memberships as b', 'b.consortiumId', 'a.consortiumId')
    .select(['a.role as fromRole', 'b.role as toRole'])
    .where('a.institutionId', '=', fromId)
    .where('b.institutionId', '=', toId)
    .where('a.leftOn', 'is', null)
    .where('b.leftOn', 'is', null)
    .orderBy('a.consortiumId')
    .executeTakeFirst();
}

/** Staff of the institution with one of these 执业证书编码. */
export function findStaffByLicense(db: Db, institutionId: string, licenses: string[]) {
  return db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('institutionId', '=', institutionId)
    .where('practitionerId', 'in', licenses)
    .orderBy('name')
    .execute();
}

/**
 * The referrals from an institution that an identifier names: its Yilian referral number, or
 * the order number its sending system gave it. A system left out matches either.
 */
export function findReferralIdsByIdentifier(
  db: Db,
  p: Principal,
  fromInstitutionId: string,
  id: { system: string | undefined; value: string },
) {
  return db
    .selectFrom('referrals as r')
    .select('r.id')
    .where('r.fromInstitutionId', '=', fromInstitutionId)
    .where(referralVisible(p))
    .where((eb) => {
      const own = eb('r.code', '=', id.value);
      const sender = eb.and([
        eb('r.senderIdentifierValue', '=', id.value),
        ...(id.system ? [eb('r.senderIdentifierSystem', '=', id.system)] : []),
      ]);
      if (id.system === URI.referralCode) return own;
      return id.system ? sender : eb.or([own, sender]);
    })
    .limit(2)
    .execute();
}

/** An institution the caller sees, by id (a single create's `Organization/{id}`). */
export function findVisibleInstitution(db: Db, p: Principal, id: string) {
  return db
    .selectFrom('institutions as i')
    .select(['i.id', 'i.code'])
    .where('i.id', '=', id)
    .where(institutionVisible(p, 'i.id'))
    .executeTakeFirst();
}

/**
 * A registered patient the caller sees through one of their referrals, with the full numbers:
 * a single create's `Patient/{id}` refers the patient as registered.
 */
export function findRegisteredPatient(db: Db, p: Principal, id: string) {
  return db
    .selectFrom('patients as pt')
    .select([
      'pt.id',
      'pt.name',
      'pt.sex',
      'pt.birthDate',
      'pt.idType',
      'pt.idNumber',
      'pt.phone',
      'pt.insuranceNo',
    ])
    .where('pt.id', '=', id)
    .where(
      sql<boolean>`exists (select 1 from referrals r where r.patient_id = pt.id and ${referralVisible(p)})`,
    )
    .executeTakeFirst();
}
