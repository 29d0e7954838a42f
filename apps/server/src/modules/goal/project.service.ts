import type {
  KeyProject,
  KeyProjectCreate,
  KeyProjectDetail,
  KeyProjectListQuery,
  KeyProjectUpdate,
  Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium, memberOf } from '../../scope.js';
import { todayInChina } from '../shared/paginate.js';
import { deleteRow, insertRow, updateRow } from './crud.js';
import { findProject, listProjects } from './project.repository.js';

// Key projects (重点项目): a centre to open, an accreditation to pass. Their progress is their
// checklist items and milestones done; milestones past due and not done are overdue.

const today = (s: Services) => todayInChina(s.now());

export async function list(s: Services, p: Principal, q: KeyProjectListQuery): Promise<Page<KeyProject>> {
  return listProjects(s.db, p, q, today(s));
}

export async function get(s: Services, p: Principal, id: string): Promise<KeyProject> {
  const r = await findProject(s.db, p, id, today(s));
  if (!r) throw notFound('key project');
  return r;
}

export async function detail(s: Services, p: Principal, id: string): Promise<KeyProjectDetail> {
  const project = await get(s, p, id);
  const day = today(s);
  const milestones = await s.db
    .selectFrom('projectMilestones')
    .select(['id', 'projectId', 'title', 'dueOn', 'doneOn'])
    .where('projectId', '=', id)
    .orderBy('dueOn')
    .orderBy('title')
    .execute();
  const items = await s.db
    .selectFrom('checklistItems as ci')
    .leftJoin('departments as d', 'd.id', 'ci.ownerDepartmentId')
    .leftJoin('users as u', 'u.id', 'ci.ownerUserId')
    .select([
      'ci.id',
      'ci.projectId',
      'ci.position',
      'ci.chapter',
      'ci.standardRef',
      'ci.title',
      'ci.ownerDepartmentId',
      'd.name as ownerDepartmentName',
      'ci.ownerUserId',
      'u.displayName as ownerUserName',
      'ci.done',
      'ci.doneAt',
      'ci.note',
      'ci.evidenceKey',
      'ci.evidenceName',
      'ci.evidenceSize',
      'ci.evidenceType',
    ])
    .where('ci.projectId', '=', id)
    .orderBy('ci.position')
    .execute();
  return {
    ...project,
    milestones: milestones.map((m) => ({ ...m, overdue: !m.doneOn && m.dueOn < day })),
    checklist: items.map(({ evidenceKey, evidenceName, evidenceSize, evidenceType, ...i }) => ({
      ...i,
      evidence: evidenceKey
        ? {
            name: evidenceName ?? 'evidence',
            size: evidenceSize ?? 0,
            contentType: evidenceType ?? 'application/octet-stream',
          }
        : null,
    })),
  };
}

const target = (consortiumId: string, institutionId: string) => ({
  table: 'keyProjects' as const,
  entityType: 'key_project',
  consortiumId,
  institutionId,
});

async function checkGoal(s: Services, consortiumId: string, goalId: string | null | undefined) {
  if (!goalId) return;
  const g = await s.db
    .selectFrom('goals')
    .select('id')
    .where('id', '=', goalId)
    .where('consortiumId', '=', consortiumId)
    .executeTakeFirst();
  if (!g) throw invalid('goalId', 'not a goal of this consortium');
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: KeyProjectCreate,
): Promise<KeyProjectDetail> {
  if (!managesConsortium(p, body.consortiumId)) throw invalid('consortiumId', 'not a consortium you manage');
  const inst = await s.db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', body.institutionId)
    .where(memberOf(body.consortiumId, 'i.id'))
    .executeTakeFirst();
  if (!inst) throw invalid('institutionId', 'not a member institution of this consortium');
  await checkGoal(s, body.consortiumId, body.goalId);
  const { consortiumId, ...values } = body;
  const id = await insertRow(s, actor, target(consortiumId, body.institutionId), {
    ...values,
    goalId: body.goalId ?? null,
    description: body.description ?? null,
    targetOn: body.targetOn ?? null,
  });
  return detail(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: KeyProjectUpdate,
): Promise<KeyProjectDetail> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await checkGoal(s, current.consortiumId, patch.goalId);
  await updateRow(s, actor, { ...target(current.consortiumId, current.institutionId), id, current, patch });
  return detail(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await get(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const files = await s.db
    .selectFrom('checklistItems')
    .select('evidenceKey')
    .where('projectId', '=', id)
    .where('evidenceKey', 'is not', null)
    .execute();
  await deleteRow(s, actor, { ...target(current.consortiumId, current.institutionId), id, before: current });
  for (const f of files) await s.files.remove(f.evidenceKey!);
}
