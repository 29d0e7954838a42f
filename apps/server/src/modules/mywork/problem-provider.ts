import type { MyWorkItem } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { isOverdue, managesLedger } from '../ledger/ledger.repository.js';
import { consortiumVisible } from '../../scope.js';

/**
 * Problems waiting on the reader: to work on (responsible, assigned or in progress), to confirm
 * (raised by them and resolved), and for the office, to assign (raised) and to close (verified).
 */
export async function problemsOnMe(s: Services, p: Principal): Promise<MyWorkItem[]> {
  const rows = await s.db
    .selectFrom('problems as pr')
    .select([
      'pr.id',
      'pr.number',
      'pr.title',
      'pr.status',
      'pr.deadline',
      'pr.consortiumId',
      'pr.responsibleUserId',
      'pr.raisedById',
    ])
    .where(consortiumVisible(p, 'pr.consortiumId'))
    .where((eb) =>
      eb.or([
        eb.and([
          eb('pr.responsibleUserId', '=', p.userId),
          eb('pr.status', 'in', ['assigned', 'in_progress']),
        ]),
        eb.and([eb('pr.raisedById', '=', p.userId), eb('pr.status', '=', 'resolved')]),
        ...(p.role === 'consortium_office' || p.role === 'platform_admin'
          ? [eb('pr.status', 'in', ['raised', 'verified'])]
          : []),
      ]),
    )
    .orderBy('pr.deadline')
    .limit(200)
    .execute();
  const now = s.now();
  return rows
    .map((r) => {
      const reason =
        r.responsibleUserId === p.userId && (r.status === 'assigned' || r.status === 'in_progress')
          ? 'problem_responsible'
          : r.raisedById === p.userId && r.status === 'resolved'
            ? 'problem_confirm'
            : r.status === 'raised'
              ? 'problem_assign'
              : r.status === 'verified'
                ? 'problem_close'
                : null;
      // The office's lines only for its own consortium (a platform admin sees all).
      if ((reason === 'problem_assign' || reason === 'problem_close') && !managesLedger(p, r.consortiumId))
        return null;
      if (!reason) return null;
      return {
        kind: 'problem',
        id: r.id,
        title: r.title,
        subtitle: r.number,
        reason,
        status: r.status,
        dueAt: r.deadline ? new Date(`${r.deadline}T23:59:59+08:00`).toISOString() : null,
        overdue: isOverdue(r.deadline, r.status, now),
        path: `/problems/${r.id}`,
      } satisfies MyWorkItem;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null);
}
