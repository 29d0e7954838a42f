import type {
  Consortium,
  ConsortiumCreate,
  ConsortiumListQuery,
  ConsortiumOverview,
  ConsortiumUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { regionByCode, regionName } from '../region/regions.js';
import { invalid } from '../../errors.js';
import { deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import { listMemberships } from './membership.repository.js';
import {
  findConsortium,
  listConsortia,
  overviewCounts,
  type ConsortiumRecord,
} from './consortium.repository.js';

export function present(c: ConsortiumRecord): Consortium {
  return { ...c, regionName: regionName(c.regionCode), memberCount: Number(c.memberCount ?? 0) };
}

function checkRegion(code: string | undefined) {
  if (code !== undefined && !regionByCode(code)) throw invalid('regionCode', 'is not a GB/T 2260 code');
}

export async function list(s: Services, p: Principal, q: ConsortiumListQuery): Promise<Page<Consortium>> {
  const page = await listConsortia(s.db, p, q);
  return { ...page, items: page.items.map(present) };
}

/** A consortium the user can see, or 404. */
export async function get(s: Services, p: Principal, id: string): Promise<Consortium> {
  const c = await findConsortium(s.db, p, id);
  if (!c) throw notFound('consortium');
  return present(c);
}

const target = (id?: string) => ({ table: 'consortia' as const, entityType: 'consortium', consortiumId: id });

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ConsortiumCreate,
): Promise<Consortium> {
  checkRegion(body.regionCode);
  const id = await insertAudited(s, actor, target(), {
    ...body,
    establishedOn: body.establishedOn ?? null,
    description: body.description ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: ConsortiumUpdate,
): Promise<Consortium> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, id)) throw forbidden();
  checkRegion(patch.regionCode);
  await updateAudited(s, actor, { ...target(id), id, current, patch });
  return get(s, p, id);
}

/** Only an empty consortium can be deleted: members, agreements and accounts must go first. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (p.role !== 'platform_admin') throw forbidden();
  const members = await s.db
    .selectFrom('memberships')
    .select('id')
    .where('consortiumId', '=', id)
    .limit(1)
    .execute();
  if (members.length) throw conflict('The consortium still has member institutions; remove them first');
  await deleteAudited(s, actor, { ...target(id), id, before: current });
}

export async function overview(s: Services, p: Principal, id: string): Promise<ConsortiumOverview> {
  const consortium = await get(s, p, id);
  const [members, counts] = await Promise.all([
    listMemberships(s.db, id, { page: 1, pageSize: 1000, active: 'true' }),
    overviewCounts(s.db, id),
  ]);
  const structure: ConsortiumOverview['structure'] = { lead: [], backbone: [], member: [], branch: [] };
  for (const m of members.items) structure[m.role].push(m);
  return { consortium, structure, counts };
}
