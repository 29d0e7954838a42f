import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SystemClient, SystemClientCreate, SystemClientKeys, SystemClientRevoke } from '@yilian/domain';
import { api } from '../../api/client';
import { createResource } from '../../api/resource';

// System clients: hospital systems that call the FHIR API with their own keys.

export const clients = createResource<SystemClient, SystemClientCreate, never>('clients', '/clients');

export function useRotateKeys() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SystemClientKeys }) =>
      api.put<SystemClient>(`/clients/${id}/keys`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [clients.key] }),
  });
}

export function useRevoke() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SystemClientRevoke }) =>
      api.post<SystemClient>(`/clients/${id}/revoke`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [clients.key] }),
  });
}

/** What a hospital system needs to connect: the token endpoint, from the public discovery document. */
export function useSmartConfiguration() {
  return useQuery({
    queryKey: ['smart-configuration'],
    queryFn: async ({ signal }) => {
      const res = await fetch('/fhir/R4/.well-known/smart-configuration', { signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as { token_endpoint: string };
    },
    staleTime: Infinity,
  });
}
