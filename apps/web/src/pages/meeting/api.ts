import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Meeting, MeetingDetail, MeetingRuleRef, Page, ReportSection, WorkReport } from '@yilian/domain';
import { api, type QueryParams } from '../../api/client';

// Meetings: the list, one meeting and every write on it, reports, the door's sign-in code and
// the meeting rules in force that a meeting or series may follow.

export const MEETINGS_KEY = 'meetings';

export function useMeetingList(params: QueryParams) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<Meeting>>('/meetings', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<MeetingDetail>(`/meetings/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCreateMeeting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<MeetingDetail>('/meetings', body),
    onSuccess: (m) => {
      qc.setQueryData([MEETINGS_KEY, 'one', m.id], m);
      return qc.invalidateQueries({ queryKey: [MEETINGS_KEY, 'list'] });
    },
  });
}

/** The meeting rules (例会制度) in force in a consortium, for a meeting or a series to follow. */
export function useMeetingRules(consortiumId: string | null | undefined) {
  return useQuery({
    queryKey: ['council-meeting-rules', consortiumId],
    queryFn: ({ signal }) => api.get<MeetingRuleRef[]>('/council/meeting-rules', { consortiumId }, signal),
    enabled: !!consortiumId,
  });
}

/** Any write on one meeting that answers with the meeting: actions, agenda, minutes, sign-in … */
export function useMeetingWrite(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      path,
      body,
      method = 'POST',
    }: {
      path: string;
      body?: unknown;
      method?: 'POST' | 'PUT' | 'DELETE';
    }) =>
      method === 'PUT'
        ? api.put<MeetingDetail>(`/meetings/${id}/${path}`, body)
        : method === 'DELETE'
          ? api.delete(`/meetings/${id}/${path}`).then(() => undefined)
          : api.post<MeetingDetail>(`/meetings/${id}/${path}`, body ?? {}),
    onSuccess: (m) => {
      if (m) qc.setQueryData([MEETINGS_KEY, 'one', id], m);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: [MEETINGS_KEY] }),
  });
}

export function useCheckInCode(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'code', id],
    queryFn: () =>
      api.post<{ token: string; expiresAt: string; path: string }>(`/meetings/${id}/check-in-code`, {}),
    enabled,
    // A fresh code well before the old one runs out (it lives ten minutes).
    refetchInterval: 4 * 60_000,
    gcTime: 0,
  });
}

export function useReports(id: string) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'reports', id],
    queryFn: ({ signal }) => api.get<WorkReport[]>(`/meetings/${id}/reports`, undefined, signal),
  });
}

export interface ReportTemplate {
  institutionId: string;
  institutionName: string;
  period: string;
  title: string;
  sections: { key: ReportSection; heading: string; body: string }[];
}

export function fetchReportTemplate(id: string, institutionId: string, period: string) {
  return api.get<ReportTemplate>(`/meetings/${id}/report-template`, { institutionId, period });
}

export function useSubmitReport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => api.post<WorkReport>(`/meetings/${id}/reports`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: [MEETINGS_KEY, 'reports', id] }),
  });
}

export function useUploadReportFile(meetingId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ reportId, file }: { reportId: string; file: File }) => {
      const form = new FormData();
      form.append('file', file);
      return api.post<WorkReport>(`/meeting-reports/${reportId}/file`, form);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: [MEETINGS_KEY, 'reports', meetingId] }),
  });
}

export const reportFileUrl = (reportId: string) => `/api/v1/meeting-reports/${reportId}/file`;

/** Users of a consortium to invite or to make responsible (the user directory, office or admin). */
export function useConsortiumUsers(consortiumId: string | null | undefined, q: string) {
  return useQuery({
    queryKey: ['users', 'pick', consortiumId, q],
    queryFn: ({ signal }) =>
      api.get<Page<{ id: string; displayName: string; username: string; institutionName?: string | null }>>(
        '/users',
        { consortiumId: consortiumId ?? undefined, q: q || undefined, pageSize: 50 },
        signal,
      ),
    enabled: !!consortiumId,
    placeholderData: keepPreviousData,
  });
}
