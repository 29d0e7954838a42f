import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BookingCreate,
  Page,
  RecognizedResult,
  ResourceBooking,
  ResourceCreate,
  ResourceUpdate,
  SharedResource,
} from '@yilian/domain';
import { api, type QueryParams } from './client';
import { createResource } from './resource';

// Shared resources (医疗资源共享): the catalogue of equipment and service centres, their slots,
// bookings and their actions, mutual recognition of results (检查检验结果互认) and the figures.

export const BOOKINGS_KEY = 'bookings';
export const SLOTS_KEY = 'resource-slots';

export const resources = createResource<SharedResource, ResourceCreate, ResourceUpdate>(
  'resources',
  '/resources',
  [SLOTS_KEY],
);

export interface ResourceSlot {
  start: string;
  end: string;
  capacity: number;
  booked: number;
}

export function useResourceSlots(resourceId: string | undefined, date: string) {
  return useQuery({
    queryKey: [SLOTS_KEY, resourceId, date],
    queryFn: ({ signal }) => api.get<ResourceSlot[]>(`/resources/${resourceId}/slots`, { date }, signal),
    enabled: !!resourceId,
  });
}

export type BookingBox = 'requested_by_us' | 'at_our_resources' | 'all';

export function useBookingList(params: QueryParams) {
  return useQuery({
    queryKey: [BOOKINGS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<ResourceBooking>>('/bookings', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCreateBooking() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BookingCreate) => api.post<ResourceBooking>('/bookings', body),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [BOOKINGS_KEY] }),
        qc.invalidateQueries({ queryKey: [SLOTS_KEY] }),
      ]),
  });
}

export interface BookingActionBodies {
  confirm: Record<string, never>;
  reschedule: { slotStart: string };
  complete: { resultSummary: string; validDays: number };
  no_show: Record<string, never>;
  cancel: { reason: string };
}
export type BookingActionName = keyof BookingActionBodies;
export type BookingActionRequest = {
  [A in BookingActionName]: { action: A; body: BookingActionBodies[A] };
}[BookingActionName];

export function useBookingAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: BookingActionRequest) =>
      api.post<ResourceBooking>(`/bookings/${id}/${action}`, body),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [BOOKINGS_KEY] }),
        qc.invalidateQueries({ queryKey: [SLOTS_KEY] }),
        qc.invalidateQueries({ queryKey: ['sharing-figures'] }),
      ]),
  });
}

export interface PatientKey {
  idType: string;
  idNumber: string;
}

/** Earlier results of this exam for this patient, still valid somewhere in the consortium. */
export function useRecognitionCheck() {
  return useMutation({
    mutationFn: (body: { patient: PatientKey; examCode: string }) =>
      api.post<RecognizedResult[]>('/recognition/check', body),
  });
}

/** Reuse an earlier result instead of the exam: nothing is booked. */
export function useRecognitionReuse() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { patient: BookingCreate['patient']; examCode: string; resultId: string }) =>
      api.post<RecognizedResult>('/recognition/reuse', body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['sharing-figures'] }),
  });
}

export interface ResourceUtilisation {
  resourceId: string;
  resourceName: string;
  capacity: number;
  booked: number;
  completed: number;
  noShows: number;
  cancelled: number;
  utilisation: number | null;
}
export interface RecognitionFigures {
  avoided: number;
  repeated: number;
  repeatReasons: Record<string, number>;
}

export function useUtilisation(from: string, to: string) {
  return useQuery({
    queryKey: ['sharing-figures', 'utilisation', from, to],
    queryFn: ({ signal }) => api.get<ResourceUtilisation[]>('/resource-utilisation', { from, to }, signal),
  });
}

export function useRecognitionFigures(from: string, to: string) {
  return useQuery({
    queryKey: ['sharing-figures', 'recognition', from, to],
    queryFn: ({ signal }) => api.get<RecognitionFigures>('/recognition/figures', { from, to }, signal),
  });
}
