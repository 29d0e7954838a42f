import { sql } from 'kysely';
import type { CapacityListQuery, CapacitySlot, Page } from '@yilian/domain';
import type { z } from 'zod';
import type { capacityCreate, capacityUpdate } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { institutionManageable, institutionVisible } from '../../scope.js';
import { deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import { likePattern, paginate } from '../shared/paginate.js';

// Reserved capacity (预留号源/床位): receiving departments publish, per day, clinic slots and beds
// kept for referrals. Booking (referral.actions takeSlot) is one conditional UPDATE.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('capacitySlots as c')
    .innerJoin('institutions as i', 'i.id', 'c.institutionId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where(institutionVisible(p, 'c.institutionId'));
}
const columns = [
  'c.id',
  'c.institutionId',
  'i.name as institutionName',
  'c.departmentId',
  'd.name as departmentName',
  'c.date',
  'c.kind',
  'c.label',
  'c.capacity',
  'c.booked',
  'c.createdAt',
] as const;

export async function list(s: Services, p: Principal, q: CapacityListQuery): Promise<Page<CapacitySlot>> {
  let qb = base(s, p);
  if (q.institutionId) qb = qb.where('c.institutionId', '=', q.institutionId);
  if (q.departmentId) qb = qb.where('c.departmentId', '=', q.departmentId);
  if (q.kind) qb = qb.where('c.kind', '=', q.kind);
  if (q.from) qb = qb.where('c.date', '>=', q.from);
  if (q.to) qb = qb.where('c.date', '<=', q.to);
  if (q.available === 'true') qb = qb.where(sql<boolean>`c.booked < c.capacity`);
  if (q.q) qb = qb.where('d.name', 'ilike', likePattern(q.q));
  return paginate(qb, q, (b) => b.select(columns).orderBy('c.date').orderBy('d.name').orderBy('c.label'));
}

async function getRecord(s: Services, p: Principal, id: string) {
  const row = await base(s, p)
    .select(columns)
    .select(institutionManageable(p, 'c.institutionId').as('manageable'))
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('capacity slot');
  return row;
}

export async function get(s: Services, p: Principal, id: string): Promise<CapacitySlot> {
  const { manageable: _m, ...slot } = await getRecord(s, p, id);
  return slot;
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: z.infer<typeof capacityCreate>,
): Promise<CapacitySlot> {
  const dept = await s.db
    .selectFrom('departments as d')
    .select(['d.institutionId', institutionManageable(p, 'd.institutionId').as('manageable')])
    .where('d.id', '=', body.departmentId)
    .where(institutionVisible(p, 'd.institutionId'))
    .executeTakeFirst();
  if (!dept) throw invalid('departmentId', 'no such department');
  if (!dept.manageable) throw forbidden("You do not manage this department's institution");
  const membership = await s.db
    .selectFrom('memberships')
    .select('consortiumId')
    .where('institutionId', '=', dept.institutionId)
    .where('leftOn', 'is', null)
    .orderBy('consortiumId')
    .executeTakeFirst();
  if (!membership) throw invalid('departmentId', 'its institution is not a member of a consortium');
  const id = await insertAudited(
    s,
    actor,
    {
      table: 'capacitySlots',
      entityType: 'capacity',
      consortiumId: membership.consortiumId,
      institutionId: dept.institutionId,
    },
    {
      ...body,
      consortiumId: membership.consortiumId,
      institutionId: dept.institutionId,
    },
  );
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: z.infer<typeof capacityUpdate>,
): Promise<CapacitySlot> {
  const current = await getRecord(s, p, id);
  if (!current.manageable) throw forbidden();
  if (patch.capacity < current.booked)
    throw invalid('capacity', `cannot be less than the ${current.booked} places already booked`);
  await updateAudited(s, actor, {
    table: 'capacitySlots',
    entityType: 'capacity',
    institutionId: current.institutionId,
    id,
    current,
    patch,
    values: { capacity: patch.capacity },
  });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const { manageable, ...current } = await getRecord(s, p, id);
  if (!manageable) throw forbidden();
  if (current.booked > 0) throw conflict('Places of this slot are booked; reduce nothing below them');
  await deleteAudited(s, actor, {
    table: 'capacitySlots',
    entityType: 'capacity',
    institutionId: current.institutionId,
    id,
    before: current,
  });
}
