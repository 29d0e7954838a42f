import type {
  ChecklistItemCreate,
  ChecklistItemUpdate,
  ChecklistTemplate,
  KeyProjectDetail,
  MilestoneCreate,
  MilestoneUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import type { UploadedFile } from '../../storage/upload.js';
import { audited } from '../shared/audited.js';
import { deleteRow, insertRow, updateRow } from './crud.js';
import { departmentOf, mayReport } from './owner.js';
import { detail, get as getProject } from './project.service.js';
import { CHECKLIST_TEMPLATES } from './templates.js';

// Milestones and readiness checklist items of a key project. The office plans them; the owner of
// an item (a department, a person, or the project's institution administrator) ticks it off and
// attaches the evidence.

async function managed(s: Services, p: Principal, projectId: string) {
  const project = await getProject(s, p, projectId);
  if (!managesConsortium(p, project.consortiumId)) throw forbidden();
  return project;
}

const milestoneTarget = (consortiumId: string) => ({
  table: 'projectMilestones' as const,
  entityType: 'milestone',
  consortiumId,
});
const itemTarget = (consortiumId: string, institutionId: string) => ({
  table: 'checklistItems' as const,
  entityType: 'checklist_item',
  consortiumId,
  institutionId,
});

export async function addMilestone(
  s: Services,
  p: Principal,
  actor: Actor,
  projectId: string,
  body: MilestoneCreate,
) {
  const project = await managed(s, p, projectId);
  await insertRow(s, actor, milestoneTarget(project.consortiumId), {
    ...body,
    projectId,
    doneOn: body.doneOn ?? null,
  });
  return detail(s, p, projectId);
}

async function milestone(s: Services, p: Principal, id: string) {
  const m = await s.db.selectFrom('projectMilestones').selectAll().where('id', '=', id).executeTakeFirst();
  const project = m && (await getProject(s, p, m.projectId).catch(() => undefined));
  if (!m || !project) throw notFound('milestone');
  return { m, project };
}
export const findMilestone = milestone;

export async function updateMilestone(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: MilestoneUpdate,
) {
  const { m, project } = await milestone(s, p, id);
  if (!managesConsortium(p, project.consortiumId)) throw forbidden();
  await updateRow(s, actor, { ...milestoneTarget(project.consortiumId), id, current: m, patch });
  return detail(s, p, m.projectId);
}

export async function removeMilestone(s: Services, p: Principal, actor: Actor, id: string) {
  const { m, project } = await milestone(s, p, id);
  if (!managesConsortium(p, project.consortiumId)) throw forbidden();
  await deleteRow(s, actor, { ...milestoneTarget(project.consortiumId), id, before: m });
  return detail(s, p, m.projectId);
}

async function nextPosition(s: Services, projectId: string) {
  const row = await s.db
    .selectFrom('checklistItems')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('projectId', '=', projectId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

async function ownerFields(
  s: Services,
  consortiumId: string,
  body: Pick<ChecklistItemCreate, 'ownerDepartmentId' | 'ownerUserId'>,
) {
  if (body.ownerDepartmentId)
    await departmentOf(s, consortiumId, body.ownerDepartmentId, 'ownerDepartmentId');
  if (body.ownerUserId) {
    const u = await s.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', body.ownerUserId)
      .where('systemAccount', '=', false)
      .executeTakeFirst();
    if (!u) throw invalid('ownerUserId', 'no such user');
  }
}

export async function addItem(
  s: Services,
  p: Principal,
  actor: Actor,
  projectId: string,
  body: ChecklistItemCreate,
) {
  const project = await managed(s, p, projectId);
  await ownerFields(s, project.consortiumId, body);
  await insertRow(s, actor, itemTarget(project.consortiumId, project.institutionId), {
    projectId,
    position: await nextPosition(s, projectId),
    chapter: body.chapter,
    standardRef: body.standardRef ?? null,
    title: body.title,
    ownerDepartmentId: body.ownerDepartmentId ?? null,
    ownerUserId: body.ownerUserId ?? null,
  });
  return detail(s, p, projectId);
}

/** The items of a standard's template, added after the project's own items in one change. */
export async function applyTemplate(
  s: Services,
  p: Principal,
  actor: Actor,
  projectId: string,
  template: ChecklistTemplate,
): Promise<KeyProjectDetail> {
  const project = await managed(s, p, projectId);
  const items = CHECKLIST_TEMPLATES[template];
  const start = await nextPosition(s, projectId);
  await audited(s, actor, async (trx) => {
    await trx
      .insertInto('checklistItems')
      .values(
        items.map((i, k) => ({
          consortiumId: project.consortiumId,
          projectId,
          position: start + k,
          chapter: i.chapter,
          standardRef: i.standardRef,
          title: i.title,
          ownerDepartmentId: null,
          ownerUserId: null,
        })),
      )
      .execute();
    return {
      result: null,
      event: {
        action: 'checklist.template_applied',
        entityType: 'key_project',
        entityId: projectId,
        consortiumId: project.consortiumId,
        institutionId: project.institutionId,
        after: { template, items: items.length },
      },
    };
  });
  return detail(s, p, projectId);
}

export async function item(s: Services, p: Principal, id: string) {
  const i = await s.db.selectFrom('checklistItems').selectAll().where('id', '=', id).executeTakeFirst();
  const project = i && (await getProject(s, p, i.projectId).catch(() => undefined));
  if (!i || !project) throw notFound('checklist item');
  return { i, project };
}

/** May the user tick this item? The office, its owners, and the project institution's administrator. */
async function mayTick(
  s: Services,
  p: Principal,
  i: { ownerDepartmentId: string | null; ownerUserId: string | null },
  project: { consortiumId: string; institutionId: string },
) {
  if (p.role === 'institution_admin' && p.institutionId === project.institutionId) return true;
  return mayReport(s, p, {
    consortiumId: project.consortiumId,
    ownerUserId: i.ownerUserId,
    ownerDepartmentId: i.ownerDepartmentId,
    ownerInstitutionId: null,
  });
}

export async function updateItem(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: ChecklistItemUpdate,
) {
  const { i, project } = await item(s, p, id);
  const manages = managesConsortium(p, project.consortiumId);
  const onlyTicks = Object.keys(patch).every((k) => k === 'done' || k === 'note');
  if (!manages && !(onlyTicks && (await mayTick(s, p, i, project)))) throw forbidden();
  await ownerFields(s, project.consortiumId, patch);
  const doneAt =
    patch.done === undefined ? undefined : patch.done ? (i.doneAt ?? s.now().toISOString()) : null;
  await updateRow(s, actor, {
    ...itemTarget(project.consortiumId, project.institutionId),
    id,
    current: i,
    patch,
    values: { ...patch, ...(doneAt !== undefined ? { doneAt } : {}) },
  });
  return detail(s, p, i.projectId);
}

export async function removeItem(s: Services, p: Principal, actor: Actor, id: string) {
  const { i, project } = await item(s, p, id);
  if (!managesConsortium(p, project.consortiumId)) throw forbidden();
  await deleteRow(s, actor, { ...itemTarget(project.consortiumId, project.institutionId), id, before: i });
  if (i.evidenceKey) await s.files.remove(i.evidenceKey);
  return detail(s, p, i.projectId);
}

export async function attachEvidence(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  file: UploadedFile,
) {
  const { i, project } = await item(s, p, id);
  if (!managesConsortium(p, project.consortiumId) && !(await mayTick(s, p, i, project))) throw forbidden();
  const key = await s.files.put(file.data, file.ext);
  try {
    await audited(s, actor, async (trx) => {
      await trx
        .updateTable('checklistItems')
        .set({
          evidenceKey: key,
          evidenceName: file.name,
          evidenceSize: file.data.length,
          evidenceType: file.type,
          updatedAt: s.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return {
        result: null,
        event: {
          action: 'checklist_item.evidence_attached',
          entityType: 'checklist_item',
          entityId: id,
          consortiumId: project.consortiumId,
          institutionId: project.institutionId,
          before: { evidenceName: i.evidenceName },
          after: { evidenceName: file.name, evidenceSize: file.data.length, evidenceType: file.type },
        },
      };
    });
  } catch (err) {
    await s.files.remove(key);
    throw err;
  }
  if (i.evidenceKey) await s.files.remove(i.evidenceKey);
  return detail(s, p, i.projectId);
}

export async function readEvidence(s: Services, p: Principal, id: string) {
  const { i } = await item(s, p, id);
  if (!i.evidenceKey) throw notFound('evidence');
  return {
    name: i.evidenceName ?? 'evidence',
    type: i.evidenceType ?? 'application/octet-stream',
    data: await s.files.get(i.evidenceKey),
  };
}
