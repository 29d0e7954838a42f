import type { ColumnType, Generated } from 'kysely';
import type {
  MeetingKind,
  MeetingMode,
  MeetingRecurrence,
  MeetingState,
  ProblemCategory,
  ProblemEntryKind,
  ProblemPriority,
  ProblemSource,
  ProblemState,
  ReportSection,
  RsvpState,
  SignInMethod,
} from '@yilian/domain';

// Tables of meetings and the problem ledger (migration 0009), camelCase for Kysely.
type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, string | undefined, never>;
type JsonArray<T> = ColumnType<T[], string | undefined, string>;

export interface MeetingSeriesTable {
  id: Generated<string>;
  consortiumId: string;
  title: string;
  kind: MeetingKind;
  recurrence: MeetingRecurrence;
  weekday: number | null;
  dayOfMonth: number | null;
  time: string;
  durationMinutes: number;
  mode: MeetingMode;
  room: string | null;
  link: string | null;
  organizerInstitutionId: string | null;
  ruleDocumentId: string | null;
  inviteeUserIds: JsonArray<string>;
  createdBy: string;
  createdAt: Created;
}

export interface MeetingsTable {
  id: Generated<string>;
  consortiumId: string;
  seriesId: string | null;
  ruleDocumentId: string | null;
  title: string;
  kind: MeetingKind;
  mode: MeetingMode;
  room: string | null;
  link: string | null;
  startsAt: string;
  endsAt: string | null;
  organizerInstitutionId: string | null;
  description: string | null;
  status: MeetingState;
  minutes: string | null;
  minutesPublishedAt: string | null;
  cancelReason: string | null;
  checkInToken: string | null;
  checkInExpiresAt: string | null;
  createdById: string | null;
  createdBy: string;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface MeetingAgendaItemsTable {
  id: Generated<string>;
  meetingId: string;
  consortiumId: string;
  position: number;
  title: string;
  presenter: string | null;
  presenterUserId: string | null;
  minutes: number | null;
}

export interface MeetingInvitationsTable {
  id: Generated<string>;
  meetingId: string;
  consortiumId: string;
  userId: string;
  rsvp: ColumnType<RsvpState, RsvpState | undefined, RsvpState>;
  rsvpNote: string | null;
  respondedAt: string | null;
  signedInAt: string | null;
  signInMethod: SignInMethod | null;
}

export interface MeetingResolutionsTable {
  id: Generated<string>;
  meetingId: string;
  consortiumId: string;
  position: number;
  text: string;
  createdAt: Created;
}

export interface MeetingReportsTable {
  id: Generated<string>;
  meetingId: string;
  consortiumId: string;
  institutionId: string;
  period: string;
  title: string;
  sections: JsonArray<{ key: ReportSection; body: string }>;
  fileKey: string | null;
  fileName: string | null;
  contentType: string | null;
  fileSize: number | null;
  submittedBy: string;
  createdAt: Created;
}

export interface LedgerCountersTable {
  consortiumId: string;
  year: number;
  last: number;
}

export interface ProblemsTable {
  id: Generated<string>;
  consortiumId: string;
  number: string;
  title: string;
  description: string;
  source: ProblemSource;
  meetingId: string | null;
  category: ProblemCategory;
  affectedInstitutionIds: JsonArray<string>;
  priority: ProblemPriority;
  ownerDepartmentId: string | null;
  coOwnerDepartmentIds: JsonArray<string>;
  responsibleUserId: string | null;
  deadline: string | null;
  status: ProblemState;
  escalatedAt: string | null;
  measures: string | null;
  raisedById: string | null;
  raisedBy: string;
  raisedAt: string;
  resolvedAt: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  closedAt: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ProblemEntriesTable {
  id: Generated<string>;
  /** Insertion order: entries of one transaction share their time. */
  seq: Generated<number>;
  problemId: string;
  consortiumId: string;
  kind: ProblemEntryKind;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string | null;
  fromStatus: ProblemState | null;
  toStatus: ProblemState | null;
  note: string | null;
}
