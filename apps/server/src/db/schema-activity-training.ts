import type { ColumnType, Generated } from 'kysely';
import type { ActivityKind, EnrolmentState, TrainingKind } from '@yilian/domain';

// Table types of the activity log and training up, listed in the DB interface of schema.ts.
type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;

export interface ExpertActivitiesTable {
  id: Generated<string>;
  consortiumId: string;
  postingId: string;
  batchId: string;
  staffId: string;
  homeInstitutionId: string;
  hostInstitutionId: string;
  kind: ActivityKind;
  activityDate: string;
  count: number;
  procedureName: string | null;
  topic: string | null;
  note: string | null;
  recordedById: string | null;
  recordedBy: string;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface TrainingProgrammesTable {
  id: Generated<string>;
  consortiumId: string;
  providerInstitutionId: string;
  kind: TrainingKind;
  name: string;
  departmentId: string | null;
  specialty: string | null;
  seats: number | null;
  seatsTaken: Generated<number>;
  durationMonths: number | null;
  startDate: string;
  endDate: string | null;
  description: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface TrainingEnrolmentsTable {
  id: Generated<string>;
  consortiumId: string;
  programmeId: string;
  staffId: string;
  institutionId: string;
  status: EnrolmentState;
  appliedOn: string;
  acceptedOn: string | null;
  startedOn: string | null;
  completedOn: string | null;
  returnedOn: string | null;
  worksIndependently: boolean | null;
  reason: string | null;
  note: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface TrainingSessionsTable {
  id: Generated<string>;
  consortiumId: string;
  programmeId: string;
  sessionDate: string;
  topic: string;
  location: string | null;
  createdAt: Created;
}

export interface TrainingAttendanceTable {
  consortiumId: string;
  sessionId: string;
  enrolmentId: string;
  present: boolean;
  recordedAt: Timestamp;
}
