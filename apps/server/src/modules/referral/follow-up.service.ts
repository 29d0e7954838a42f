import { sql } from 'kysely';
import type { FollowUpTask, Page, PageQuery } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { referralVisible } from './referral.repository.js';

// After a down-referral the primary institution keeps the plan's follow-ups and records each one.
// Tasks become work once the receiver has accepted the patient.
const ACTIVE = sql<boolean>`r.status in ('accepted', 'booked', 'in_progress', 'completed')`;

function base(s: Services, p: Principal) {
  return s.db
    .selectFrom('followUpTasks as f')
    .innerJoin('referrals as r', 'r.id', 'f.referralId')
    .innerJoin('patients as pt', 'pt.id', 'r.patientId')
    .where(referralVisible(p))
    .where(ACTIVE);
}
const columns = [
  'f.id',
  'f.referralId',
  'r.code as referralCode',
  'f.institutionId',
  'r.patientName',
  'f.title',
  'f.dueOn',
  'f.doneAt',
  'f.doneBy',
  'f.note',
] as const;

export async function list(
  s: Services,
  p: Principal,
  q: PageQuery & { done?: 'true' | 'false' },
): Promise<Page<FollowUpTask>> {
  let qb = base(s, p);
  if (p.institutionId) qb = qb.where('f.institutionId', '=', p.institutionId);
  if (q.done === 'true') qb = qb.where('f.doneAt', 'is not', null);
  if (q.done === 'false') qb = qb.where('f.doneAt', 'is', null);
  if (q.q)
    qb = qb.where((eb) =>
      eb.or([eb('pt.name', 'ilike', likePattern(q.q!)), eb('f.title', 'ilike', likePattern(q.q!))]),
    );
  return paginate(qb, q, (b) => b.select(columns).orderBy('f.dueOn').orderBy('f.id'));
}

export async function get(s: Services, p: Principal, id: string): Promise<FollowUpTask> {
  const row = await base(s, p).select(columns).where('f.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('follow-up task');
  return row;
}

export async function complete(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  note: string | null,
): Promise<FollowUpTask> {
  const task = await get(s, p, id);
  if (p.institutionId !== task.institutionId)
    throw forbidden('Only the institution that keeps the follow-up records it');
  if (task.doneAt) throw conflict('The follow-up is already recorded');
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('followUpTasks')
      .set({ doneAt: at, doneBy: p.displayName, note })
      .where('id', '=', id)
      .where('doneAt', 'is', null)
      .returning('consortiumId')
      .executeTakeFirst();
    if (!row) throw conflict('The follow-up is already recorded');
    await recordAudit(trx, actor, {
      action: 'follow_up.completed',
      entityType: 'follow_up',
      entityId: id,
      consortiumId: row.consortiumId,
      institutionId: task.institutionId,
      after: { doneAt: at, note },
    });
  });
  return get(s, p, id);
}
