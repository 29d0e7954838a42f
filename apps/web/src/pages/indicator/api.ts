import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssessmentResults,
  AssessmentScheme,
  CustomIndicatorCreate,
  CustomIndicatorUpdate,
  Indicator,
  Page,
  ReportAction,
  ReportForm,
  ReportFormDetail,
  ReportFormSave,
  SchemeCreate,
  SchemeUpdate,
} from '@yilian/domain';
import { api, type QueryParams } from '../../api/client';
import { createResource } from '../../api/resource';

// The indicator library, the report forms members fill in and assessment schemes (考核方案).
// Kept beside the pages that use them so that the first load carries none of it.

export const REPORT_FORMS_KEY = 'report-forms';
export const SCHEMES_KEY = 'assessment-schemes';

/** The consortium's own indicators are keyed by id; the shared library's have none. */
export const indicators = {
  key: 'indicators',
  useList(params: QueryParams) {
    return useQuery({
      queryKey: ['indicators', 'list', params],
      queryFn: ({ signal }) => api.get<Page<Indicator>>('/indicators', params, signal),
      placeholderData: keepPreviousData,
    });
  },
  /** Every indicator a consortium uses (the library and its own), to name the codes of a form. */
  useAll(consortiumId: string | null | undefined) {
    return useQuery({
      queryKey: ['indicators', 'all', consortiumId],
      queryFn: ({ signal }) =>
        api.get<Page<Indicator>>('/indicators', { consortiumId, pageSize: 200 }, signal).then((p) => p.items),
      enabled: !!consortiumId,
      staleTime: 5 * 60_000,
    });
  },
  ...(() => {
    const r = createResource<Indicator & { id: string }, CustomIndicatorCreate, CustomIndicatorUpdate>(
      'indicators',
      '/indicators',
      [SCHEMES_KEY],
    );
    return { useCreate: r.useCreate, useUpdate: r.useUpdate, useRemove: r.useRemove };
  })(),
};

export type ReportFormWithActions = ReportFormDetail & { actions: ReportAction[] };

export function useReportForms(params: QueryParams) {
  return useQuery({
    queryKey: [REPORT_FORMS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<ReportForm>>('/report-forms', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReportForm(id: string | undefined) {
  return useQuery({
    queryKey: [REPORT_FORMS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<ReportFormWithActions>(`/report-forms/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useGenerateForms() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { consortiumId: string; period: string }) =>
      api.post<{ created: number; existing: number }>('/report-forms/generate', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [REPORT_FORMS_KEY] }),
  });
}

/** Save values, import a sheet or move the form: each answers the form as it now stands. */
export function useReportFormChange(id: string) {
  const qc = useQueryClient();
  const settle = (form: ReportFormWithActions) => {
    qc.setQueryData([REPORT_FORMS_KEY, 'one', id], form);
    return qc.invalidateQueries({ queryKey: [REPORT_FORMS_KEY, 'list'] });
  };
  return {
    save: useMutation({
      mutationFn: (body: ReportFormSave) =>
        api.put<ReportFormWithActions>(`/report-forms/${id}/values`, body),
      onSuccess: settle,
    }),
    act: useMutation({
      mutationFn: ({ action, comment }: { action: ReportAction; comment?: string | null }) =>
        api.post<ReportFormWithActions>(`/report-forms/${id}/${action}`, { comment: comment ?? null }),
      onSuccess: settle,
    }),
    importSheet: useMutation({
      mutationFn: (file: File) => {
        const body = new FormData();
        body.append('file', file);
        return api.put<ReportFormWithActions>(`/report-forms/${id}/xlsx`, body);
      },
      onSuccess: settle,
    }),
  };
}

export const schemes = createResource<AssessmentScheme, SchemeCreate, SchemeUpdate>(
  SCHEMES_KEY,
  '/assessment-schemes',
);

export function useSchemeResults(id: string | undefined) {
  return useQuery({
    queryKey: [SCHEMES_KEY, 'results', id],
    queryFn: ({ signal }) =>
      api.get<AssessmentResults>(`/assessment-schemes/${id}/results`, undefined, signal),
    enabled: !!id,
  });
}

export function usePublishScheme() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AssessmentScheme>(`/assessment-schemes/${id}/publish`),
    onSuccess: () => qc.invalidateQueries({ queryKey: [SCHEMES_KEY] }),
  });
}
