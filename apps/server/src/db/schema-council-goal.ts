import type { ColumnType, Generated } from 'kysely';
import type {
  BallotMethod,
  CouncilPosition,
  DocumentKind,
  DocumentState,
  KeyProjectKind,
  TaskOwnerKind,
  VoteChoice,
  VoteOutcome,
} from '@yilian/domain';

// Table types of the council (理事会), its documents and votes, and of goals and key projects
// (migration 0010). The DB interface in schema.ts lists them.
type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;

export interface CouncilMembersTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  userId: string | null;
  staffId: string | null;
  name: string;
  position: CouncilPosition;
  /** Counts in the quorum and the majority (0020): a secretary or someone sitting in does not. */
  voting: ColumnType<boolean, boolean | undefined, boolean>;
  termStart: string;
  termEnd: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface CouncilVoteRulesTable {
  consortiumId: string;
  documentKind: DocumentKind;
  quorumNum: number;
  quorumDen: number;
  passNum: number;
  passDen: number;
  passStrict: boolean;
  updatedAt: Timestamp;
}

export interface CouncilDocumentsTable {
  id: Generated<string>;
  consortiumId: string;
  kind: DocumentKind;
  title: string;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DocumentVersionsTable {
  id: Generated<string>;
  consortiumId: string;
  documentId: string;
  versionNo: number;
  status: DocumentState;
  body: string;
  note: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileSize: number | null;
  fileType: string | null;
  effectiveOn: string | null;
  supersededOn: string | null;
  createdBy: string;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DocumentVotesTable {
  id: Generated<string>;
  consortiumId: string;
  versionId: string;
  /** 1 for a version's first vote, 2 after a failed one, and so on. */
  round: number;
  openedAt: string;
  openedBy: string;
  /** The day (China) whose council members may vote: those in office when the vote opened. */
  officeDate: string;
  quorumNum: number;
  quorumDen: number;
  passNum: number;
  passDen: number;
  passStrict: boolean;
  closedAt: string | null;
  closedBy: string | null;
  eligible: number | null;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  outcome: VoteOutcome | null;
}

export interface DocumentBallotsTable {
  voteId: string;
  consortiumId: string;
  memberId: string;
  choice: VoteChoice;
  castById: string | null;
  castAt: string;
  /** Online by the member, or recorded in the room by the secretary (0020). */
  method: ColumnType<BallotMethod, BallotMethod | undefined, BallotMethod>;
  /** Who voted on the seat's behalf (a proxy), as recorded. */
  proxyName: ColumnType<string | null, string | null | undefined, string | null>;
  /** The username of who recorded a ballot cast in the room. */
  recordedBy: ColumnType<string | null, string | null | undefined, string | null>;
  correctedAt: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GoalsTable {
  id: Generated<string>;
  consortiumId: string;
  year: number;
  title: string;
  description: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface GoalTasksTable {
  id: Generated<string>;
  consortiumId: string;
  goalId: string;
  title: string;
  description: string | null;
  ownerKind: TaskOwnerKind;
  ownerUserId: string | null;
  ownerDepartmentId: string | null;
  ownerInstitutionId: string | null;
  dueOn: string;
  progress: Generated<number>;
  weight: Generated<number>;
  progressNote: string | null;
  doneOn: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface KeyProjectsTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  goalId: string | null;
  kind: KeyProjectKind;
  title: string;
  description: string | null;
  targetOn: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ProjectMilestonesTable {
  id: Generated<string>;
  consortiumId: string;
  projectId: string;
  title: string;
  dueOn: string;
  doneOn: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ChecklistItemsTable {
  id: Generated<string>;
  consortiumId: string;
  projectId: string;
  position: number;
  chapter: string;
  standardRef: string | null;
  title: string;
  ownerDepartmentId: string | null;
  ownerUserId: string | null;
  done: Generated<boolean>;
  doneAt: string | null;
  note: string | null;
  evidenceKey: string | null;
  evidenceName: string | null;
  evidenceSize: number | null;
  evidenceType: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}
