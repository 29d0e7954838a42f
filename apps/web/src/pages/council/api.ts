import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CouncilDocument,
  CouncilDocumentCreate,
  CouncilDocumentDetail,
  CouncilMember,
  CouncilMemberCreate,
  CouncilMemberUpdate,
  DocumentKind,
  Page,
  VoteChoice,
  VoteRule,
} from '@yilian/domain';
import { api, request, type QueryParams } from '../../api/client';
import { createResource } from '../../api/resource';

// The council (理事会), its voting rules and its documents with their versions and votes.

export const COUNCIL_DOCS_KEY = 'council-documents';

export const councilMembers = createResource<CouncilMember, CouncilMemberCreate, CouncilMemberUpdate>(
  'council-members',
  '/council/members',
  [COUNCIL_DOCS_KEY],
);

export interface KindRule {
  kind: DocumentKind;
  rule: VoteRule;
  custom: boolean;
}

export function useVoteRules(consortiumId: string | null | undefined) {
  return useQuery({
    queryKey: ['council-vote-rules', consortiumId],
    queryFn: ({ signal }) => api.get<KindRule[]>('/council/vote-rules', { consortiumId }, signal),
    enabled: !!consortiumId,
  });
}

export function useSaveVoteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { consortiumId: string; kind: DocumentKind; rule: VoteRule }) =>
      api.put<KindRule[]>('/council/vote-rules', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['council-vote-rules'] }),
  });
}

export function useDocumentList(params: QueryParams) {
  return useQuery({
    queryKey: [COUNCIL_DOCS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get<Page<CouncilDocument>>('/council/documents', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDocument(id: string | undefined) {
  return useQuery({
    queryKey: [COUNCIL_DOCS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<CouncilDocumentDetail>(`/council/documents/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Every change to a document answers the whole document; the cache takes it as it is. */
function useDocumentMutation<V>(fn: (v: V) => Promise<CouncilDocumentDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (doc) => {
      qc.setQueryData([COUNCIL_DOCS_KEY, 'one', doc.id], doc);
      return qc.invalidateQueries({ queryKey: [COUNCIL_DOCS_KEY, 'list'] });
    },
  });
}

export const useCreateDocument = () =>
  useDocumentMutation((body: CouncilDocumentCreate) =>
    api.post<CouncilDocumentDetail>('/council/documents', body),
  );
export const useRenameDocument = () =>
  useDocumentMutation(({ id, title }: { id: string; title: string }) =>
    api.patch<CouncilDocumentDetail>(`/council/documents/${id}`, { title }),
  );
export const useAddVersion = () =>
  useDocumentMutation(({ id, body, note }: { id: string; body: string; note?: string | null }) =>
    api.post<CouncilDocumentDetail>(`/council/documents/${id}/versions`, { body, note }),
  );
export const useEditVersion = () =>
  useDocumentMutation(
    ({ versionId, body, note }: { versionId: string; body: string; note?: string | null }) =>
      api.patch<CouncilDocumentDetail>(`/council/versions/${versionId}`, { body, note }),
  );
export const useVersionAction = () =>
  useDocumentMutation(({ versionId, action }: { versionId: string; action: 'open_vote' | 'close_vote' }) =>
    api.post<CouncilDocumentDetail>(`/council/versions/${versionId}/${action}`, {}),
  );
export const useCastBallot = () =>
  useDocumentMutation(({ versionId, choice }: { versionId: string; choice: VoteChoice }) =>
    api.post<CouncilDocumentDetail>(`/council/versions/${versionId}/ballot`, { choice }),
  );
export const useUploadVersionFile = () =>
  useDocumentMutation(({ versionId, file }: { versionId: string; file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<CouncilDocumentDetail>(`/council/versions/${versionId}/file`, {
      method: 'PUT',
      body: form,
    });
  });

export function useRemoveDocument() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/council/documents/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: [COUNCIL_DOCS_KEY] }),
  });
}

export const versionFileUrl = (versionId: string) => `/api/v1/council/versions/${versionId}/file`;
