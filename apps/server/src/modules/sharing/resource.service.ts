import { sql } from 'kysely';
import type { Page, ResourceCreate, ResourceListQuery, ResourceUpdate, SharedResource } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import { assertMembers } from '../shared/members.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { slotsOf } from './schedule.js';

// The catalogue of shared equipment and service centres. The consortium office or the owner
// institution's administrator lists them; every member that may book sees them.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('sharedResources as sr')
    .innerJoin('institutions as i', 'i.id', 'sr.ownerInstitutionId')
    .where(consortiumVisible(p, 'sr.consortiumId'));
}
const columns = [
  'sr.id',
  'sr.consortiumId',
  'sr.ownerInstitutionId',
  'i.name as ownerInstitutionName',
  'sr.type',
  'sr.name',
  'sr.location',
  'sr.openDays',
  'sr.openFrom',
  'sr.openTo',
  'sr.slotMinutes',
  'sr.capacityPerSlot',
  'sr.bookableInstitutionIds',
  'sr.active',
  'sr.createdAt',
  'sr.updatedAt',
] as const;

export async function list(s: Services, p: Principal, q: ResourceListQuery): Promise<Page<SharedResource>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('sr.name', 'ilike', likePattern(q.q!)), eb('i.name', 'ilike', likePattern(q.q!))]),
    );
  if (q.type) qb = qb.where('sr.type', '=', q.type);
  if (q.ownerInstitutionId) qb = qb.where('sr.ownerInstitutionId', '=', q.ownerInstitutionId);
  if (q.consortiumId) qb = qb.where('sr.consortiumId', '=', q.consortiumId);
  return paginate(qb, q, (b) => b.select(columns).orderBy('i.name').orderBy('sr.name'));
}

export async function get(s: Services, p: Principal, id: string): Promise<SharedResource> {
  const row = await base(s, p).select(columns).where('sr.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('shared resource');
  return row;
}

function manages(p: Principal, r: { consortiumId: string; ownerInstitutionId: string }) {
  return (
    managesConsortium(p, r.consortiumId) ||
    (p.role === 'institution_admin' && p.institutionId === r.ownerInstitutionId)
  );
}

/** The consortium the owner belongs to that the user may list resources in. */
async function consortiumFor(s: Services, p: Principal, ownerInstitutionId: string): Promise<string> {
  const rows = await s.db
    .selectFrom('memberships')
    .select('consortiumId')
    .where('institutionId', '=', ownerInstitutionId)
    .where('leftOn', 'is', null)
    .orderBy('consortiumId')
    .execute();
  const ok = rows
    .map((r) => r.consortiumId)
    .find((cid) => manages(p, { consortiumId: cid, ownerInstitutionId }));
  if (!ok) throw invalid('ownerInstitutionId', 'not an institution whose resources you manage');
  return ok;
}

/** Only current members of the resource's consortium may be named as the ones that book it. */
const bookersAreMembers = (s: Services, consortiumId: string, ids: string[] | null | undefined) =>
  assertMembers(s.db, consortiumId, ids ?? [], (i) => `bookableInstitutionIds.${i}`, { current: true });

const target = (consortiumId: string, institutionId: string) => ({
  table: 'sharedResources' as const,
  entityType: 'resource',
  consortiumId,
  institutionId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ResourceCreate,
): Promise<SharedResource> {
  const consortiumId = await consortiumFor(s, p, body.ownerInstitutionId);
  await bookersAreMembers(s, consortiumId, body.bookableInstitutionIds);
  const id = await insertAudited(s, actor, target(consortiumId, body.ownerInstitutionId), {
    ...body,
    consortiumId,
    location: body.location ?? null,
    openDays: JSON.stringify([...new Set(body.openDays)].sort()),
    bookableInstitutionIds: body.bookableInstitutionIds ? JSON.stringify(body.bookableInstitutionIds) : null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: ResourceUpdate,
): Promise<SharedResource> {
  const current = await get(s, p, id);
  if (!manages(p, current)) throw forbidden();
  const hours = { ...current, ...patch };
  if (hours.openFrom >= hours.openTo) throw invalid('openTo', 'must be after openFrom');
  await bookersAreMembers(s, current.consortiumId, patch.bookableInstitutionIds);
  const { openDays, bookableInstitutionIds, ...plain } = patch;
  const values = {
    ...plain,
    ...(openDays ? { openDays: JSON.stringify([...new Set(patch.openDays)].sort()) } : {}),
    ...(patch.bookableInstitutionIds !== undefined
      ? {
          bookableInstitutionIds: patch.bookableInstitutionIds
            ? JSON.stringify(patch.bookableInstitutionIds)
            : null,
        }
      : {}),
  };
  await updateAudited(s, actor, {
    ...target(current.consortiumId, current.ownerInstitutionId),
    id,
    current,
    patch,
    values,
  });
  return get(s, p, id);
}

/** A resource with bookings cannot be deleted (409); set it inactive instead. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!manages(p, current)) throw forbidden();
  await deleteAudited(s, actor, {
    ...target(current.consortiumId, current.ownerInstitutionId),
    id,
    before: current,
  });
}

/** A day's slots with their capacity and what is booked. */
export async function slots(s: Services, p: Principal, id: string, date: string) {
  const r = await get(s, p, id);
  const starts = slotsOf(r, date);
  if (starts.length === 0) return [];
  const usage = await s.db
    .selectFrom('resourceSlotUsage')
    .select(['slotStart', 'booked', 'capacity'])
    .where('resourceId', '=', id)
    .where('slotStart', 'in', starts)
    .execute();
  const used = new Map(usage.map((u) => [new Date(u.slotStart).toISOString(), u]));
  return starts.map((start) => ({
    start,
    end: new Date(Date.parse(start) + r.slotMinutes * 60_000).toISOString(),
    capacity: used.get(start)?.capacity ?? r.capacityPerSlot,
    booked: used.get(start)?.booked ?? 0,
  }));
}

/** Utilisation per resource over a period (days in China). */
export async function utilisation(s: Services, p: Principal, from: string, to: string) {
  const { rows } = await sql<{
    resourceId: string;
    resourceName: string;
    capacity: number;
    booked: number;
    completed: number;
    noShows: number;
    cancelled: number;
  }>`
    select sr.id as "resourceId", sr.name as "resourceName",
      coalesce((select sum(u.capacity) from resource_slot_usage u where u.resource_id = sr.id
        and u.slot_start >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
        and u.slot_start < (${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'), 0)::int as capacity,
      count(b.id) filter (where b.status in ('requested', 'confirmed', 'completed', 'no_show'))::int as booked,
      count(b.id) filter (where b.status = 'completed')::int as completed,
      count(b.id) filter (where b.status = 'no_show')::int as "noShows",
      count(b.id) filter (where b.status = 'cancelled')::int as cancelled
    from shared_resources sr
    left join resource_bookings b on b.resource_id = sr.id
      and b.slot_start >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
      and b.slot_start < (${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'
    where ${consortiumVisible(p, 'sr.consortiumId')}
    group by sr.id, sr.name
    order by sr.name
  `.execute(s.db);
  return rows.map((r) => ({
    ...r,
    utilisation: r.capacity ? Math.round((r.booked / r.capacity) * 10000) / 10000 : null,
  }));
}
