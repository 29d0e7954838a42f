import type { SelectQueryBuilder } from 'kysely';
import type { Page, PageQuery } from '@yilian/domain';

/**
 * Runs a filtered query twice: once for the total, once for the page. `base` carries the joins
 * and filters; `select` adds the columns and the order.
 */
export async function paginate<DB, TB extends keyof DB, O, R>(
  base: SelectQueryBuilder<DB, TB, O>,
  q: Pick<PageQuery, 'page' | 'pageSize'>,
  select: (qb: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, R>,
): Promise<Page<R>> {
  const [count, items] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
    select(base)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    items: items as R[],
    total: Number((count as { total?: number } | undefined)?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** ILIKE pattern for a search box: % and _ typed by the user are literal. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Today in China (UTC+8), as YYYY-MM-DD: membership and agreement dates are local dates. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
