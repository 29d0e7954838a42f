import type { LedgerProblem, ProblemEntry, ProblemListQuery } from '@yilian/domain';
import { hasPermission, type Principal, type Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, todayInChina } from '../shared/paginate.js';
import { allowedProblemActions, PROBLEM_OPEN, type LedgerSide } from './ledger.machine.js';

// Queries of the ledger. Every read starts from `base`, which holds the scope: the problems of
// the consortia the reader sees. Out of scope is simply not found.

export function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('problems as pr')
    .leftJoin('departments as od', 'od.id', 'pr.ownerDepartmentId')
    .leftJoin('institutions as oi', 'oi.id', 'od.institutionId')
    .leftJoin('users as ru', 'ru.id', 'pr.responsibleUserId')
    .leftJoin('meetings as m', 'm.id', 'pr.meetingId')
    .where(consortiumVisible(p, 'pr.consortiumId'));
}

export const columns = [
  'pr.id',
  'pr.consortiumId',
  'pr.number',
  'pr.title',
  'pr.description',
  'pr.source',
  'pr.meetingId',
  'm.title as meetingTitle',
  'pr.category',
  'pr.affectedInstitutionIds',
  'pr.priority',
  'pr.ownerDepartmentId',
  'od.name as ownerDepartmentName',
  'oi.name as ownerInstitutionName',
  'pr.coOwnerDepartmentIds',
  'pr.responsibleUserId',
  'ru.displayName as responsibleName',
  'pr.deadline',
  'pr.status',
  'pr.escalatedAt',
  'pr.measures',
  'pr.raisedById',
  'pr.raisedBy',
  'pr.raisedAt',
  'pr.resolvedAt',
  'pr.verifiedAt',
  'pr.verifiedBy',
  'pr.closedAt',
  'pr.updatedAt',
] as const;

export type ProblemRow = Awaited<ReturnType<typeof rowsById>>[number];

export function rowsById(s: Services, p: Principal, ids: string[]) {
  return base(s, p)
    .select(columns)
    .where('pr.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])
    .execute();
}

/** The office of the problem's consortium (or a platform admin) manages the ledger. */
export function managesLedger(p: Principal, consortiumId: string): boolean {
  if (!hasPermission(p, 'ledger.manage')) return false;
  return p.role === 'platform_admin' || p.consortiumId === consortiumId;
}

export function sidesOf(
  p: Principal,
  r: { consortiumId: string; responsibleUserId: string | null; raisedById: string | null },
) {
  const sides = new Set<LedgerSide>();
  if (managesLedger(p, r.consortiumId)) sides.add('office');
  if (r.responsibleUserId === p.userId) sides.add('owner');
  if (r.raisedById === p.userId) sides.add('raiser');
  return sides;
}

export function isOverdue(deadline: string | null, status: string, now: Date): boolean {
  return !!deadline && PROBLEM_OPEN.includes(status as never) && deadline < todayInChina(now);
}

/** Rows as the API shows them, with names of institutions and co-owners and the latest progress. */
export async function present(s: Services, p: Principal, rows: ProblemRow[]): Promise<LedgerProblem[]> {
  const instIds = [...new Set(rows.flatMap((r) => r.affectedInstitutionIds))];
  const deptIds = [...new Set(rows.flatMap((r) => r.coOwnerDepartmentIds))];
  const problemIds = rows.map((r) => r.id);
  const [insts, depts, latest] = await Promise.all([
    instIds.length
      ? s.db.selectFrom('institutions').select(['id', 'name']).where('id', 'in', instIds).execute()
      : [],
    deptIds.length
      ? s.db.selectFrom('departments').select(['id', 'name']).where('id', 'in', deptIds).execute()
      : [],
    problemIds.length
      ? s.db
          .selectFrom('problemEntries')
          .distinctOn('problemId')
          .select(['problemId', 'note'])
          .where('problemId', 'in', problemIds)
          .where('kind', '=', 'progress')
          .orderBy('problemId')
          .orderBy('seq', 'desc')
          .execute()
      : [],
  ]);
  const instName = new Map(insts.map((i) => [i.id, i.name]));
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  const progress = new Map(latest.map((l) => [l.problemId, l.note]));
  const now = s.now();
  return rows.map((r) => ({
    id: r.id,
    consortiumId: r.consortiumId,
    number: r.number,
    title: r.title,
    description: r.description,
    source: r.source,
    meetingId: r.meetingId,
    meetingTitle: r.meetingTitle ?? null,
    category: r.category,
    affectedInstitutions: r.affectedInstitutionIds.map((id) => ({ id, name: instName.get(id) ?? '' })),
    priority: r.priority,
    ownerDepartmentId: r.ownerDepartmentId,
    ownerDepartmentName: r.ownerDepartmentName ?? null,
    ownerInstitutionName: r.ownerInstitutionName ?? null,
    coOwnerDepartments: r.coOwnerDepartmentIds.map((id) => ({ id, name: deptName.get(id) ?? '' })),
    responsibleUserId: r.responsibleUserId,
    responsibleName: r.responsibleName ?? null,
    deadline: r.deadline,
    status: r.status,
    overdue: isOverdue(r.deadline, r.status, now),
    escalatedAt: r.escalatedAt,
    measures: r.measures,
    latestProgress: progress.get(r.id) ?? null,
    raisedById: r.raisedById,
    raisedBy: r.raisedBy,
    raisedAt: r.raisedAt,
    resolvedAt: r.resolvedAt,
    verifiedAt: r.verifiedAt,
    verifiedBy: r.verifiedBy,
    closedAt: r.closedAt,
    updatedAt: r.updatedAt,
    allowedActions: allowedProblemActions(r.status, sidesOf(p, r)),
    canReport: sidesOf(p, r).has('owner') || sidesOf(p, r).has('office'),
  }));
}

/** The list's filters, shared by the page, the export and my work. */
export function filtered(s: Services, p: Principal, q: Omit<ProblemListQuery, 'page' | 'pageSize'>) {
  let qb = base(s, p);
  if (q.consortiumId) qb = qb.where('pr.consortiumId', '=', q.consortiumId);
  if (q.status) qb = qb.where('pr.status', 'in', q.status.split(',') as never);
  if (q.category) qb = qb.where('pr.category', '=', q.category);
  if (q.source) qb = qb.where('pr.source', '=', q.source);
  if (q.priority) qb = qb.where('pr.priority', '=', q.priority);
  if (q.ownerDepartmentId) qb = qb.where('pr.ownerDepartmentId', '=', q.ownerDepartmentId);
  if (q.meetingId) qb = qb.where('pr.meetingId', '=', q.meetingId);
  if (q.overdue)
    qb = qb.where('pr.deadline', '<', todayInChina(s.now())).where('pr.status', 'in', [...PROBLEM_OPEN]);
  if (q.mine)
    qb = qb.where((eb) =>
      eb.or([eb('pr.responsibleUserId', '=', p.userId), eb('pr.raisedById', '=', p.userId)]),
    );
  if (q.q) {
    const like = likePattern(q.q);
    qb = qb.where((eb) =>
      eb.or([
        eb('pr.title', 'ilike', like),
        eb('pr.number', 'ilike', like),
        eb('pr.description', 'ilike', like),
      ]),
    );
  }
  return qb;
}

export async function entriesOf(s: Services, problemId: string): Promise<ProblemEntry[]> {
  return s.db
    .selectFrom('problemEntries')
    .select(['id', 'kind', 'at', 'actorName', 'action', 'fromStatus', 'toStatus', 'note'])
    .where('problemId', '=', problemId)
    .orderBy('seq')
    .execute();
}
