import type { ColumnType, Generated } from 'kysely';
import type {
  DispatchRole,
  PeriodKind,
  PlanLock,
  PlanStatus,
  PlanVersionStatus,
  UnavailableRange,
} from '@yilian/domain';

// Table types of expert dispatch (人员下沉), listed in the DB interface of schema.ts.
type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;
type Json<T> = ColumnType<T, string, string>;

export interface DispatchProgrammesTable {
  id: Generated<string>;
  consortiumId: string;
  sendingInstitutionId: string;
  hostInstitutionId: string;
  name: string;
  startDate: string;
  endDate: string | null;
  description: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DispatchBatchesTable {
  id: Generated<string>;
  consortiumId: string;
  programmeId: string;
  number: number;
  name: string;
  startDate: string;
  endDate: string;
  leaderStaffId: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DispatchPostingsTable {
  id: Generated<string>;
  consortiumId: string;
  batchId: string;
  staffId: string;
  hostInstitutionId: string;
  role: DispatchRole;
  startDate: string;
  endDate: string;
  isLeader: Generated<boolean>;
  hostPosition: string | null;
  planId: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DispatchDemandsTable {
  id: Generated<string>;
  consortiumId: string;
  hostInstitutionId: string;
  specialty: string;
  role: Generated<DispatchRole>;
  startDate: string;
  endDate: string;
  minTitleRank: number;
  priority: number;
  count: number;
  note: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ExpertProfilesTable {
  id: Generated<string>;
  consortiumId: string;
  staffId: string;
  specialty: string;
  maxWeeksPerYear: number;
  availableFrom: string | null;
  availableTo: string | null;
  unavailable: Json<UnavailableRange[]>;
  active: Generated<boolean>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DepartmentStaffingTable {
  id: Generated<string>;
  consortiumId: string;
  departmentId: string;
  minStaffing: number | null;
  maxAway: number | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DispatchPlansTable {
  id: Generated<string>;
  consortiumId: string;
  name: string;
  horizonStart: string;
  horizonEnd: string;
  periodKind: PeriodKind;
  hostInstitutionIds: Json<string[] | null>;
  weights: Json<{ continuity: number; fairness: number }>;
  timeLimitSeconds: Generated<number>;
  locks: Json<PlanLock[]>;
  status: Generated<PlanStatus>;
  currentVersion: Generated<number>;
  appliedVersion: number | null;
  appliedBatchId: string | null;
  createdBy: string;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DispatchPlanVersionsTable {
  id: Generated<string>;
  consortiumId: string;
  planId: string;
  version: number;
  status: PlanVersionStatus;
  input: Json<unknown>;
  result: Json<unknown> | null;
  progress: Json<unknown> | null;
  solvedBy: string;
  startedAt: string;
  finishedAt: string | null;
}
