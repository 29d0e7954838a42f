import type { ColumnType, Generated } from 'kysely';
import type { MemberRole, MembershipInvitationState } from '@yilian/domain';

type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;

export interface MembershipInvitationsTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  role: MemberRole;
  joinedOn: string | null;
  note: string | null;
  state: Generated<MembershipInvitationState>;
  invitedBy: string | null;
  invitedAt: Created;
  answeredBy: string | null;
  answeredAt: string | null;
  answerNote: string | null;
  membershipId: string | null;
  updatedAt: Timestamp;
}
