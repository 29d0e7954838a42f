import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';
import { storedFile } from './council.js';

// Yearly goals split into tasks for functional departments and member institutions (目标分解),
// and key projects (a centre opening, an accreditation) with milestones and readiness checklists.

/** Derived from progress, due date and today (China): never stored. */
export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'overdue'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_OWNER_KINDS = ['user', 'department', 'institution'] as const;
export type TaskOwnerKind = (typeof TASK_OWNER_KINDS)[number];
export const KEY_PROJECT_KINDS = [
  'centre_opening', // 中心建设与开业
  'accreditation', // 等级医院评审
  'discipline', // 学科建设
  'other',
] as const;
export type KeyProjectKind = (typeof KEY_PROJECT_KINDS)[number];
export const CHECKLIST_TEMPLATES = ['grade3a_general'] as const;
export type ChecklistTemplate = (typeof CHECKLIST_TEMPLATES)[number];

const year = z.coerce.number().int().min(2000).max(2100);

export const goal = z.object({
  id,
  consortiumId: id,
  consortiumName: z.string(),
  year: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  taskCount: z.number().int(),
  doneCount: z.number().int(),
  overdueCount: z.number().int(),
  /** Progress of the tasks, weighted by each task's weight (0-100). */
  progress: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Goal = z.infer<typeof goal>;
export const goalCreate = z.object({
  consortiumId: id,
  year,
  title: text(200),
  description: optionalText(2000),
});
export type GoalCreate = z.infer<typeof goalCreate>;
export const goalUpdate = goalCreate.omit({ consortiumId: true }).partial().strict();
export type GoalUpdate = z.infer<typeof goalUpdate>;
export const goalListQuery = pageQuery.extend({ consortiumId: id.optional(), year: year.optional() });
export type GoalListQuery = z.infer<typeof goalListQuery>;

export const goalTask = z.object({
  id,
  consortiumId: id,
  goalId: id,
  goalTitle: z.string(),
  goalYear: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  ownerKind: z.enum(TASK_OWNER_KINDS),
  ownerId: id,
  ownerName: z.string(),
  /** The institution of a department owner, for a readable owner line. */
  ownerInstitutionName: z.string().nullable(),
  dueOn: isoDate,
  progress: z.number().int(),
  weight: z.number().int(),
  progressNote: z.string().nullable(),
  doneOn: isoDate.nullable(),
  status: z.enum(TASK_STATUSES),
  /** May the signed-in user report progress on it? */
  canReport: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type GoalTask = z.infer<typeof goalTask>;
const ownerFields = { ownerKind: z.enum(TASK_OWNER_KINDS), ownerId: id };
export const goalTaskCreate = z.object({
  goalId: id,
  title: text(200),
  description: optionalText(2000),
  ...ownerFields,
  dueOn: isoDate,
  weight: z.number().int().min(1).max(100).default(1),
});
export type GoalTaskCreate = z.infer<typeof goalTaskCreate>;
export const goalTaskUpdate = z
  .object({
    title: text(200),
    description: optionalText(2000),
    ...ownerFields,
    dueOn: isoDate,
    weight: z.number().int().min(1).max(100),
  })
  .partial()
  .strict()
  .refine((t) => (t.ownerKind === undefined) === (t.ownerId === undefined), {
    message: 'ownerKind and ownerId change together',
    path: ['ownerId'],
  });
export type GoalTaskUpdate = z.infer<typeof goalTaskUpdate>;
export const taskProgress = z.object({
  progress: z.number().int().min(0).max(100),
  note: optionalText(1000),
});
export type TaskProgress = z.infer<typeof taskProgress>;
export const goalTaskListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  goalId: id.optional(),
  year: year.optional(),
  ownerKind: z.enum(TASK_OWNER_KINDS).optional(),
  ownerId: id.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  /** 'true': only tasks owned by the signed-in user, their department or their institution. */
  mine: z.enum(['true', 'false']).optional(),
});
export type GoalTaskListQuery = z.infer<typeof goalTaskListQuery>;

export const milestone = z.object({
  id,
  projectId: id,
  title: z.string(),
  dueOn: isoDate,
  doneOn: isoDate.nullable(),
  overdue: z.boolean(),
});
export type Milestone = z.infer<typeof milestone>;
export const milestoneCreate = z.object({
  title: text(200),
  dueOn: isoDate,
  doneOn: isoDate.nullable().optional(),
});
export const milestoneUpdate = milestoneCreate.partial().strict();
export type MilestoneCreate = z.infer<typeof milestoneCreate>;
export type MilestoneUpdate = z.infer<typeof milestoneUpdate>;

export const checklistItem = z.object({
  id,
  projectId: id,
  position: z.number().int(),
  chapter: z.string(),
  standardRef: z.string().nullable(),
  title: z.string(),
  ownerDepartmentId: id.nullable(),
  ownerDepartmentName: z.string().nullable(),
  ownerUserId: id.nullable(),
  ownerUserName: z.string().nullable(),
  done: z.boolean(),
  doneAt: timestamp.nullable(),
  note: z.string().nullable(),
  evidence: storedFile.nullable(),
});
export type ChecklistItem = z.infer<typeof checklistItem>;
export const checklistItemCreate = z.object({
  chapter: text(100),
  standardRef: optionalText(100),
  title: text(300),
  ownerDepartmentId: id.nullable().optional(),
  ownerUserId: id.nullable().optional(),
});
export type ChecklistItemCreate = z.infer<typeof checklistItemCreate>;
export const checklistItemUpdate = checklistItemCreate
  .extend({ done: z.boolean(), note: optionalText(1000) })
  .partial()
  .strict();
export type ChecklistItemUpdate = z.infer<typeof checklistItemUpdate>;
export const checklistTemplateApply = z.object({ template: z.enum(CHECKLIST_TEMPLATES) });

export const keyProject = z.object({
  id,
  consortiumId: id,
  consortiumName: z.string(),
  institutionId: id,
  institutionName: z.string(),
  goalId: id.nullable(),
  kind: z.enum(KEY_PROJECT_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  targetOn: isoDate.nullable(),
  itemCount: z.number().int(),
  itemsDone: z.number().int(),
  milestoneCount: z.number().int(),
  milestonesDone: z.number().int(),
  overdueMilestones: z.number().int(),
  /** Checklist items and milestones done over all of them (0-100). */
  progress: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type KeyProject = z.infer<typeof keyProject>;
export const keyProjectDetail = keyProject.extend({
  milestones: z.array(milestone),
  checklist: z.array(checklistItem),
});
export type KeyProjectDetail = z.infer<typeof keyProjectDetail>;
export const keyProjectCreate = z.object({
  consortiumId: id,
  institutionId: id,
  goalId: id.nullable().optional(),
  kind: z.enum(KEY_PROJECT_KINDS),
  title: text(200),
  description: optionalText(2000),
  targetOn: isoDate.nullable().optional(),
});
export type KeyProjectCreate = z.infer<typeof keyProjectCreate>;
export const keyProjectUpdate = keyProjectCreate
  .omit({ consortiumId: true, institutionId: true })
  .partial()
  .strict();
export type KeyProjectUpdate = z.infer<typeof keyProjectUpdate>;
export const keyProjectListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  institutionId: id.optional(),
  kind: z.enum(KEY_PROJECT_KINDS).optional(),
});
export type KeyProjectListQuery = z.infer<typeof keyProjectListQuery>;
export const CHECKLIST_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
