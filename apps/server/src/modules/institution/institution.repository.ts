import type { InstitutionListQuery } from '@yilian/domain';
import type { Db, Principal, Tx } from '../../context.js';
import { institutionManageable, institutionVisible, memberOf } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

const columns = [
  'i.id',
  'i.code',
  'i.name',
  'i.shortName',
  'i.kind',
  'i.level',
  'i.grade',
  'i.regionCode',
  'i.address',
  'i.uscc',
  'i.medicalLicenseNo',
  'i.createdAt',
  'i.updatedAt',
] as const;

export function listInstitutions(db: Db, p: Principal, q: InstitutionListQuery) {
  let base = db.selectFrom('institutions as i').where(institutionVisible(p, 'i.id'));
  if (q.q) {
    const like = likePattern(q.q);
    base = base.where((eb) =>
      eb.or([
        eb('i.name', 'ilike', like),
        eb('i.code', 'ilike', like),
        eb('i.shortName', 'ilike', like),
        // The identifiers hospitals have: 统一社会信用代码 and 执业许可证登记号.
        eb('i.uscc', 'ilike', like),
        eb('i.medicalLicenseNo', 'ilike', like),
      ]),
    );
  }
  if (q.kind) base = base.where('i.kind', '=', q.kind);
  if (q.level) base = base.where('i.level', '=', q.level);
  if (q.regionCode) base = base.where('i.regionCode', 'like', `${q.regionCode.replace(/(00)+$/, '')}%`);
  if (q.consortiumId) base = base.where(memberOf(q.consortiumId, 'i.id'));
  return paginate(base, q, (qb) =>
    qb.select(columns).select(institutionManageable(p, 'i.id').as('manageable')).orderBy('i.name'),
  );
}

export function findInstitution(db: Db | Tx, p: Principal, id: string) {
  return db
    .selectFrom('institutions as i')
    .select(columns)
    .select(institutionManageable(p, 'i.id').as('manageable'))
    .where('i.id', '=', id)
    .where(institutionVisible(p, 'i.id'))
    .executeTakeFirst();
}
export type InstitutionRecord = NonNullable<Awaited<ReturnType<typeof findInstitution>>>;
