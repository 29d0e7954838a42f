import { type LedgerFigures, type LedgerProblem, type ProblemListQuery } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import { systemActor, type Principal, type Services } from '../../context.js';
import { notify, officeOf } from '../notification/notify.js';
import { todayInChina } from '../shared/paginate.js';
import { EXPORT_MAX_ROWS, type XlsxColumn } from '../export/xlsx.js';
import { PROBLEM_DONE, PROBLEM_OPEN } from './ledger.machine.js';
import { columns, filtered, present } from './ledger.repository.js';

// The ledger's figures, its xlsx sheet and the overdue sweep.

const DAY = 86_400_000;

/** Closure rate, overdue count and average days to close, over all and by owner department. */
export async function figures(
  s: Services,
  p: Principal,
  q: { consortiumId?: string; year?: number },
): Promise<LedgerFigures> {
  let qb = filtered(s, p, { consortiumId: q.consortiumId });
  if (q.year) qb = qb.where('pr.number', 'like', `${q.year}-%`);
  const rows = await qb
    .select([
      'pr.status',
      'pr.deadline',
      'pr.raisedAt',
      'pr.closedAt',
      'pr.verifiedAt',
      'pr.ownerDepartmentId',
    ])
    .select(['od.name as departmentName', 'oi.name as institutionName'])
    .execute();
  const today = todayInChina(s.now());
  const isOverdue = (r: (typeof rows)[number]) =>
    !!r.deadline && r.deadline < today && PROBLEM_OPEN.includes(r.status);
  const isDone = (r: (typeof rows)[number]) => PROBLEM_DONE.includes(r.status);
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = r.ownerDepartmentId ?? '';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const byDepartment = [...groups.values()].map((g) => {
    const closed = g.filter((r) => r.status === 'closed');
    const days = closed.map((r) => (Date.parse(r.closedAt!) - Date.parse(r.raisedAt)) / DAY);
    return {
      departmentId: g[0]!.ownerDepartmentId,
      departmentName: g[0]!.departmentName ?? null,
      institutionName: g[0]!.institutionName ?? null,
      total: g.length,
      closed: closed.length,
      overdue: g.filter(isOverdue).length,
      averageDaysToClose: days.length
        ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10
        : null,
    };
  });
  byDepartment.sort(
    (a, b) => b.total - a.total || (a.departmentName ?? '').localeCompare(b.departmentName ?? ''),
  );
  const done = rows.filter(isDone).length;
  return {
    total: rows.length,
    closed: rows.filter((r) => r.status === 'closed').length,
    closureRate: rows.length ? Math.round((done / rows.length) * 1000) / 1000 : null,
    overdue: rows.filter(isOverdue).length,
    byStatus,
    byDepartment,
  };
}

/** The problems an export prints: the list's filters, oldest number first, as an office files them. */
export async function exportRows(s: Services, p: Principal, q: Omit<ProblemListQuery, 'page' | 'pageSize'>) {
  const rows = await filtered(s, p, q).select(columns).orderBy('pr.number').limit(EXPORT_MAX_ROWS).execute();
  return present(s, p, rows);
}

/** 序号, 问题, 类别, 责任部门, 整改措施, 完成时限, 进展情况, 状态: the usual ledger layout. */
export function ledgerColumns(lang: 'zh-CN' | 'en'): XlsxColumn<LedgerProblem>[] {
  const zh = lang === 'zh-CN';
  const g = (group: 'problemCategory' | 'problemStatus', v: string) =>
    (LABELS[lang][group] as Record<string, string>)[v] ?? v;
  return [
    { header: zh ? '序号' : 'No.', width: 11, value: (r) => r.number },
    { header: zh ? '问题' : 'Problem', width: 40, value: (r) => `${r.title}\n${r.description}` },
    { header: zh ? '类别' : 'Category', width: 10, value: (r) => g('problemCategory', r.category) },
    {
      header: zh ? '责任部门' : 'Owner',
      width: 24,
      value: (r) =>
        [
          [r.ownerInstitutionName, r.ownerDepartmentName].filter(Boolean).join(' '),
          r.coOwnerDepartments.length
            ? `${zh ? '协办' : 'with'}: ${r.coOwnerDepartments.map((d) => d.name).join('、')}`
            : '',
          r.responsibleName ? `${zh ? '责任人' : 'responsible'}: ${r.responsibleName}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
    },
    { header: zh ? '整改措施' : 'Measures', width: 36, value: (r) => r.measures },
    { header: zh ? '完成时限' : 'Deadline', width: 12, value: (r) => r.deadline },
    {
      header: zh ? '进展情况' : 'Progress',
      width: 36,
      value: (r) =>
        [r.latestProgress, r.overdue ? (zh ? '【已逾期】' : '[overdue]') : ''].filter(Boolean).join(' '),
    },
    { header: zh ? '状态' : 'Status', width: 10, value: (r) => g('problemStatus', r.status) },
  ];
}

const LABELS = {
  'zh-CN': {
    problemCategory: { common: '共性', particular: '个性' },
    problemStatus: {
      raised: '已提出',
      assigned: '已交办',
      in_progress: '整改中',
      resolved: '已整改',
      verified: '已确认',
      closed: '已销号',
    },
  },
  en: {
    problemCategory: { common: 'Common', particular: 'Particular' },
    problemStatus: {
      raised: 'Raised',
      assigned: 'Assigned',
      in_progress: 'In progress',
      resolved: 'Resolved',
      verified: 'Verified',
      closed: 'Closed',
    },
  },
} as const;

/**
 * Open problems past their deadline: the responsible person and the office hear of it once
 * (a conditional UPDATE on escalated_at). Reassigning clears the flag, so a new deadline escalates anew.
 */
export async function sweepOverdueProblems(s: Services, now = s.now()): Promise<number> {
  const today = todayInChina(now);
  const due = await s.db
    .selectFrom('problems')
    .select(['id', 'number', 'title', 'consortiumId', 'responsibleUserId', 'deadline'])
    .where('deadline', '<', today)
    .where('escalatedAt', 'is', null)
    .where('status', 'in', [...PROBLEM_OPEN])
    .orderBy('deadline')
    .limit(500)
    .execute();
  let escalated = 0;
  for (const r of due) {
    const done = await s.db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      const hit = await trx
        .updateTable('problems')
        .set({ escalatedAt: at })
        .where('id', '=', r.id)
        .where('escalatedAt', 'is', null)
        .where('status', 'in', [...PROBLEM_OPEN])
        .returning('id')
        .executeTakeFirst();
      if (!hit) return false;
      await trx
        .insertInto('problemEntries')
        .values({
          problemId: r.id,
          consortiumId: r.consortiumId,
          kind: 'transition',
          at,
          actorId: null,
          actorName: 'system',
          action: 'escalated',
          fromStatus: null,
          toStatus: null,
          note: `deadline ${r.deadline} passed`,
        })
        .execute();
      await notify(
        trx,
        [...(r.responsibleUserId ? [r.responsibleUserId] : []), ...(await officeOf(trx, r.consortiumId))],
        {
          kind: 'problem.escalated',
          title: '问题台账：问题已超过完成时限，请督办',
          body: `${r.number} ${r.title}（时限 ${r.deadline}）`,
          consortiumId: r.consortiumId,
        },
      );
      await recordAudit(trx, systemActor, {
        action: 'problem.escalated',
        entityType: 'problem',
        entityId: r.id,
        consortiumId: r.consortiumId,
        after: { escalatedAt: at, deadline: r.deadline },
      });
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}
