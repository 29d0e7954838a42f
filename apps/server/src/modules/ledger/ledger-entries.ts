import type { ProblemDetail } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { notify } from '../notification/notify.js';
import { rowsById, sidesOf } from './ledger.repository.js';
import { get } from './ledger.service.js';

/**
 * A progress entry (measures taken so far) or feedback to the raiser. Both come from the people
 * working on it: the responsible person or the office. Closed problems take no more entries.
 */
export async function addEntry(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  kind: 'progress' | 'feedback',
  note: string,
): Promise<ProblemDetail> {
  const [r] = await rowsById(s, p, [id]);
  if (!r) throw notFound('problem');
  const sides = sidesOf(p, r);
  if (!sides.has('owner') && !sides.has('office'))
    throw forbidden('Only the responsible person or the office reports on this problem');
  if (r.status === 'closed') throw conflict('Cannot add to a closed problem; reopen it first');
  if (kind === 'progress' && r.status === 'raised')
    throw conflict('Cannot report progress before the problem is assigned');
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('problemEntries')
      .values({
        problemId: id,
        consortiumId: r.consortiumId,
        kind,
        at,
        actorId: p.userId,
        actorName: p.displayName,
        action: null,
        fromStatus: null,
        toStatus: null,
        note,
      })
      .execute();
    await trx.updateTable('problems').set({ updatedAt: at }).where('id', '=', id).execute();
    if (kind === 'feedback' && r.raisedById && r.raisedById !== p.userId)
      await notify(trx, [r.raisedById], {
        kind: 'problem.feedback',
        title: '问题台账：您提出的问题有了反馈',
        body: `${r.number} ${note.slice(0, 80)}`,
        consortiumId: r.consortiumId,
      });
    await recordAudit(trx, actor, {
      action: `problem.${kind}`,
      entityType: 'problem',
      entityId: id,
      consortiumId: r.consortiumId,
      institutionId: p.institutionId,
      after: { note },
    });
  });
  return get(s, p, id);
}
