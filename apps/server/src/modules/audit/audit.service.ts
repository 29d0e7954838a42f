import type { AuditEntry, AuditListQuery, Page } from '@yilian/domain';
import { scrub } from '../../audit/audit.js';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible, institutionManageable } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

export async function list(s: Services, p: Principal, q: AuditListQuery): Promise<Page<AuditEntry>> {
  let qb = s.db.selectFrom('auditLog as a');
  // An entry is visible through its consortium, or through the institution whose records it changed.
  if (p.role !== 'platform_admin') {
    qb = qb.where((eb) =>
      eb.or([consortiumVisible(p, 'a.consortiumId'), institutionManageable(p, 'a.institutionId')]),
    );
  }
  if (q.action) qb = qb.where('a.action', '=', q.action);
  if (q.entityType) qb = qb.where('a.entityType', '=', q.entityType);
  if (q.entityId) qb = qb.where('a.entityId', '=', q.entityId);
  if (q.actor) qb = qb.where('a.actorName', 'ilike', likePattern(q.actor));
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('a.action', 'ilike', likePattern(q.q!)), eb('a.entityType', 'ilike', likePattern(q.q!))]),
    );
  if (q.from) qb = qb.where('a.at', '>=', `${q.from}T00:00:00+08:00`);
  if (q.to)
    qb = qb.where('a.at', '<', new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000).toISOString());
  const page = await paginate(qb, q, (b) =>
    b
      .select([
        'a.id',
        'a.at',
        'a.actorId',
        'a.actorName',
        'a.ip',
        'a.action',
        'a.entityType',
        'a.entityId',
        'a.consortiumId',
        'a.institutionId',
        'a.before',
        'a.after',
      ])
      .orderBy('a.id', 'desc'),
  );
  return {
    ...page,
    items: page.items.map((e) => ({
      ...e,
      // The trail has masked personal numbers since audit.ts began to at write; rows written
      // before keep theirs (the chain must still verify), so the page masks by the same rule.
      before: scrub(e.before),
      after: scrub(e.after),
    })),
  };
}
