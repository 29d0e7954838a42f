import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChecklistItemCreate,
  ChecklistItemUpdate,
  Goal,
  GoalCreate,
  GoalTask,
  GoalTaskCreate,
  GoalTaskUpdate,
  GoalUpdate,
  KeyProject,
  KeyProjectCreate,
  KeyProjectDetail,
  KeyProjectUpdate,
  MilestoneCreate,
  MilestoneUpdate,
  Page,
} from '@yilian/domain';
import { api, request, type QueryParams } from '../../api/client';
import { createResource } from '../../api/resource';

// Yearly goals and their tasks (目标分解), key projects with milestones and checklists.

export const TASKS_KEY = 'goal-tasks';
export const PROJECTS_KEY = 'key-projects';

export const goals = createResource<Goal, GoalCreate, GoalUpdate>('goals', '/goals', [TASKS_KEY]);
export const tasks = createResource<GoalTask, GoalTaskCreate, GoalTaskUpdate>('goal-tasks', '/goal-tasks', [
  'goals',
]);

export function useReportProgress() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, progress, note }: { id: string; progress: number; note?: string | null }) =>
      api.post<GoalTask>(`/goal-tasks/${id}/progress`, { progress, note }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [TASKS_KEY] }),
        qc.invalidateQueries({ queryKey: ['goals'] }),
      ]),
  });
}

export function useProjectList(params: QueryParams) {
  return useQuery({
    queryKey: [PROJECTS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<KeyProject>>('/key-projects', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProject(id: string | undefined) {
  return useQuery({
    queryKey: [PROJECTS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<KeyProjectDetail>(`/key-projects/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Every change in a project answers the whole project; the cache takes it as it is. */
function useProjectMutation<V>(fn: (v: V) => Promise<KeyProjectDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (p) => {
      qc.setQueryData([PROJECTS_KEY, 'one', p.id], p);
      return qc.invalidateQueries({ queryKey: [PROJECTS_KEY, 'list'] });
    },
  });
}

export const useCreateProject = () =>
  useProjectMutation((body: KeyProjectCreate) => api.post<KeyProjectDetail>('/key-projects', body));
export const useUpdateProject = () =>
  useProjectMutation(({ id, body }: { id: string; body: KeyProjectUpdate }) =>
    api.patch<KeyProjectDetail>(`/key-projects/${id}`, body),
  );
export const useAddMilestone = () =>
  useProjectMutation(({ projectId, body }: { projectId: string; body: MilestoneCreate }) =>
    api.post<KeyProjectDetail>(`/key-projects/${projectId}/milestones`, body),
  );
export const useUpdateMilestone = () =>
  useProjectMutation(({ id, body }: { id: string; body: MilestoneUpdate }) =>
    api.patch<KeyProjectDetail>(`/milestones/${id}`, body),
  );
export const useRemoveMilestone = () =>
  useProjectMutation((id: string) => request<KeyProjectDetail>(`/milestones/${id}`, { method: 'DELETE' }));
export const useAddItem = () =>
  useProjectMutation(({ projectId, body }: { projectId: string; body: ChecklistItemCreate }) =>
    api.post<KeyProjectDetail>(`/key-projects/${projectId}/checklist`, body),
  );
export const useApplyTemplate = () =>
  useProjectMutation((projectId: string) =>
    api.post<KeyProjectDetail>(`/key-projects/${projectId}/checklist/template`, {
      template: 'grade3a_general',
    }),
  );
export const useUpdateItem = () =>
  useProjectMutation(({ id, body }: { id: string; body: ChecklistItemUpdate }) =>
    api.patch<KeyProjectDetail>(`/checklist-items/${id}`, body),
  );
export const useRemoveItem = () =>
  useProjectMutation((id: string) =>
    request<KeyProjectDetail>(`/checklist-items/${id}`, { method: 'DELETE' }),
  );
export const useUploadEvidence = () =>
  useProjectMutation(({ id, file }: { id: string; file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<KeyProjectDetail>(`/checklist-items/${id}/evidence`, { method: 'PUT', body: form });
  });

export function useRemoveProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/key-projects/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: [PROJECTS_KEY] }),
  });
}

export const evidenceUrl = (itemId: string) => `/api/v1/checklist-items/${itemId}/evidence`;
