import { sql } from 'kysely';
import type { AgreementListQuery } from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';

function base(db: Db, p: Principal) {
  return db
    .selectFrom('agreements as a')
    .innerJoin('consortia as c', 'c.id', 'a.consortiumId')
    .where(consortiumVisible(p, 'a.consortiumId'));
}

const columns = [
  'a.id',
  'a.consortiumId',
  'c.name as consortiumName',
  'a.title',
  'a.parties',
  'a.signedOn',
  'a.effectiveOn',
  'a.expiresOn',
  'a.summary',
  'a.documentKey',
  'a.documentName',
  'a.documentSize',
  'a.documentType',
  'a.createdAt',
  'a.updatedAt',
] as const;

export function listAgreements(db: Db, p: Principal, q: AgreementListQuery) {
  let qb = base(db, p);
  if (q.q) qb = qb.where('a.title', 'ilike', likePattern(q.q));
  if (q.consortiumId) qb = qb.where('a.consortiumId', '=', q.consortiumId);
  const today = todayInChina();
  if (q.status === 'expired') qb = qb.where('a.expiresOn', '<', today);
  if (q.status === 'pending') qb = qb.where(sql<boolean>`coalesce(a.effective_on, a.signed_on) > ${today}`);
  if (q.status === 'active') {
    qb = qb
      .where((eb) => eb.or([eb('a.expiresOn', 'is', null), eb('a.expiresOn', '>=', today)]))
      .where(sql<boolean>`coalesce(a.effective_on, a.signed_on) <= ${today}`);
  }
  return paginate(qb, q, (b) => b.select(columns).orderBy('a.signedOn', 'desc'));
}

export function findAgreement(db: Db, p: Principal, id: string) {
  return base(db, p).select(columns).where('a.id', '=', id).executeTakeFirst();
}
export type AgreementRecord = NonNullable<Awaited<ReturnType<typeof findAgreement>>>;
