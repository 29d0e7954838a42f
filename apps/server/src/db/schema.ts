import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  BookingState,
  ConsultationKind,
  ConsultationState,
  ResourceType,
  CapacityKind,
  GreenChannelCategory,
  IdDocumentType,
  ReferralDirection,
  ReferralState,
  Urgency,
  ConsortiumKind,
  DepartmentKind,
  InstitutionGrade,
  InstitutionKind,
  InstitutionLevel,
  MemberRole,
  Role,
  StaffTitle,
} from '@yilian/domain';
import type * as CG from './schema-council-goal.js';
import type * as GOV from './schema-governance.js';
import type * as IND from './schema-indicator.js';
import type * as DASH from './schema-dashboard.js';
import type { MembershipInvitationsTable } from './schema-membership.js';
import type { ClientAssertionJtisTable, ClientTokensTable, SystemClientsTable } from './schema-client.js';

import type {
  DepartmentStaffingTable,
  DispatchBatchesTable,
  DispatchDemandsTable,
  DispatchPlansTable,
  DispatchPlanVersionsTable,
  DispatchPostingsTable,
  DispatchProgrammesTable,
  ExpertProfilesTable,
} from './schema-dispatch.js';

import type * as AT from './schema-activity-training.js';

// Table types for Kysely, in camelCase (the CamelCasePlugin maps to snake_case columns).
type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;

