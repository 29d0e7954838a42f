import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '@yilian/domain';
import { api, type QueryParams } from './client';

/** Query hooks for one REST collection: list (paged), one, create, update, remove.
 *  `related` names other collections whose cached lists a change makes stale (for instance
 *  adding a department changes the counts on the consortium overview). */
export function createResource<T extends { id: string | number }, C, U>(
  key: string,
  path: string,
  related: string[] = [],
) {
  const invalidate = (qc: ReturnType<typeof useQueryClient>) =>
    Promise.all([key, ...related].map((k) => qc.invalidateQueries({ queryKey: [k] })));

  return {
    key,
    path,
    useList(params: QueryParams, opts: { enabled?: boolean } = {}) {
      return useQuery({
        queryKey: [key, 'list', params],
        queryFn: ({ signal }) => api.get<Page<T>>(path, params, signal),
        placeholderData: keepPreviousData,
        enabled: opts.enabled ?? true,
      });
    },
    useOne(id: string | null | undefined) {
      return useQuery({
        queryKey: [key, 'one', id],
        queryFn: ({ signal }) => api.get<T>(`${path}/${id}`, undefined, signal),
        enabled: !!id,
      });
    },
    useCreate() {
      const qc = useQueryClient();
      return useMutation({
        mutationFn: (body: C) => api.post<T>(path, body),
        onSuccess: () => invalidate(qc),
      });
    },
    useUpdate() {
      const qc = useQueryClient();
      return useMutation({
        mutationFn: ({ id, body }: { id: T['id']; body: U }) => api.patch<T>(`${path}/${id}`, body),
        onSuccess: () => invalidate(qc),
      });
    },
    useRemove() {
      const qc = useQueryClient();
      return useMutation({
        mutationFn: (id: T['id']) => api.delete(`${path}/${id}`),
        onSuccess: () => invalidate(qc),
      });
    },
  };
}
