import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

export interface ListQuery<F extends string> {
  page: number;
  pageSize: number;
  q: string;
  filters: Record<F, string | undefined>;
  /** Everything the list endpoint takes: page, pageSize, q and the filters. */
  params: Record<string, string | number | undefined>;
  setQ(q: string): void;
  setFilter(key: F, value: string | undefined | null): void;
  setFilters(values: Partial<Record<F, string | undefined | null>>): void;
  setPage(page: number, pageSize?: number): void;
  reset(): void;
  /** Props for an antd Table's server-side pagination. */
  pagination(total: number | undefined): TablePaginationConfig;
}

/**
 * Page, page size, search text and filters of a list, kept in the URL search params so that a
 * list can be bookmarked, shared and restored with the back button. `prefix` keeps two lists
 * on one page (tabs of the consortium overview) from sharing their parameters.
 */
export function useListQuery<F extends string = never>(
  filterKeys: readonly F[] = [],
  options: { prefix?: string; fixed?: Partial<Record<string, string | undefined>> } = {},
): ListQuery<F> {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const prefix = options.prefix ?? '';
  const k = useCallback((name: string) => `${prefix}${name}`, [prefix]);

  const page = Math.max(1, Number(sp.get(k('page'))) || 1);
  const rawSize = Number(sp.get(k('pageSize')));
  const pageSize = rawSize >= 1 && rawSize <= 200 ? rawSize : DEFAULT_PAGE_SIZE;
  const q = sp.get(k('q')) ?? '';
  const filterKeyString = filterKeys.join('|');
  const filterValues = filterKeys.map((f) => sp.get(k(f)) ?? '').join('|');

  const filters = useMemo(() => {
    const out = {} as Record<F, string | undefined>;
    for (const f of filterKeys) out[f] = sp.get(k(f)) || undefined;
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKeyString, filterValues, k]);

  const fixedKey = JSON.stringify(options.fixed ?? {});
  const params = useMemo(
    () => ({ page, pageSize, q: q.trim() || undefined, ...filters, ...(JSON.parse(fixedKey) as object) }),
    [page, pageSize, q, filters, fixedKey],
  );

  const update = useCallback(
    (changes: Record<string, string | number | undefined | null>, resetPage = true) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [name, v] of Object.entries(changes)) {
            if (v === undefined || v === null || v === '') next.delete(k(name));
            else next.set(k(name), String(v));
          }
          if (resetPage) next.delete(k('page'));
          return next;
        },
        { replace: true },
      );
    },
    [setSp, k],
  );

  return {
    page,
    pageSize,
    q,
    filters,
    params,
    setQ: (value) => update({ q: value.trim() || undefined }),
    setFilter: (key, value) => update({ [key]: value ?? undefined }),
    setFilters: (values) => update(values as Record<string, string | undefined | null>),
    setPage: (p, size) =>
      update(
        { page: p > 1 ? p : undefined, pageSize: size && size !== DEFAULT_PAGE_SIZE ? size : undefined },
        false,
      ),
    reset: () => update(Object.fromEntries(['q', 'pageSize', ...filterKeys].map((f) => [f, undefined]))),
    pagination: (total) => ({
      current: page,
      pageSize,
      total: total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: PAGE_SIZES,
      showTotal: (n) => t('list.total', { count: n }),
      onChange: (p, size) =>
        update(
          { page: p > 1 ? p : undefined, pageSize: size !== DEFAULT_PAGE_SIZE ? size : undefined },
          false,
        ),
      size: 'small',
    }),
  };
}