export interface ConsortiaTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: ConsortiumKind;
  regionCode: string;
  establishedOn: string | null;
  description: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface InstitutionsTable {
  id: Generated<string>;
  code: string;
  name: string;
  shortName: string | null;
  kind: InstitutionKind;
  level: InstitutionLevel;
  grade: InstitutionGrade;
  regionCode: string;
  address: string | null;
  /** 统一社会信用代码 (GB 32100), unique (0019). */
  uscc: string | null;
  /** 医疗机构执业许可证登记号, unique (0019). */
  medicalLicenseNo: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface MembershipsTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  role: MemberRole;
  joinedOn: string;
  leftOn: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface AgreementParty {
  institutionId: string | null;
  name: string;
}

export interface AgreementsTable {
  id: Generated<string>;
  consortiumId: string;
  title: string;
  parties: ColumnType<AgreementParty[], string, string>;
  signedOn: string;
  effectiveOn: string | null;
  expiresOn: string | null;
  summary: string | null;
  documentKey: string | null;
  documentName: string | null;
  documentSize: number | null;
  documentType: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface DepartmentsTable {
  id: Generated<string>;
  institutionId: string;
  name: string;
  kind: DepartmentKind;
  phone: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface StaffTable {
  id: Generated<string>;
  institutionId: string;
  departmentId: string | null;
  name: string;
  sex: 'male' | 'female' | null;
  title: StaffTitle;
  specialty: string | null;
  phone: string | null;
  /** 执业证书编码, unique within the institution (0019). */
  practitionerId: string | null;
  active: Generated<boolean>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  consortiumId: string | null;
  institutionId: string | null;
  regionCode: string | null;
  staffId: string | null;
  disabled: Generated<boolean>;
  mustChangePassword: Generated<boolean>;
  /** The account a system client acts through (0018): never signs in with a password. */
  systemAccount: Generated<boolean>;
  failedLogins: Generated<number>;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface SessionsTable {
  id: string;
  userId: string;
  createdAt: Created;
  expiresAt: string;
  lastSeenAt: Timestamp;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  consortiumId: string | null;
  institutionId: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  prevHash: string;
  hash: string;
}

export interface PatientsTable {
  id: Generated<string>;
  consortiumId: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  idType: IdDocumentType;
  idNumber: string;
  phone: string | null;
  insuranceNo: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ReferralRulesTable {
  consortiumId: string;
  routineWorkdays: number;
  urgentHours: number;
  greenMinutes: number;
  consultationHours: Generated<number>;
  updatedAt: Timestamp;
}

export interface CapacitySlotsTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  departmentId: string;
  date: string;
  kind: CapacityKind;
  label: string;
  capacity: number;
  booked: Generated<number>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ReferralsTable {
  id: Generated<string>;
  code: string;
  consortiumId: string;
  direction: ReferralDirection;
  urgency: Urgency;
  greenCategory: GreenChannelCategory | null;
  status: ReferralState;
  fromInstitutionId: string;
  fromDepartmentId: string | null;
  createdBy: string | null;
  referringDoctor: string;
  toInstitutionId: string;
  toDepartmentId: string | null;
  patientId: string;
  /** The patient as the referral was made (0017); filled from the register when left out. */
  patientName: Generated<string>;
  patientSex: Generated<'male' | 'female'>;
  patientBirthDate: Generated<string>;
  patientPhone: string | null;
  icd10Code: string;
  diagnosisName: string;
  reason: string;
  summary: string;
  plan: string | null;
  rejectReason: string | null;
  cancelReason: string | null;
  dischargeSummary: string | null;
  slotId: string | null;
  deadlineAt: string | null;
  escalatedAt: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
  receiptAt: string | null;
  /** The ICD-10 edition of icd10Code (0019): WHO, or the national clinical edition 2.0. */
  icd10Edition: Generated<'who' | 'cn_clinical_2'>;
  /** The green-channel category was inferred from the diagnosis, not sent (0019). */
  greenCategoryDerived: Generated<boolean>;
  /** The staff member an import's Practitioner matched (0019). */
  referringStaffId: string | null;
  /** An import's Practitioner that matched no staff member, kept as sent (0019). */
  senderPractitioner: ColumnType<SenderPractitioner | null, string | null, string | null>;
  /** The sender's order number (ServiceRequest.identifier), unique within the sending institution (0019). */
  senderIdentifierSystem: string | null;
  senderIdentifierValue: string | null;
  requisitionSystem: string | null;
  requisitionValue: string | null;
  /** ServiceRequest.authoredOn as the sender wrote it (a FHIR dateTime, possibly partial). */
  senderAuthoredOn: string | null;
  /** Task.description as sent. */
  taskDescription: string | null;
  /** The sender's notes beyond reason, summary and plan. */
  senderNotes: ColumnType<SenderNote[] | null, string | null, string | null>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface SenderPractitioner {
  name: string;
  identifier: { system: string; value: string } | null;
}

export interface SenderNote {
  text: string;
  time?: string;
  author?: string;
}

/** An identity sent with a referral that differed from the registered one (0017), masked. */
export interface ReferralPatientDiscrepanciesTable {
  referralId: string;
  consortiumId: string;
  patientId: string;
  source: 'fhir_import';
  fields: ColumnType<
    { field: 'name' | 'sex' | 'birthDate' | 'phone'; submitted: string; registered: string }[],
    string,
    string
  >;
  createdAt: Created;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: 'confirmed' | 'rejected' | null;
  /** The receiver's note on the resolution (0019). */
  resolutionNote: string | null;
}

export interface ReferralEventsTable {
  id: Generated<number>;
  referralId: string;
  consortiumId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  fromStatus: ReferralState | null;
  toStatus: ReferralState | null;
  note: string | null;
}

export interface ReferralAttachmentsTable {
  id: Generated<string>;
  referralId: string;
  consortiumId: string;
  fileKey: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  createdAt: Created;
}

export interface FollowUpTasksTable {
  id: Generated<string>;
  referralId: string;
  consortiumId: string;
  institutionId: string;
  title: string;
  dueOn: string;
  doneAt: string | null;
  doneBy: string | null;
  note: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  consortiumId: string | null;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  referralId: string | null;
  createdAt: Created;
  readAt: string | null;
}

export interface SharedResourcesTable {
  id: Generated<string>;
  consortiumId: string;
  ownerInstitutionId: string;
  type: ResourceType;
  name: string;
  location: string | null;
  openDays: ColumnType<number[], string, string>;
  openFrom: string;
  openTo: string;
  slotMinutes: number;
  capacityPerSlot: number;
  bookableInstitutionIds: ColumnType<string[] | null, string | null, string | null>;
  active: Generated<boolean>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ResourceSlotUsageTable {
  consortiumId: string;
  resourceId: string;
  slotStart: string;
  capacity: number;
  booked: number;
}

export interface ResourceBookingsTable {
  id: Generated<string>;
  consortiumId: string;
  resourceId: string;
  requestingInstitutionId: string;
  requestedById: string | null;
  requestedBy: string;
  patientId: string;
  examCode: string;
  examName: string;
  slotStart: string;
  status: BookingState;
  note: string | null;
  cancelReason: string | null;
  resultSummary: string | null;
  /** Booked by the consortium office for the requesting member (0023). */
  onBehalf: Generated<boolean>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface RecognizedResultsTable {
  id: Generated<string>;
  consortiumId: string;
  patientId: string;
  institutionId: string;
  examCode: string;
  examName: string;
  performedOn: string;
  validUntil: string;
  summary: string;
  bookingId: string | null;
  createdAt: Created;
}

export interface RecognitionDecisionsTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  resultId: string;
  decision: 'reuse' | 'repeat';
  reason: string | null;
  note: string | null;
  bookingId: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface ConsultationsTable {
  id: Generated<string>;
  code: string;
  consortiumId: string;
  kind: ConsultationKind;
  status: ConsultationState;
  requestingInstitutionId: string;
  requestedById: string | null;
  requestedBy: string;
  centerInstitutionId: string;
  centerDepartmentId: string | null;
  patientId: string;
  icd10Code: string | null;
  caseSummary: string;
  question: string;
  expertStaffIds: ColumnType<string[], string | undefined, string>;
  scheduledAt: string | null;
  videoLink: string | null;
  opinion: string | null;
  signedBy: string | null;
  signedAt: string | null;
  rejectReason: string | null;
  cancelReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  deadlineAt: string | null;
  requestedAt: string;
  acceptedAt: string | null;
  reportedAt: string | null;
  /** Asked for by the consortium office for the requesting member (0023). */
  onBehalf: Generated<boolean>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ConsultationAttachmentsTable {
  id: Generated<string>;
  consultationId: string;
  consortiumId: string;
  fileKey: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  createdAt: Created;
}

export interface DB {
  consortia: ConsortiaTable;
  institutions: InstitutionsTable;
  memberships: MembershipsTable;
  membershipInvitations: MembershipInvitationsTable;
  agreements: AgreementsTable;
  departments: DepartmentsTable;
  staff: StaffTable;
  users: UsersTable;
  sessions: SessionsTable;
  systemClients: SystemClientsTable;
  clientTokens: ClientTokensTable;
  clientAssertionJtis: ClientAssertionJtisTable;
  auditLog: AuditLogTable;
  patients: PatientsTable;
  referralRules: ReferralRulesTable;
  capacitySlots: CapacitySlotsTable;
  referrals: ReferralsTable;
  referralEvents: ReferralEventsTable;
  referralPatientDiscrepancies: ReferralPatientDiscrepanciesTable;
  referralAttachments: ReferralAttachmentsTable;
  followUpTasks: FollowUpTasksTable;
  notifications: NotificationsTable;
  sharedResources: SharedResourcesTable;
  resourceSlotUsage: ResourceSlotUsageTable;
  resourceBookings: ResourceBookingsTable;
  recognizedResults: RecognizedResultsTable;
  recognitionDecisions: RecognitionDecisionsTable;
  consultations: ConsultationsTable;
  consultationAttachments: ConsultationAttachmentsTable;
  meetingSeries: GOV.MeetingSeriesTable;
  meetings: GOV.MeetingsTable;
  meetingAgendaItems: GOV.MeetingAgendaItemsTable;
  meetingInvitations: GOV.MeetingInvitationsTable;
  meetingResolutions: GOV.MeetingResolutionsTable;
  meetingReports: GOV.MeetingReportsTable;
  ledgerCounters: GOV.LedgerCountersTable;
  problems: GOV.ProblemsTable;
  problemEntries: GOV.ProblemEntriesTable;
  customIndicators: IND.CustomIndicatorsTable;
  reportForms: IND.ReportFormsTable;
  reportValues: IND.ReportValuesTable;
  assessmentSchemes: IND.AssessmentSchemesTable;
  referralRollupMonth: DASH.ReferralRollupMonthTable;
  referralRollupPair: DASH.ReferralRollupPairTable;
  expertActivities: AT.ExpertActivitiesTable;
  trainingProgrammes: AT.TrainingProgrammesTable;
  trainingEnrolments: AT.TrainingEnrolmentsTable;
  trainingSessions: AT.TrainingSessionsTable;
  trainingAttendance: AT.TrainingAttendanceTable;
  councilMembers: CG.CouncilMembersTable;
  councilVoteRules: CG.CouncilVoteRulesTable;
  councilDocuments: CG.CouncilDocumentsTable;
  documentVersions: CG.DocumentVersionsTable;
  documentVotes: CG.DocumentVotesTable;
  documentBallots: CG.DocumentBallotsTable;
  goals: CG.GoalsTable;
  goalTasks: CG.GoalTasksTable;
  keyProjects: CG.KeyProjectsTable;
  projectMilestones: CG.ProjectMilestonesTable;
  checklistItems: CG.ChecklistItemsTable;
  dispatchProgrammes: DispatchProgrammesTable;
  dispatchBatches: DispatchBatchesTable;
  dispatchPostings: DispatchPostingsTable;
  dispatchDemands: DispatchDemandsTable;
  expertProfiles: ExpertProfilesTable;
  departmentStaffing: DepartmentStaffingTable;
  dispatchPlans: DispatchPlansTable;
  dispatchPlanVersions: DispatchPlanVersionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type ConsortiumRow = Selectable<ConsortiaTable>;
export type InstitutionRow = Selectable<InstitutionsTable>;
export type NewInstitution = Insertable<InstitutionsTable>;
export type InstitutionPatch = Updateable<InstitutionsTable>;
