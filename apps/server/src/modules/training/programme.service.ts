import { sql } from 'kysely';
import type {
  Page,
  TrainingProgramme,
  TrainingProgrammeCreate,
  TrainingProgrammeListQuery,
  TrainingProgrammeUpdate,
} from '@yilian/domain';
import { hasPermission, type Actor, type Principal, type Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { audited, changedFields } from '../shared/audited.js';
import { likePattern, paginate, todayInChina } from '../shared/paginate.js';

// Training programmes a consortium offers its members: further-study places (进修), courses and
// management rotation training. Every member sees them; the office and the providing institution
// run them.

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('trainingProgrammes as tp')
    .innerJoin('institutions as pi', 'pi.id', 'tp.providerInstitutionId')
    .leftJoin('departments as d', 'd.id', 'tp.departmentId')
    .where(consortiumVisible(p, 'tp.consortiumId'));
}
const columns = [
  'tp.id',
  'tp.consortiumId',
  'tp.kind',
  'tp.providerInstitutionId',
  'pi.name as providerInstitutionName',
  'tp.name',
  'tp.departmentId',
  'd.name as departmentName',
  'tp.specialty',
  'tp.seats',
  'tp.seatsTaken',
  'tp.durationMonths',
  'tp.startDate',
  'tp.endDate',
  'tp.description',
  sql<number>`(select count(*) from training_enrolments te where te.programme_id = tp.id)::int`.as(
    'applications',
  ),
  'tp.createdAt',
  'tp.updatedAt',
] as const;

/** The office of the consortium, or an administrator of the providing institution. */
export function runsProgramme(p: Principal, r: { consortiumId: string; providerInstitutionId: string }) {
  return (
    managesConsortium(p, r.consortiumId) ||
    (p.institutionId === r.providerInstitutionId && hasPermission(p, 'training.manage'))
  );
}

export async function list(
  s: Services,
  p: Principal,
  q: TrainingProgrammeListQuery,
): Promise<Page<TrainingProgramme>> {
  let qb = base(s, p);
  if (q.kind) qb = qb.where('tp.kind', '=', q.kind);
  if (q.providerInstitutionId) qb = qb.where('tp.providerInstitutionId', '=', q.providerInstitutionId);
  if (q.consortiumId) qb = qb.where('tp.consortiumId', '=', q.consortiumId);
  if (q.open === 'true') {
    const today = todayInChina(s.now());
    qb = qb.where((eb) => eb.or([eb('tp.endDate', 'is', null), eb('tp.endDate', '>=', today)]));
  }
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) =>
      eb.or([eb('tp.name', 'ilike', like), eb('tp.specialty', 'ilike', like), eb('d.name', 'ilike', like)]),
    );
  }
  return paginate(qb, q, (b) => b.select(columns).orderBy('tp.startDate', 'desc').orderBy('tp.id'));
}

export async function get(s: Services, p: Principal, id: string): Promise<TrainingProgramme> {
  const row = await base(s, p).select(columns).where('tp.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('training programme');
  return row;
}

/** The consortium a new programme belongs to: the one named, else the office's, else the provider's. */
async function consortiumFor(s: Services, p: Principal, body: TrainingProgrammeCreate): Promise<string> {
  const named = body.consortiumId ?? p.consortiumId;
  if (named) return named;
  const m = await s.db
    .selectFrom('memberships')
    .select('consortiumId')
    .where('institutionId', '=', body.providerInstitutionId)
    .where('leftOn', 'is', null)
    .orderBy('joinedOn')
    .executeTakeFirst();
  if (!m) throw invalid('providerInstitutionId', 'is not a member of a consortium');
  return m.consortiumId;
}

async function checkDepartment(s: Services, departmentId: string | null | undefined, providerId: string) {
  if (!departmentId) return;
  const d = await s.db
    .selectFrom('departments')
    .select('id')
    .where('id', '=', departmentId)
    .where('institutionId', '=', providerId)
    .executeTakeFirst();
  if (!d) throw invalid('departmentId', 'is not a department of the providing institution');
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: TrainingProgrammeCreate,
): Promise<TrainingProgramme> {
  const consortiumId = await consortiumFor(s, p, body);
  const member = await s.db
    .selectFrom('memberships as m')
    .select('m.id')
    .where('m.consortiumId', '=', consortiumId)
    .where('m.institutionId', '=', body.providerInstitutionId)
    .where('m.leftOn', 'is', null)
    .where(consortiumVisible(p, 'm.consortiumId'))
    .executeTakeFirst();
  if (!member) throw invalid('providerInstitutionId', 'is not a member of the consortium');
  if (!runsProgramme(p, { consortiumId, providerInstitutionId: body.providerInstitutionId }))
    throw forbidden('Only the consortium office or the providing institution can offer training');
  await checkDepartment(s, body.departmentId, body.providerInstitutionId);
  const id = await audited(s, actor, async (trx) => {
    const row = await trx
      .insertInto('trainingProgrammes')
      .values({
        consortiumId,
        providerInstitutionId: body.providerInstitutionId,
        kind: body.kind,
        name: body.name,
        departmentId: body.departmentId ?? null,
        specialty: body.specialty ?? null,
        seats: body.seats ?? null,
        durationMonths: body.durationMonths ?? null,
        startDate: body.startDate,
        endDate: body.endDate ?? null,
        description: body.description ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row.id,
      event: {
        action: 'training_programme.created',
        entityType: 'training_programme',
        entityId: row.id,
        consortiumId,
        institutionId: row.providerInstitutionId,
        after: row,
      },
    };
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: TrainingProgrammeUpdate,
): Promise<TrainingProgramme> {
  const current = await get(s, p, id);
  if (!runsProgramme(p, current)) throw forbidden('Only the office or the provider can change a programme');
  if (patch.seats !== undefined && patch.seats !== null && patch.seats < current.seatsTaken)
    throw invalid('seats', `must be at least the ${current.seatsTaken} seats already taken`);
  const start = patch.startDate ?? current.startDate;
  const end = patch.endDate === undefined ? current.endDate : patch.endDate;
  if (end && end < start) throw invalid('endDate', 'must not be before startDate');
  await checkDepartment(s, patch.departmentId, current.providerInstitutionId);
  const diff = changedFields(current, patch);
  if (Object.keys(diff.after).length === 0) return current;
  await audited(s, actor, async (trx) => {
    // The seat CHECK guards a concurrent accept between the read above and this write.
    await trx
      .updateTable('trainingProgrammes')
      .set({ ...patch, updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    return {
      result: null,
      event: {
        action: 'training_programme.updated',
        entityType: 'training_programme',
        entityId: id,
        consortiumId: current.consortiumId,
        institutionId: current.providerInstitutionId,
        ...diff,
      },
    };
  });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!runsProgramme(p, current)) throw forbidden('Only the office or the provider can delete a programme');
  if (current.applications > 0) throw conflict('The programme has applications: it cannot be deleted');
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('trainingProgrammes').where('id', '=', id).execute();
    return {
      result: null,
      event: {
        action: 'training_programme.deleted',
        entityType: 'training_programme',
        entityId: id,
        consortiumId: current.consortiumId,
        institutionId: current.providerInstitutionId,
        before: current,
      },
    };
  });
}
