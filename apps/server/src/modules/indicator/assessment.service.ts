import {
  scoringItemProblem,
  type AssessmentResults,
  type AssessmentScheme,
  type Indicator,
  type Page,
  type SchemeCreate,
  type SchemeItemInput,
  type SchemeListQuery,
  type SchemeUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { audited } from '../shared/audited.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { computeResults } from './assessment-compute.js';
import { indicatorsOf } from './indicator.service.js';

// Assessment schemes (考核方案): weighted indicators with a scoring rule each, for one year. The
// office drafts and publishes; publishing freezes the results as a snapshot that later records
// cannot change. Members and supervisors see published schemes only.

function schemes(s: Services, p: Principal) {
  let qb = s.db.selectFrom('assessmentSchemes').where(consortiumVisible(p, 'consortiumId'));
  if (p.role !== 'platform_admin' && p.role !== 'consortium_office') qb = qb.where('state', '=', 'published');
  return qb;
}

async function present(s: Services, row: SchemeRow, defs?: Indicator[]): Promise<AssessmentScheme> {
  const all = defs ?? (await indicatorsOf(s.db, row.consortiumId));
  const items = row.items.map((i) => {
    const d = all.find((x) => x.code === i.code);
    return {
      ...i,
      target: i.target ?? null,
      floor: i.floor ?? null,
      nameZh: d?.nameZh ?? i.code,
      nameEn: d?.nameEn ?? i.code,
      unit: d?.unit ?? '',
      direction: d?.direction ?? 'higher_better',
      source: d?.source ?? 'reported',
    };
  });
  const { snapshot: _snapshot, ...rest } = row;
  return { ...rest, items, totalWeight: items.reduce((t, i) => t + i.weight, 0) };
}
type SchemeRow = Awaited<ReturnType<typeof loadRow>>;

async function loadRow(s: Services, p: Principal, id: string) {
  const row = await schemes(s, p).selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('assessment scheme');
  return row;
}

export async function list(s: Services, p: Principal, q: SchemeListQuery): Promise<Page<AssessmentScheme>> {
  let qb = schemes(s, p);
  if (q.consortiumId) qb = qb.where('consortiumId', '=', q.consortiumId);
  if (q.year) qb = qb.where('year', '=', q.year);
  if (q.state) qb = qb.where('state', '=', q.state);
  if (q.q) qb = qb.where('name', 'ilike', likePattern(q.q));
  const page = await paginate(qb, q, (b) => b.selectAll().orderBy('year', 'desc').orderBy('name'));
  return { ...page, items: await Promise.all(page.items.map((r) => present(s, r))) };
}

export async function get(s: Services, p: Principal, id: string) {
  return present(s, await loadRow(s, p, id));
}

/** Items must name indicators of the consortium, once each, with a rule they can be scored by. */
async function checkItems(s: Services, consortiumId: string, items: SchemeItemInput[]) {
  const defs = await indicatorsOf(s.db, consortiumId);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const def = defs.find((d) => d.code === item.code);
    if (!def) throw invalid(`items.${i}.code`, 'is not an indicator of this consortium');
    if (seen.has(item.code)) throw invalid(`items.${i}.code`, 'appears twice');
    seen.add(item.code);
    if (item.rule === 'policy' && def.kind !== 'policy')
      throw invalid(`items.${i}.rule`, 'policy scoring is for policy items');
    const problem = scoringItemProblem({
      ...item,
      direction: def.direction,
      target: item.target ?? null,
      floor: item.floor ?? null,
    });
    if (problem)
      throw invalid(
        `items.${i}.${problem}`,
        problem === 'floor' ? 'must lie on the worse side of the target' : 'is required',
      );
  });
  return defs;
}

async function assertManages(s: Services, p: Principal, consortiumId: string) {
  if (managesConsortium(p, consortiumId)) return;
  const seen = await s.db
    .selectFrom('consortia')
    .select('id')
    .where('id', '=', consortiumId)
    .where(consortiumVisible(p, 'id'))
    .executeTakeFirst();
  if (!seen) throw invalid('consortiumId', 'no such consortium');
  throw forbidden();
}

