import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActivityCreate,
  ActivitySummaryRow,
  ActivityUpdate,
  ExpertActivity,
  MyPosting,
  Page,
  PersonnelFiguresRow,
} from '@yilian/domain';
import { api, type QueryParams } from '../../api/client';

// The activity log of stationed experts (驻点工作记录), its summaries, and the personnel figures.

export const ACTIVITIES_KEY = 'activities';

export function useMyPostings() {
  return useQuery({
    queryKey: [ACTIVITIES_KEY, 'my-postings'],
    queryFn: ({ signal }) => api.get<MyPosting[]>('/activities/my-postings', undefined, signal),
    staleTime: 60_000,
  });
}

export function useActivityList(params: QueryParams) {
  return useQuery({
    queryKey: [ACTIVITIES_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<ExpertActivity>>('/activities', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useActivitySummary(params: QueryParams) {
  return useQuery({
    queryKey: [ACTIVITIES_KEY, 'summary', params],
    queryFn: ({ signal }) => api.get<ActivitySummaryRow[]>('/activities/summary', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSaveActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; create?: ActivityCreate; update?: ActivityUpdate }) =>
      v.id
        ? api.patch<ExpertActivity>(`/activities/${v.id}`, v.update)
        : api.post<ExpertActivity>('/activities', v.create),
    onSuccess: () => qc.invalidateQueries({ queryKey: [ACTIVITIES_KEY] }),
  });
}

export function useDeleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/activities/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: [ACTIVITIES_KEY] }),
  });
}

export function usePersonnelFigures(params: QueryParams) {
  return useQuery({
    queryKey: ['personnel-figures', params],
    queryFn: ({ signal }) => api.get<PersonnelFiguresRow[]>('/personnel-figures', params, signal),
    placeholderData: keepPreviousData,
  });
}
