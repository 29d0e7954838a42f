import type {
  Institution,
  InstitutionCreate,
  InstitutionListQuery,
  InstitutionUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { regionByCode, regionName } from '../region/regions.js';
import { audited, updateAudited } from '../shared/audited.js';
import { todayInChina } from '../shared/paginate.js';
import { findInstitution, listInstitutions, type InstitutionRecord } from './institution.repository.js';

function present(i: InstitutionRecord): Institution {
  return { ...i, manageable: i.manageable === true, regionName: regionName(i.regionCode) };
}

function checkRegion(code: string | undefined) {
  if (code !== undefined && !regionByCode(code)) throw invalid('regionCode', 'is not a GB/T 2260 code');
}

/** Each identifier names one institution: a second one with it answers 409 naming the field. */
const UNIQUE_FIELD: Record<string, { field: string; label: string }> = {
  institutions_uscc: { field: 'uscc', label: '统一社会信用代码' },
  institutions_medical_license_no: { field: 'medicalLicenseNo', label: '医疗机构执业许可证登记号' },
  institutions_code_key: { field: 'code', label: 'code' },
};
async function namingTheField<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    const unique = e.code === '23505' && e.constraint ? UNIQUE_FIELD[e.constraint] : undefined;
    if (!unique) throw err;
    const message = `another institution has this ${unique.label}`;
    throw new AppError('conflict', `${unique.field}: ${message}`, [{ field: unique.field, message }]);
  }
}

export async function list(s: Services, p: Principal, q: InstitutionListQuery): Promise<Page<Institution>> {
  const page = await listInstitutions(s.db, p, q);
  return { ...page, items: page.items.map((i) => present(i)) };
}

async function getRecord(s: Services, p: Principal, id: string): Promise<InstitutionRecord> {
  const i = await findInstitution(s.db, p, id);
  if (!i) throw notFound('institution');
  return i;
}

export async function get(s: Services, p: Principal, id: string): Promise<Institution> {
  return present(await getRecord(s, p, id));
}

/** A consortium office creates institutions as members of its own consortium, in one step. */
export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: InstitutionCreate,
): Promise<Institution> {
  checkRegion(body.regionCode);
  const { consortiumId: requested, ...fields } = body;
  const consortiumId = p.role === 'consortium_office' ? (requested ?? p.consortiumId) : requested;
  if (consortiumId && !managesConsortium(p, consortiumId))
    throw invalid('consortiumId', 'not a consortium you manage');
  const id = await namingTheField(() =>
    audited(s, actor, async (trx) => {
      const row = await trx
        .insertInto('institutions')
        .values({
          ...fields,
          shortName: fields.shortName ?? null,
          address: fields.address ?? null,
          uscc: fields.uscc ?? null,
          medicalLicenseNo: fields.medicalLicenseNo ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (consortiumId) {
        await trx
          .insertInto('memberships')
          .values({ consortiumId, institutionId: row.id, role: 'member', joinedOn: todayInChina() })
          .execute();
      }
      return {
        result: row.id,
        event: {
          action: 'institution.created',
          entityType: 'institution',
          institutionId: row.id,
          entityId: row.id,
          consortiumId,
          after: { ...row, consortiumId },
        },
      };
    }),
  );
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: InstitutionUpdate,
): Promise<Institution> {
  const current = await getRecord(s, p, id);
  if (!current.manageable) throw forbidden();
  checkRegion(patch.regionCode);
  await namingTheField(() =>
    updateAudited(s, actor, {
      table: 'institutions',
      entityType: 'institution',
      institutionId: id,
      id,
      current,
      patch,
    }),
  );
  return get(s, p, id);
}

/**
 * Deletes an institution entered by mistake, with its memberships. One with departments, staff or
 * accounts answers 409. A consortium office may delete only institutions that belong to no other
 * consortium.
 */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getRecord(s, p, id);
  if (!current.manageable || p.role === 'institution_admin') throw forbidden();
  const memberships = await s.db
    .selectFrom('memberships')
    .select(['consortiumId'])
    .where('institutionId', '=', id)
    .execute();
  if (p.role !== 'platform_admin' && memberships.some((m) => m.consortiumId !== p.consortiumId)) {
    throw conflict('The institution belongs to another consortium as well');
  }
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('memberships').where('institutionId', '=', id).execute();
    await trx.deleteFrom('institutions').where('id', '=', id).execute();
    const { manageable: _m, ...before } = current;
    return {
      result: null,
      event: {
        action: 'institution.deleted',
        entityType: 'institution',
        institutionId: id,
        entityId: id,
        consortiumId: memberships[0]?.consortiumId ?? null,
        before: { ...before, memberships },
      },
    };
  });
}
