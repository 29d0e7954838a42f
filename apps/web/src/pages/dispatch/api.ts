import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BatchCreate,
  BatchUpdate,
  DemandCreate,
  DemandUpdate,
  DepartmentStaffing,
  DispatchBatch,
  DispatchDemand,
  DispatchPlan,
  DispatchPosting,
  DispatchProgramme,
  ExpertCreate,
  ExpertProfile,
  ExpertUpdate,
  HostView,
  PlanApplyResult,
  PlanComparison,
  PlanCreate,
  PlanUpdate,
  PlanVersionDetail,
  PlanVersionSummary,
  PostingCreate,
  PostingUpdate,
  ProgrammeCreate,
  ProgrammeUpdate,
  StaffingCreate,
  StaffingUpdate,
} from '@yilian/domain';
import { api } from '../../api/client';
import { createResource } from '../../api/resource';

// Expert dispatch (人员下沉): the collections, the host's view and the plan's solve, versions,
// locks, comparison and apply.

export const programmes = createResource<DispatchProgramme, ProgrammeCreate, ProgrammeUpdate>(
  'dispatch-programmes',
  '/dispatch/programmes',
);
export const batches = createResource<DispatchBatch, BatchCreate, BatchUpdate>(
  'dispatch-batches',
  '/dispatch/batches',
  ['dispatch-programmes'],
);
export const postings = createResource<DispatchPosting, PostingCreate, PostingUpdate>(
  'dispatch-postings',
  '/dispatch/postings',
  ['dispatch-batches', 'dispatch-host'],
);
export const demands = createResource<DispatchDemand, DemandCreate, DemandUpdate>(
  'dispatch-demands',
  '/dispatch/demands',
);
export const experts = createResource<ExpertProfile, ExpertCreate, ExpertUpdate>(
  'dispatch-experts',
  '/dispatch/experts',
);
export const staffing = createResource<DepartmentStaffing, StaffingCreate, StaffingUpdate>(
  'dispatch-staffing',
  '/dispatch/department-staffing',
);
export const plans = createResource<DispatchPlan, PlanCreate, PlanUpdate>(
  'dispatch-plans',
  '/dispatch/plans',
);

export function useHostView(institutionId: string | undefined) {
  return useQuery({
    queryKey: ['dispatch-host', institutionId],
    queryFn: ({ signal }) => api.get<HostView>('/dispatch/host-view', { institutionId }, signal),
    enabled: !!institutionId,
  });
}

/** The plan's solves; polled every second while one runs. */
export function usePlanVersions(planId: string, solving: boolean) {
  return useQuery({
    queryKey: ['dispatch-plans', 'versions', planId],
    queryFn: ({ signal }) =>
      api.get<PlanVersionSummary[]>(`/dispatch/plans/${planId}/versions`, undefined, signal),
    refetchInterval: solving ? 1000 : false,
  });
}

export function usePlanVersion(planId: string, version: number | undefined) {
  return useQuery({
    queryKey: ['dispatch-plans', 'version', planId, version],
    queryFn: ({ signal }) =>
      api.get<PlanVersionDetail>(`/dispatch/plans/${planId}/versions/${version}`, undefined, signal),
    enabled: !!version,
  });
}

export function usePlanCompare(planId: string, a: number | undefined, b: number | undefined) {
  return useQuery({
    queryKey: ['dispatch-plans', 'compare', planId, a, b],
    queryFn: ({ signal }) => api.get<PlanComparison>(`/dispatch/plans/${planId}/compare`, { a, b }, signal),
    enabled: !!a && !!b && a !== b,
  });
}

const invalidatePlans = (qc: ReturnType<typeof useQueryClient>) =>
  qc.invalidateQueries({ queryKey: ['dispatch-plans'] });

export function useSolve(planId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ plan: DispatchPlan; version: PlanVersionSummary }>(`/dispatch/plans/${planId}/solve`),
    onSettled: () => invalidatePlans(qc),
  });
}

export function useLock(planId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { expertId: string; demandId: string; locked: boolean }) =>
      api.put<DispatchPlan>(`/dispatch/plans/${planId}/locks`, body),
    onSuccess: (plan) => qc.setQueryData(['dispatch-plans', 'one', planId], plan),
  });
}

export function useApply(planId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { version?: number; batchId: string }) =>
      api.post<PlanApplyResult>(`/dispatch/plans/${planId}/apply`, body),
    onSettled: () =>
      Promise.all([invalidatePlans(qc), qc.invalidateQueries({ queryKey: ['dispatch-postings'] })]),
  });
}
