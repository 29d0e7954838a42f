import { sql } from 'kysely';
import type { MyWorkItem } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';

/**
 * Open votes where the reader holds a voting seat in office, linked to their account or to their
 * staff record, and the seat has no ballot yet (cast online or recorded in the room). A secretary's
 * or observer's seat waits on no vote.
 */
export async function votesAwaitingMe(s: Services, p: Principal): Promise<MyWorkItem[]> {
  const rows = await s.db
    .selectFrom('documentVotes as dv')
    .innerJoin('documentVersions as v', 'v.id', 'dv.versionId')
    .innerJoin('councilDocuments as d', 'd.id', 'v.documentId')
    .innerJoin('councilMembers as cm', 'cm.consortiumId', 'dv.consortiumId')
    .select(['d.id', 'd.title', 'v.versionNo', 'dv.openedAt'])
    .where('dv.closedAt', 'is', null)
    .where(consortiumVisible(p, 'dv.consortiumId'))
    .where('cm.voting', '=', true)
    .where(
      sql<boolean>`cm.term_start <= dv.office_date and (cm.term_end is null or cm.term_end >= dv.office_date)`,
    )
    .where(
      sql<boolean>`(cm.user_id = ${p.userId}
        or cm.staff_id in (select us.staff_id from users us where us.id = ${p.userId}))`,
    )
    .where(
      sql<boolean>`not exists (select 1 from document_ballots b where b.vote_id = dv.id and b.member_id = cm.id)`,
    )
    .orderBy('dv.openedAt')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    kind: 'vote',
    id: r.id,
    title: r.title,
    subtitle: `v${r.versionNo}`,
    reason: 'vote_pending',
    status: 'voting',
    dueAt: null,
    overdue: false,
    path: `/council/documents/${r.id}`,
  }));
}
