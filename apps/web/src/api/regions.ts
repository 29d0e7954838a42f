import { useQuery } from '@tanstack/react-query';
import type { Region } from '@yilian/domain';
import { api } from './client';

/** GB/T 2260 regions matching a search text (name or code). */
export function useRegionSearch(q: string) {
  return useQuery({
    queryKey: ['regions', 'search', q],
    queryFn: ({ signal }) => api.get<Region[]>('/regions', { q }, signal),
    enabled: q.trim().length > 0,
    staleTime: 60 * 60_000,
  });
}

/** Names for region codes already chosen (to label a picker's value or a table cell). */
export function useRegionsByCode(codes: string[]) {
  const key = [...new Set(codes.filter(Boolean))].sort().join(',');
  return useQuery({
    queryKey: ['regions', 'codes', key],
    queryFn: ({ signal }) => api.get<Region[]>('/regions', { codes: key }, signal),
    enabled: key.length > 0,
    staleTime: 60 * 60_000,
  });
}
