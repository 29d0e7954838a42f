import {
  SEED_INDICATORS,
  type CustomIndicatorCreate,
  type CustomIndicatorUpdate,
  type Indicator,
  type IndicatorListQuery,
  type Page,
} from '@yilian/domain';
import { sql } from 'kysely';
import type { Actor, Principal, Services, Tx } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { audited, changedFields } from '../shared/audited.js';

// The indicator library: the seeded definitions every consortium shares (in code) and each
// consortium's own indicators (rows). Codes are unique within a consortium across both.

const LIBRARY: Indicator[] = SEED_INDICATORS.map((d) => ({ ...d, id: null, consortiumId: null }));
const LIBRARY_CODES = new Set(LIBRARY.map((d) => d.code));

function customRows(db: Services['db'] | Tx) {
  return db.selectFrom('customIndicators').selectAll();
}
type CustomRow = Awaited<ReturnType<ReturnType<typeof customRows>['executeTakeFirstOrThrow']>>;

function toIndicator(r: CustomRow): Indicator {
  return {
    id: r.id,
    consortiumId: r.consortiumId,
    code: r.code,
    group: 'consortium_operations',
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    definition: r.definition,
    numerator: r.numerator,
    denominator: r.denominator,
    kind: r.kind,
    unit: r.unit,
    factor: r.factor,
    direction: r.direction,
    source: 'reported',
    part: r.part,
  };
}

/** Every indicator a consortium uses: the library, then its own. */
export async function indicatorsOf(db: Services['db'] | Tx, consortiumId: string): Promise<Indicator[]> {
  const own = await customRows(db).where('consortiumId', '=', consortiumId).orderBy('code').execute();
  return [...LIBRARY, ...own.map(toIndicator)];
}

export async function list(s: Services, p: Principal, q: IndicatorListQuery): Promise<Page<Indicator>> {
  let own = customRows(s.db).where(consortiumVisible(p, 'consortiumId'));
  if (q.consortiumId) own = own.where('consortiumId', '=', q.consortiumId);
  const all = [...LIBRARY, ...(await own.orderBy('code').execute()).map(toIndicator)];
  const needle = q.q?.toLowerCase();
  const items = all.filter(
    (d) =>
      (!q.source || d.source === q.source) &&
      (!q.group || d.group === q.group) &&
      (!needle || [d.code, d.nameZh, d.nameEn].some((t) => t.toLowerCase().includes(needle))),
  );
  const start = (q.page - 1) * q.pageSize;
  return {
    items: items.slice(start, start + q.pageSize),
    total: items.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function getCustom(s: Services, p: Principal, id: string): Promise<CustomRow> {
  const row = await customRows(s.db)
    .where('id', '=', id)
    .where(consortiumVisible(p, 'consortiumId'))
    .executeTakeFirst();
  if (!row) throw notFound('indicator');
  return row;
}

export async function get(s: Services, p: Principal, id: string): Promise<Indicator> {
  return toIndicator(await getCustom(s, p, id));
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: CustomIndicatorCreate,
): Promise<Indicator> {
  if (!managesConsortium(p, body.consortiumId)) {
    const visible = await s.db
      .selectFrom('consortia')
      .select('id')
      .where('id', '=', body.consortiumId)
      .where(consortiumVisible(p, 'id'))
      .executeTakeFirst();
    if (!visible) throw invalid('consortiumId', 'no such consortium');
    throw forbidden();
  }
  if (LIBRARY_CODES.has(body.code)) throw invalid('code', 'is a code of the shared library');
  return audited(s, actor, async (trx) => {
    const clash = await customRows(trx)
      .where('consortiumId', '=', body.consortiumId)
      .where('code', '=', body.code)
      .executeTakeFirst();
    if (clash) throw conflict(`indicator ${body.code} already exists`);
    const row = await trx
      .insertInto('customIndicators')
      .values({ ...body, numerator: body.numerator ?? null, denominator: body.denominator ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toIndicator(row);
    return {
      result: after,
      event: {
        action: 'indicator.created',
        entityType: 'indicator',
        entityId: row.id,
        consortiumId: row.consortiumId,
        after,
      },
    };
  });
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: CustomIndicatorUpdate,
): Promise<Indicator> {
  const current = await getCustom(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const diff = changedFields(current, patch);
  if (Object.keys(diff.after).length === 0) return toIndicator(current);
  return audited(s, actor, async (trx) => {
    const row = await trx
      .updateTable('customIndicators')
      .set({ ...(diff.after as CustomIndicatorUpdate), updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: toIndicator(row),
      event: {
        action: 'indicator.updated',
        entityType: 'indicator',
        entityId: id,
        consortiumId: row.consortiumId,
        ...diff,
      },
    };
  });
}

/** An indicator with reported values or in a scheme stays: the figures would lose their meaning. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getCustom(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await audited(s, actor, async (trx) => {
    const used = await trx
      .selectFrom('reportValues')
      .select('code')
      .where('consortiumId', '=', current.consortiumId)
      .where('code', '=', current.code)
      .where('numerator', 'is not', null)
      .executeTakeFirst();
    const inScheme = await trx
      .selectFrom('assessmentSchemes')
      .select('id')
      .where('consortiumId', '=', current.consortiumId)
      .where(sql<boolean>`items @> ${JSON.stringify([{ code: current.code }])}::jsonb`)
      .executeTakeFirst();
    if (used || inScheme) throw conflict(`indicator ${current.code} is in use by reported data or a scheme`);
    await trx
      .deleteFrom('reportValues')
      .where('consortiumId', '=', current.consortiumId)
      .where('code', '=', current.code)
      .execute();
    await trx.deleteFrom('customIndicators').where('id', '=', id).execute();
    return {
      result: undefined,
      event: {
        action: 'indicator.deleted',
        entityType: 'indicator',
        entityId: id,
        consortiumId: current.consortiumId,
        before: toIndicator(current),
      },
    };
  });
}
