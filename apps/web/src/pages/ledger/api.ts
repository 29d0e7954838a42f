import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LedgerFigures, LedgerProblem, Page, ProblemAction, ProblemDetail } from '@yilian/domain';
import { api, buildUrl, type QueryParams } from '../../api/client';

// The problem ledger's API: the list, one problem, its actions and entries, figures and the sheet.

export const PROBLEMS_KEY = 'problems';

export function useProblemList(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [PROBLEMS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<LedgerProblem>>('/problems', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProblem(id: string | undefined) {
  return useQuery({
    queryKey: [PROBLEMS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<ProblemDetail>(`/problems/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useLedgerFigures(consortiumId: string | undefined) {
  return useQuery({
    queryKey: [PROBLEMS_KEY, 'figures', consortiumId],
    queryFn: ({ signal }) => api.get<LedgerFigures>('/problem-figures', { consortiumId }, signal),
  });
}

/** A new problem: from the ledger page, or raised in a meeting (then the meeting's route). */
export function useRaiseProblem(meetingId?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<ProblemDetail>(meetingId ? `/meetings/${meetingId}/problems` : '/problems', body),
    onSuccess: () =>
      qc
        .invalidateQueries({ queryKey: [PROBLEMS_KEY] })
        .then(() => qc.invalidateQueries({ queryKey: ['meetings'] })),
  });
}

export type ProblemStep = ProblemAction | 'progress' | 'feedback';

export function useProblemStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: { step: ProblemStep; body: Record<string, unknown> }) =>
      api.post<ProblemDetail>(`/problems/${id}/${step}`, body),
    onSuccess: (p) => qc.setQueryData([PROBLEMS_KEY, 'one', id], p),
    onSettled: () => qc.invalidateQueries({ queryKey: [PROBLEMS_KEY] }),
  });
}

/** The xlsx of the list as filtered, in the chosen language. */
export function ledgerExportUrl(params: QueryParams, lang: string): string {
  const { page: _p, pageSize: _s, ...filters } = params;
  return buildUrl('/problems/export', { ...filters, lang });
}
