import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CapacityKind,
  CapacitySlot,
  DeadlineRules,
  DiscrepancyResolutionBody,
  FollowUpTask,
  Page,
  PatientLookup,
  PatientRecord,
  PatientUpdate,
  Referral,
  ReferralAction,
  ReferralCreate,
  ReferralEvent,
  RegisteredPatient,
} from '@yilian/domain';
import { api, type QueryParams } from './client';
import { createResource } from './resource';

// Two-way referral (双向转诊): referrals and their actions, reserved capacity, follow-ups,
// the consortium's deadline rules and the ICD-10 pick list.

export const REFERRALS_KEY = 'referrals';
export const FOLLOW_UPS_KEY = 'follow-ups';

export type ReferralBox = 'inbox' | 'outbox' | 'all';

export function useReferralList(params: QueryParams) {
  return useQuery({
    queryKey: [REFERRALS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<Referral>>('/referrals', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReferral(id: string | undefined) {
  return useQuery({
    queryKey: [REFERRALS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Referral>(`/referrals/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useReferralEvents(id: string | undefined) {
  return useQuery({
    queryKey: [REFERRALS_KEY, 'events', id],
    queryFn: ({ signal }) => api.get<ReferralEvent[]>(`/referrals/${id}/events`, undefined, signal),
    enabled: !!id,
  });
}

export function useCreateReferral() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReferralCreate) => api.post<Referral>('/referrals', body),
    onSuccess: (r) => {
      qc.setQueryData([REFERRALS_KEY, 'one', r.id], r);
      return qc.invalidateQueries({ queryKey: [REFERRALS_KEY, 'list'] });
    },
  });
}

/** The bodies of the actions (referralActionBodies in the contract). */
export interface ActionBodies {
  submit: Record<string, never>;
  receive: Record<string, never>;
  accept: { note?: string | null; toDepartmentId?: string };
  reject: { reason: string };
  book: { slotId: string };
  arrive: Record<string, never>;
  complete: { dischargeSummary: string };
  cancel: { reason: string };
}
export type HumanAction = Exclude<ReferralAction, 'fail'>;
export type ActionRequest = { [A in HumanAction]: { action: A; body: ActionBodies[A] } }[HumanAction];

/**
 * One action on a referral. Whatever the answer, the referral, its timeline and the lists are
 * stale afterwards (a 409 means someone else moved it first), so all are refetched.
 */
export function useReferralAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: ActionRequest) => api.post<Referral>(`/referrals/${id}/${action}`, body),
    onSuccess: (r) => qc.setQueryData([REFERRALS_KEY, 'one', id], r),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [REFERRALS_KEY] }),
        qc.invalidateQueries({ queryKey: ['capacity'] }),
        qc.invalidateQueries({ queryKey: [FOLLOW_UPS_KEY] }),
      ]),
  });
}

/** The full identity, phone and insurance numbers of a referral's patient. */
export interface RevealedIdentity {
  idNumber: string;
  phone: string | null;
  insuranceNo: string | null;
}

/** The full numbers: the server records every look in the audit log. */
/** The receiving staff confirm or reject an imported identity that differed from the register. */
export function useResolveDiscrepancy(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DiscrepancyResolutionBody) =>
      api.post<Referral>(`/referrals/${id}/patient-discrepancy`, body),
    onSuccess: (r) => qc.setQueryData([REFERRALS_KEY, 'one', id], r),
    onSettled: () => qc.invalidateQueries({ queryKey: [REFERRALS_KEY] }),
  });
}

export function useRevealIdentity(id: string) {
  return useMutation({
    mutationFn: () => api.post<RevealedIdentity>(`/referrals/${id}/reveal`),
  });
}

export interface CapacityCreate {
  departmentId: string;
  date: string;
  kind: CapacityKind;
  label: string;
  capacity: number;
}
export interface CapacityUpdate {
  capacity: number;
}
export const capacity = createResource<CapacitySlot, CapacityCreate, CapacityUpdate>('capacity', '/capacity');

export function useFollowUps(params: QueryParams) {
  return useQuery({
    queryKey: [FOLLOW_UPS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<FollowUpTask>>('/follow-ups', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCompleteFollowUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note?: string }) =>
      api.post<FollowUpTask>(`/follow-ups/${id}/complete`, note ? { note } : {}),
    onSettled: () => qc.invalidateQueries({ queryKey: [FOLLOW_UPS_KEY] }),
  });
}

export function useReferralRules(consortiumId: string | undefined) {
  return useQuery({
    queryKey: ['referral-rules', consortiumId],
    queryFn: ({ signal }) =>
      api.get<DeadlineRules>(`/consortia/${consortiumId}/referral-rules`, undefined, signal),
    enabled: !!consortiumId,
  });
}

export function useUpdateReferralRules(consortiumId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeadlineRules) =>
      api.put<DeadlineRules>(`/consortia/${consortiumId}/referral-rules`, body),
    onSuccess: (rules) => qc.setQueryData(['referral-rules', consortiumId], rules),
  });
}

export interface Icd10Entry {
  code: string;
  name: string;
}

export function useIcd10Search(q: string) {
  return useQuery({
    queryKey: ['icd10', q],
    queryFn: ({ signal }) => api.get<Icd10Entry[]>('/icd10', { q }, signal),
    staleTime: 60 * 60_000,
  });
}

/** A report, image or letter that goes with a referral (PDF, PNG or JPEG). */
export interface ReferralAttachment {
  id: string;
  referralId: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  createdAt: string;
}
export const REFERRAL_ATTACHMENT_MAX_MB = 20;

export function attachmentUrl(id: string): string {
  return `/api/v1/referral-attachments/${id}`;
}

/**
 * Is the identity number of a new referral registered? Asked once the number is complete; the
 * server audits each look (so the form asks once per number, not per keystroke).
 */
export function usePatientLookup(body: PatientLookup | null) {
  return useQuery({
    queryKey: ['patients', 'lookup', body],
    queryFn: () => api.post<RegisteredPatient>('/patients/lookup', body),
    enabled: !!body,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** A registered patient as they are now (the referral shows them as they were when it was made). */
export function usePatient(id: string | undefined) {
  return useQuery({
    queryKey: ['patients', 'one', id],
    queryFn: ({ signal }) => api.get<PatientRecord>(`/patients/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** An explicit, audited change of a patient's identity, with the reason. */
export function useUpdatePatient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PatientUpdate) => api.patch<PatientRecord>(`/patients/${id}`, body),
    onSuccess: (p) => qc.setQueryData(['patients', 'one', id], p),
    onSettled: () => qc.invalidateQueries({ queryKey: ['patients', 'lookup'] }),
  });
}
