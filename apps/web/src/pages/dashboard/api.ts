import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CommissionOverview, ConsortiumDashboard, MemberDashboard } from '@yilian/domain';
import { api } from '../../api/client';

// The dashboards answer from rollups the server maintains; a minute's staleness is fine.
const STALE = 60_000;

export function useConsortiumDashboard(id: string | undefined, from?: string, to?: string) {
  return useQuery({
    queryKey: ['dashboard', 'consortium', id, from, to],
    queryFn: ({ signal }) =>
      api.get<ConsortiumDashboard>(`/dashboards/consortia/${id}`, { from, to }, signal),
    enabled: !!id,
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

export function useMemberDashboard(id: string | undefined, from?: string, to?: string) {
  return useQuery({
    queryKey: ['dashboard', 'member', id, from, to],
    queryFn: ({ signal }) => api.get<MemberDashboard>(`/dashboards/institutions/${id}`, { from, to }, signal),
    enabled: !!id,
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

export type RankBy = 'referrals' | 'downShare' | 'acceptedShare' | 'greenOnTimeShare';

export function useCommissionOverview(params: { from?: string; to?: string; rankBy: RankBy; q?: string }) {
  return useQuery({
    queryKey: ['dashboard', 'commission', params],
    queryFn: ({ signal }) => api.get<CommissionOverview>('/dashboards/commission', params, signal),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}
