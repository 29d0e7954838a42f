import {
  TITLE_RANK_OF,
  type ExpertCreate,
  type ExpertListQuery,
  type ExpertProfile,
  type ExpertUpdate,
  type Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { consortiumToActIn, managesFor, ownInstitutionVisible } from './access.js';
import { deleteRow, insertRow, updateRow } from './store.js';

// The expert pool (下派专家库): staff of sending institutions with their specialty, the weeks a
// year they may be away, and when they are not available. The title rank comes from the staff
// record's 职称, so a promotion shows in the next plan without editing the profile.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('expertProfiles as ep')
    .innerJoin('staff as st', 'st.id', 'ep.staffId')
    .innerJoin('institutions as i', 'i.id', 'st.institutionId')
    .leftJoin('departments as d', 'd.id', 'st.departmentId')
    .where(ownInstitutionVisible(p, 'ep.consortiumId', 'st.institutionId'));
}
const columns = [
  'ep.id',
  'ep.consortiumId',
  'ep.staffId',
  'st.name as staffName',
  'st.title as staffTitle',
  'st.institutionId',
  'i.name as institutionName',
  'st.departmentId',
  'd.name as departmentName',
  'ep.specialty',
  'ep.maxWeeksPerYear',
  'ep.availableFrom',
  'ep.availableTo',
  'ep.unavailable',
  'ep.active',
  'ep.createdAt',
  'ep.updatedAt',
] as const;
const present = <T extends { staffTitle: keyof typeof TITLE_RANK_OF; maxWeeksPerYear: unknown }>(r: T) => ({
  ...r,
  maxWeeksPerYear: Number(r.maxWeeksPerYear),
  titleRank: TITLE_RANK_OF[r.staffTitle],
});

export async function list(s: Services, p: Principal, q: ExpertListQuery): Promise<Page<ExpertProfile>> {
  let qb = base(s, p);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('st.name', 'ilike', likePattern(q.q!)), eb('ep.specialty', 'ilike', likePattern(q.q!))]),
    );
  if (q.institutionId) qb = qb.where('st.institutionId', '=', q.institutionId);
  if (q.departmentId) qb = qb.where('st.departmentId', '=', q.departmentId);
  if (q.specialty) qb = qb.where('ep.specialty', '=', q.specialty);
  const page = await paginate(qb, q, (b) =>
    b.select(columns).orderBy('i.name').orderBy('ep.specialty').orderBy('st.name'),
  );
  return { ...page, items: page.items.map(present) };
}

export async function get(s: Services, p: Principal, id: string): Promise<ExpertProfile> {
  const row = await base(s, p).select(columns).where('ep.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('expert profile');
  return present(row);
}

const entity = (consortiumId: string, institutionId: string) => ({
  table: 'expertProfiles' as const,
  entityType: 'expert_profile',
  consortiumId,
  institutionId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: ExpertCreate,
): Promise<ExpertProfile> {
  const staff = await s.db
    .selectFrom('staff')
    .select(['id', 'institutionId'])
    .where('id', '=', body.staffId)
    .executeTakeFirst();
  if (!staff) throw invalid('staffId', 'no such staff member');
  const consortiumId = await consortiumToActIn(s.db, p, body.consortiumId, { staffId: staff.institutionId });
  if (!managesFor(p, consortiumId, staff.institutionId))
    throw forbidden('you may keep profiles of your own staff only');
  const id = await insertRow(s, actor, entity(consortiumId, staff.institutionId), {
    consortiumId,
    staffId: staff.id,
    specialty: body.specialty,
    maxWeeksPerYear: body.maxWeeksPerYear,
    availableFrom: body.availableFrom ?? null,
    availableTo: body.availableTo ?? null,
    unavailable: JSON.stringify(body.unavailable ?? []),
    active: body.active ?? true,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: ExpertUpdate,
): Promise<ExpertProfile> {
  const current = await get(s, p, id);
  if (!managesFor(p, current.consortiumId, current.institutionId)) throw forbidden();
  const next = { ...current, ...patch };
  if (next.availableFrom && next.availableTo && next.availableTo < next.availableFrom)
    throw invalid('availableTo', 'must not be before availableFrom');
  const { unavailable, ...plain } = patch;
  const values = { ...plain, ...(unavailable ? { unavailable: JSON.stringify(unavailable) } : {}) };
  await updateRow(s, actor, {
    ...entity(current.consortiumId, current.institutionId),
    id,
    current,
    patch,
    values,
  });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesFor(p, current.consortiumId, current.institutionId)) throw forbidden();
  await deleteRow(s, actor, { ...entity(current.consortiumId, current.institutionId), id, before: current });
}
