import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Consultation, ConsultationCreate, ConsultationKind, Page, Staff } from '@yilian/domain';
import { api, type QueryParams } from './client';

// Remote consultation (远程会诊) and remote readings (远程影像/心电诊断): requests, the centre's
// and the requester's actions, attachments and the figures.

export const CONSULTATIONS_KEY = 'consultations';
export type ConsultationBox = 'requested' | 'incoming' | 'all';

export function useConsultationList(params: QueryParams) {
  return useQuery({
    queryKey: [CONSULTATIONS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<Consultation>>('/consultations', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useConsultation(id: string | undefined) {
  return useQuery({
    queryKey: [CONSULTATIONS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Consultation>(`/consultations/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCreateConsultation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultationCreate) => api.post<Consultation>('/consultations', body),
    onSuccess: (c) => {
      qc.setQueryData([CONSULTATIONS_KEY, 'one', c.id], c);
      return qc.invalidateQueries({ queryKey: [CONSULTATIONS_KEY, 'list'] });
    },
  });
}

/** The bodies of the actions (consultationActionBodies in the contract), and the rating. */
export interface ConsultationActionBodies {
  accept: { expertStaffIds: string[] };
  reject: { reason: string };
  schedule: { scheduledAt: string; videoLink: string };
  report: { opinion: string };
  sign: Record<string, never>;
  cancel: { reason: string };
  rate: { rating: number; comment?: string | null };
}
export type ConsultationHumanAction = keyof ConsultationActionBodies;
export type ConsultationActionRequest = {
  [A in ConsultationHumanAction]: { action: A; body: ConsultationActionBodies[A] };
}[ConsultationHumanAction];

/** One action on a consultation; whatever the answer, it and the lists are refetched. */
export function useConsultationAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: ConsultationActionRequest) =>
      api.post<Consultation>(`/consultations/${id}/${action}`, body),
    onSuccess: (c) => qc.setQueryData([CONSULTATIONS_KEY, 'one', id], c),
    onSettled: () => qc.invalidateQueries({ queryKey: [CONSULTATIONS_KEY] }),
  });
}

export interface ConsultationAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  createdAt: string;
}
export const CONSULTATION_ATTACHMENT_MAX_MB = 20;

export function consultationAttachmentUrl(id: string): string {
  return `/api/v1/consultation-attachments/${id}`;
}

export interface ConsultationFigure {
  kind: ConsultationKind;
  requested: number;
  completed: number;
  medianTurnaroundMinutes: number | null;
  averageRating: number | null;
}

export function useConsultationFigures(from: string, to: string) {
  return useQuery({
    queryKey: [CONSULTATIONS_KEY, 'figures', from, to],
    queryFn: ({ signal }) => api.get<ConsultationFigure[]>('/consultation-figures', { from, to }, signal),
  });
}

/** The staff of the consulting centre, to pick the experts from. */
export function useCentreStaff(institutionId: string | undefined, q: string) {
  return useQuery({
    queryKey: ['staff', 'list', { institutionId, q, pageSize: 50 }],
    queryFn: ({ signal }) => api.get<Page<Staff>>('/staff', { institutionId, q, pageSize: 50 }, signal),
    enabled: !!institutionId,
    placeholderData: keepPreviousData,
  });
}
