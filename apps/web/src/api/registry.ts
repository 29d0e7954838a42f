import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Agreement,
  AgreementCreate,
  AgreementUpdate,
  Consortium,
  ConsortiumCreate,
  ConsortiumOverview,
  ConsortiumUpdate,
  Department,
  DepartmentCreate,
  DepartmentUpdate,
  Institution,
  InstitutionCreate,
  InstitutionUpdate,
  MemberRole,
  Membership,
  MembershipInvitation,
  MembershipInvitationCreate,
  MembershipUpdate,
  Page,
  Staff,
  StaffCreate,
  StaffUpdate,
} from '@yilian/domain';
import { api, request } from './client';
import { createResource } from './resource';

export const consortia = createResource<Consortium, ConsortiumCreate, ConsortiumUpdate>(
  'consortia',
  '/consortia',
);
export const institutions = createResource<Institution, InstitutionCreate, InstitutionUpdate>(
  'institutions',
  '/institutions',
  ['consortia', 'memberships'],
);
export const departments = createResource<Department, DepartmentCreate, DepartmentUpdate>(
  'departments',
  '/departments',
  ['consortia', 'staff'],
);
export const staff = createResource<Staff, StaffCreate, StaffUpdate>('staff', '/staff', [
  'consortia',
  'departments',
]);
export const agreements = createResource<Agreement, AgreementCreate, AgreementUpdate>(
  'agreements',
  '/agreements',
  ['consortia'],
);

export function useConsortiumOverview(id: string | undefined) {
  return useQuery({
    queryKey: ['consortia', 'overview', id],
    queryFn: ({ signal }) => api.get<ConsortiumOverview>(`/consortia/${id}/overview`, undefined, signal),
    enabled: !!id,
  });
}

// Memberships live under a consortium for listing and creating, and on their own for changes.
const MEMBERSHIP_RELATED = ['memberships', 'consortia', 'institutions'];
function useInvalidateMemberships() {
  const qc = useQueryClient();
  return () => Promise.all(MEMBERSHIP_RELATED.map((k) => qc.invalidateQueries({ queryKey: [k] })));
}

export const memberships = {
  useList(consortiumId: string | undefined, params: Record<string, string | number | undefined>) {
    return useQuery({
      queryKey: ['memberships', 'list', consortiumId, params],
      queryFn: ({ signal }) =>
        api.get<Page<Membership>>(`/consortia/${consortiumId}/members`, params, signal),
      enabled: !!consortiumId,
      placeholderData: (prev) => prev,
    });
  },
  useCreate(consortiumId: string) {
    const invalidate = useInvalidateMemberships();
    return useMutation({
      mutationFn: (body: { institutionId: string; role: MemberRole; joinedOn: string }) =>
        api.post<Membership>(`/consortia/${consortiumId}/members`, body),
      onSuccess: invalidate,
    });
  },
  useUpdate() {
    const invalidate = useInvalidateMemberships();
    return useMutation({
      mutationFn: ({ id, body }: { id: string; body: MembershipUpdate }) =>
        api.patch<Membership>(`/memberships/${id}`, body),
      onSuccess: invalidate,
    });
  },
  useRemove() {
    const invalidate = useInvalidateMemberships();
    return useMutation({
      mutationFn: (id: string) => api.delete(`/memberships/${id}`),
      onSuccess: invalidate,
    });
  },
};

// Joining takes both sides: the office invites, the institution's administrator answers.
export const invitations = {
  useList(params: Record<string, string | number | undefined>, enabled = true) {
    return useQuery({
      queryKey: ['memberships', 'invitations', params],
      queryFn: ({ signal }) => api.get<Page<MembershipInvitation>>('/membership-invitations', params, signal),
      placeholderData: (prev) => prev,
      enabled,
    });
  },
  useInvite(consortiumId: string) {
    const invalidate = useInvalidateMemberships();
    return useMutation({
      mutationFn: (body: MembershipInvitationCreate) =>
        api.post<MembershipInvitation>(`/consortia/${consortiumId}/invitations`, body),
      onSuccess: invalidate,
    });
  },
  /** accept and decline (the institution), withdraw (the office). */
  useAnswer() {
    const invalidate = useInvalidateMemberships();
    const qc = useQueryClient();
    return useMutation({
      mutationFn: ({
        id,
        action,
        note,
      }: {
        id: string;
        action: 'accept' | 'decline' | 'withdraw';
        note?: string;
      }) => api.post<MembershipInvitation>(`/membership-invitations/${id}/${action}`, note ? { note } : {}),
      onSuccess: () => Promise.all([invalidate(), qc.invalidateQueries({ queryKey: ['my-work'] })]),
    });
  },
  /** The institution leaves a consortium (its administrator's decision). */
  useLeave() {
    const invalidate = useInvalidateMemberships();
    return useMutation({
      mutationFn: ({ id, note }: { id: string; note?: string }) =>
        api.post<Membership>(`/memberships/${id}/leave`, note ? { note } : {}),
      onSuccess: invalidate,
    });
  },
};

export function agreementDocumentUrl(id: string): string {
  return `/api/v1/agreements/${id}/document`;
}

export function useUploadAgreementDocument() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<Agreement>(`/agreements/${id}/document`, { method: 'PUT', body: form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['agreements'] }),
  });
}
