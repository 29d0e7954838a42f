import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, Me } from '@yilian/domain';
import { api, isApiError } from './client';

export const ME_KEY = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<Me>('/auth/me', undefined, signal);
      } catch (e) {
        if (isApiError(e) && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: (count, e) => !(isApiError(e) && e.status > 0 && e.status < 500) && count < 2,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => {
      // A new identity: drop whatever the previous session had cached.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/auth/logout'),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/auth/password', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ME_KEY }),
  });
}
