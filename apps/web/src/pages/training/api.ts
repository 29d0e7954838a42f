import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AttendanceRow,
  AttendanceUpdate,
  EnrolmentCreate,
  TrainingEnrolment,
  TrainingProgramme,
  TrainingProgrammeCreate,
  TrainingProgrammeUpdate,
  TrainingSession,
  TrainingSessionCreate,
} from '@yilian/domain';
import { api } from '../../api/client';
import { createResource } from '../../api/resource';

// Training up (进修培训): programmes, enrolments and their workflow, sessions and attendance.

export const programmes = createResource<TrainingProgramme, TrainingProgrammeCreate, TrainingProgrammeUpdate>(
  'training-programmes',
  '/training-programmes',
  ['training-enrolments'],
);
export const enrolments = createResource<TrainingEnrolment, EnrolmentCreate, never>(
  'training-enrolments',
  '/training-enrolments',
  ['training-programmes'],
);

const refresh = (qc: ReturnType<typeof useQueryClient>) =>
  Promise.all(
    ['training-programmes', 'training-enrolments', 'training-sessions'].map((k) =>
      qc.invalidateQueries({ queryKey: [k] }),
    ),
  );

export function useEnrolmentAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: string; body: object }) =>
      api.post<TrainingEnrolment>(`/training-enrolments/${id}/${action}`, body),
    onSettled: () => refresh(qc),
  });
}

export function useSessions(programmeId: string) {
  return useQuery({
    queryKey: ['training-sessions', programmeId],
    queryFn: ({ signal }) =>
      api.get<TrainingSession[]>(`/training-programmes/${programmeId}/sessions`, undefined, signal),
  });
}

export function useCreateSession(programmeId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TrainingSessionCreate) =>
      api.post<TrainingSession>(`/training-programmes/${programmeId}/sessions`, body),
    onSuccess: () => refresh(qc),
  });
}

export function useAttendance(sessionId: string | null) {
  return useQuery({
    queryKey: ['training-sessions', 'attendance', sessionId],
    queryFn: ({ signal }) =>
      api.get<AttendanceRow[]>(`/training-sessions/${sessionId}/attendance`, undefined, signal),
    enabled: !!sessionId,
  });
}

export function useSaveAttendance(sessionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AttendanceUpdate) =>
      api.put<AttendanceRow[]>(`/training-sessions/${sessionId}/attendance`, body),
    onSuccess: () => refresh(qc),
  });
}
