import { maskIdNumber, maskPhone, type AuditEntry, type AuditListQuery, type Page } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible, institutionManageable } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';

/** The trail keeps what changed; the page that shows it masks personal numbers like any list. */
function maskPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (typeof v === 'string' && /phone/i.test(k)) return [k, maskPhone(v)];
        if (typeof v === 'string' && /idNumber/i.test(k)) return [k, maskIdNumber(v)];
        return [k, maskPersonal(v)];
      }),
    );
  }
  return value;
}

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
      before: maskPersonal(e.before) ?? null,
      after: maskPersonal(e.after) ?? null,
    })),
  };
}
