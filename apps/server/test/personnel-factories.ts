import type { ActivityKind, EnrolmentState, TrainingKind } from '@yilian/domain';
import type { Db } from '../src/context.js';

// Factories for the activity log, training and figures tests. Postings go straight into the
// dispatch tables (programme -> batch -> posting) so these tests do not depend on dispatch routes.

let seq = 0;

export async function buildPosting(
  db: Db,
  o: {
    consortiumId: string;
    sendingInstitutionId: string;
    hostInstitutionId: string;
    staffId: string;
    startDate: string;
    endDate: string;
    role?: 'clinical' | 'management' | 'research' | 'medical_technical' | 'nursing';
  },
) {
  const n = ++seq;
  const programme = await db
    .insertInto('dispatchProgrammes')
    .values({
      consortiumId: o.consortiumId,
      sendingInstitutionId: o.sendingInstitutionId,
      hostInstitutionId: o.hostInstitutionId,
      name: `帮扶项目${n}`,
      startDate: o.startDate,
      endDate: null,
      description: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const batch = await db
    .insertInto('dispatchBatches')
    .values({
      consortiumId: o.consortiumId,
      programmeId: programme.id,
      number: 1,
      name: `第${n}批专家组`,
      startDate: o.startDate,
      endDate: o.endDate,
      leaderStaffId: null,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  return db
    .insertInto('dispatchPostings')
    .values({
      consortiumId: o.consortiumId,
      batchId: batch.id,
      staffId: o.staffId,
      hostInstitutionId: o.hostInstitutionId,
      role: o.role ?? 'clinical',
      startDate: o.startDate,
      endDate: o.endDate,
      hostPosition: null,
      planId: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Links an account to its staff record: postings belong to staff. */
export async function linkStaff(db: Db, userId: string, staffId: string) {
  await db.updateTable('users').set({ staffId }).where('id', '=', userId).execute();
}

/** An activity entry written directly (for figures fixtures with past dates). */
export async function buildActivity(
  db: Db,
  posting: { id: string; consortiumId: string; batchId: string; staffId: string; hostInstitutionId: string },
  homeInstitutionId: string,
  o: { kind: ActivityKind; activityDate: string; count: number },
) {
  return db
    .insertInto('expertActivities')
    .values({
      consortiumId: posting.consortiumId,
      postingId: posting.id,
      batchId: posting.batchId,
      staffId: posting.staffId,
      homeInstitutionId,
      hostInstitutionId: posting.hostInstitutionId,
      kind: o.kind,
      activityDate: o.activityDate,
      count: o.count,
      procedureName: o.kind === 'surgery_demo' ? '腹腔镜胆囊切除术' : null,
      topic: null,
      note: null,
      recordedById: null,
      recordedBy: 'factory',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildProgramme(
  db: Db,
  o: {
    consortiumId: string;
    providerInstitutionId: string;
    kind?: TrainingKind;
    seats?: number | null;
    startDate?: string;
  },
) {
  return db
    .insertInto('trainingProgrammes')
    .values({
      consortiumId: o.consortiumId,
      providerInstitutionId: o.providerInstitutionId,
      kind: o.kind ?? 'further_study',
      name: `进修项目${++seq}`,
      departmentId: null,
      specialty: '心内科',
      seats: o.seats === undefined ? 10 : o.seats,
      durationMonths: 6,
      startDate: o.startDate ?? '2024-01-01',
      endDate: null,
      description: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An enrolment at any stage, with its dates, written directly (figures fixtures). */
export async function buildEnrolment(
  db: Db,
  programme: { id: string; consortiumId: string },
  staff: { id: string; institutionId: string },
  o: {
    status: EnrolmentState;
    acceptedOn?: string;
    completedOn?: string;
    returnedOn?: string;
    worksIndependently?: boolean;
  },
) {
  return db
    .insertInto('trainingEnrolments')
    .values({
      consortiumId: programme.consortiumId,
      programmeId: programme.id,
      staffId: staff.id,
      institutionId: staff.institutionId,
      status: o.status,
      appliedOn: o.acceptedOn ?? '2024-01-01',
      acceptedOn: o.acceptedOn ?? null,
      startedOn: o.acceptedOn ?? null,
      completedOn: o.completedOn ?? null,
      returnedOn: o.returnedOn ?? null,
      worksIndependently: o.worksIndependently ?? null,
      reason: null,
      note: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** YYYY-MM-DD, `days` from today in China. */
export function chinaDay(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
