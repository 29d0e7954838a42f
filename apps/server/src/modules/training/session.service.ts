import { sql } from 'kysely';
import type { AttendanceRow, AttendanceUpdate, TrainingSession, TrainingSessionCreate } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';
import { audited } from '../shared/audited.js';
import { get as getProgramme, runsProgramme } from './programme.service.js';

// Sessions of a course or rotation, and who attended each. Attendance is kept for enrolments
// that hold a seat: an applicant who was never accepted cannot attend.

const ATTENDING = ['accepted', 'in_training', 'completed', 'returned_to_post'] as const;

export async function list(s: Services, p: Principal, programmeId: string): Promise<TrainingSession[]> {
  await getProgramme(s, p, programmeId);
  return s.db
    .selectFrom('trainingSessions as ts')
    .select([
      'ts.id',
      'ts.programmeId',
      'ts.sessionDate',
      'ts.topic',
      'ts.location',
      sql<number>`(select count(*) from training_attendance a where a.session_id = ts.id and a.present)::int`.as(
        'present',
      ),
      sql<number>`(select count(*) from training_attendance a where a.session_id = ts.id and not a.present)::int`.as(
        'absent',
      ),
    ])
    .where('ts.programmeId', '=', programmeId)
    .orderBy('ts.sessionDate')
    .orderBy('ts.id')
    .execute();
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  programmeId: string,
  body: TrainingSessionCreate,
): Promise<TrainingSession> {
  const programme = await getProgramme(s, p, programmeId);
  if (!runsProgramme(p, programme)) throw forbidden('Only the office or the provider schedules sessions');
  if (body.sessionDate < programme.startDate || (programme.endDate && body.sessionDate > programme.endDate))
    throw invalid('sessionDate', 'must be within the programme dates');
  const row = await audited(s, actor, async (trx) => {
    const created = await trx
      .insertInto('trainingSessions')
      .values({
        consortiumId: programme.consortiumId,
        programmeId,
        sessionDate: body.sessionDate,
        topic: body.topic,
        location: body.location ?? null,
      })
      .returning(['id', 'programmeId', 'sessionDate', 'topic', 'location'])
      .executeTakeFirstOrThrow();
    return {
      result: created,
      event: {
        action: 'training_session.created',
        entityType: 'training_session',
        entityId: created.id,
        consortiumId: programme.consortiumId,
        institutionId: programme.providerInstitutionId,
        after: created,
      },
    };
  });
  return { ...row, present: 0, absent: 0 };
}

async function sessionOf(s: Services, p: Principal, id: string) {
  const session = await s.db
    .selectFrom('trainingSessions as ts')
    .select(['ts.id', 'ts.programmeId'])
    .where('ts.id', '=', id)
    .where(consortiumVisible(p, 'ts.consortiumId'))
    .executeTakeFirst();
  if (!session) throw notFound('training session');
  return { session, programme: await getProgramme(s, p, session.programmeId) };
}

/** Every seat-holding trainee of the session's programme, with their mark if one is recorded. */
export async function attendance(s: Services, p: Principal, sessionId: string): Promise<AttendanceRow[]> {
  const { session } = await sessionOf(s, p, sessionId);
  return s.db
    .selectFrom('trainingEnrolments as e')
    .innerJoin('staff as st', 'st.id', 'e.staffId')
    .innerJoin('institutions as i', 'i.id', 'e.institutionId')
    .leftJoin('trainingAttendance as a', (j) =>
      j.onRef('a.enrolmentId', '=', 'e.id').on('a.sessionId', '=', sessionId),
    )
    .select(['e.id as enrolmentId', 'st.name as staffName', 'i.name as institutionName', 'a.present'])
    .where('e.programmeId', '=', session.programmeId)
    .where('e.status', 'in', [...ATTENDING])
    .orderBy('i.name')
    .orderBy('st.name')
    .execute();
}

export async function record(
  s: Services,
  p: Principal,
  actor: Actor,
  sessionId: string,
  body: AttendanceUpdate,
): Promise<AttendanceRow[]> {
  const { session, programme } = await sessionOf(s, p, sessionId);
  if (!runsProgramme(p, programme)) throw forbidden('Only the office or the provider records attendance');
  const ids = body.records.map((r) => r.enrolmentId);
  if (new Set(ids).size !== ids.length) throw invalid('records', 'lists a trainee more than once');
  const valid = new Set(
    (
      await s.db
        .selectFrom('trainingEnrolments')
        .select('id')
        .where('programmeId', '=', session.programmeId)
        .where('status', 'in', [...ATTENDING])
        .where('id', 'in', ids)
        .execute()
    ).map((r) => r.id),
  );
  body.records.forEach((r, i) => {
    if (!valid.has(r.enrolmentId))
      throw invalid(`records.${i}.enrolmentId`, 'is not an accepted trainee of this programme');
  });
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('trainingAttendance')
      .values(
        body.records.map((r) => ({
          consortiumId: programme.consortiumId,
          sessionId,
          enrolmentId: r.enrolmentId,
          present: r.present,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['sessionId', 'enrolmentId']).doUpdateSet((eb) => ({
          present: eb.ref('excluded.present'),
          recordedAt: s.now().toISOString(),
        })),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'training_attendance.recorded',
      entityType: 'training_session',
      entityId: sessionId,
      consortiumId: programme.consortiumId,
      institutionId: programme.providerInstitutionId,
      after: { records: body.records },
    });
  });
  return attendance(s, p, sessionId);
}
