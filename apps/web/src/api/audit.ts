import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry, Page } from '@yilian/domain';
import { api, type QueryParams } from './client';

export function useAuditLog(params: QueryParams) {
  return useQuery({
    queryKey: ['audit', 'list', params],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/audit', params, signal),
    placeholderData: keepPreviousData,
  });
}