export async function create(s: Services, p: Principal, actor: Actor, body: SchemeCreate) {
  await assertManages(s, p, body.consortiumId);
  const defs = await checkItems(s, body.consortiumId, body.items);
  const row = await audited(s, actor, async (trx) => {
    const r = await trx
      .insertInto('assessmentSchemes')
      .values({
        consortiumId: body.consortiumId,
        name: body.name,
        year: body.year,
        items: JSON.stringify(body.items),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: r,
      event: {
        action: 'assessment.created',
        entityType: 'assessment_scheme',
        entityId: r.id,
        consortiumId: r.consortiumId,
        after: body,
      },
    };
  });
  return present(s, row, defs);
}

function assertDraft(row: { state: string }) {
  if (row.state !== 'draft') {
    throw new AppError('conflict', 'A published scheme is frozen', [
      { field: 'state', message: `is ${row.state}` },
    ]);
  }
}

export async function update(s: Services, p: Principal, actor: Actor, id: string, patch: SchemeUpdate) {
  const current = await loadRow(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  assertDraft(current);
  if (patch.items) await checkItems(s, current.consortiumId, patch.items);
  const row = await audited(s, actor, async (trx) => {
    const r = await trx
      .updateTable('assessmentSchemes')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.year !== undefined ? { year: patch.year } : {}),
        ...(patch.items ? { items: JSON.stringify(patch.items) } : {}),
        updatedAt: s.now().toISOString(),
      })
      .where('id', '=', id)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirst();
    if (!r) throw conflict('the scheme was published meanwhile');
    const before = { name: current.name, year: current.year, items: current.items };
    return {
      result: r,
      event: {
        action: 'assessment.updated',
        entityType: 'assessment_scheme',
        entityId: id,
        consortiumId: r.consortiumId,
        before,
        after: patch,
      },
    };
  });
  return present(s, row);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string) {
  const current = await loadRow(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  assertDraft(current);
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('assessmentSchemes').where('id', '=', id).where('state', '=', 'draft').execute();
    return {
      result: undefined,
      event: {
        action: 'assessment.deleted',
        entityType: 'assessment_scheme',
        entityId: id,
        consortiumId: current.consortiumId,
        before: { name: current.name, year: current.year, items: current.items },
      },
    };
  });
}

/** Published: the frozen snapshot. Draft: computed now from the records as they stand. */
export async function results(s: Services, p: Principal, id: string): Promise<AssessmentResults> {
  const row = await loadRow(s, p, id);
  if (row.state === 'published' && row.snapshot)
    return { ...(row.snapshot as AssessmentResults), basis: 'snapshot' };
  return computeResults(s, row, await indicatorsOf(s.db, row.consortiumId));
}

export async function publish(s: Services, p: Principal, actor: Actor, id: string) {
  const current = await loadRow(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  assertDraft(current);
  const snapshot = await computeResults(s, current, await indicatorsOf(s.db, current.consortiumId));
  const now = s.now().toISOString();
  const row = await audited(s, actor, async (trx) => {
    const r = await trx
      .updateTable('assessmentSchemes')
      .set({
        state: 'published',
        publishedAt: now,
        publishedBy: p.displayName,
        snapshot: JSON.stringify(snapshot),
        updatedAt: now,
      })
      .where('id', '=', id)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirst();
    if (!r) throw conflict('the scheme was published meanwhile');
    const ranking = snapshot.members.map((m) => ({
      institutionId: m.institutionId,
      total: m.total,
      rank: m.rank,
    }));
    return {
      result: r,
      event: {
        action: 'assessment.published',
        entityType: 'assessment_scheme',
        entityId: id,
        consortiumId: r.consortiumId,
        before: { state: 'draft' },
        after: { state: 'published', ranking },
      },
    };
  });
  return present(s, row);
}
