import { referralActionBodies, type Referral, type ReferralAction } from '@yilian/domain';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { systemActor, type Actor, type Principal, type Services, type Tx } from '../../context.js';
import { AppError, conflict, forbidden, invalid } from '../../errors.js';
import { notify, officeOf, usersOf } from '../notification/notify.js';
import { acceptDeadline } from './deadline.js';
import { AWAITING_DECISION, transition, TRANSITIONS } from './referral.machine.js';
import { moveReferral } from './referral.repository.js';
import { get, getRecord, rulesOf, sidesOf } from './referral.service.js';

type Bodies = { [A in keyof typeof referralActionBodies]: z.infer<(typeof referralActionBodies)[A]> };
export type ActionBody<A extends ReferralAction> = A extends keyof Bodies ? Bodies[A] : Record<string, never>;

const RECEIVER_ROLES = ['clinician', 'institution_admin'] as const;

const TITLES: Partial<Record<ReferralAction, string>> = {
  submit: '新的转诊申请',
  accept: '转诊已接收',
  reject: '转诊被拒绝',
  book: '转诊已预约号源/床位',
  complete: '转诊回执：诊疗已完成',
  fail: '转诊超时未处理',
  cancel: '转诊已撤销',
};

/**
 * One action on one referral: the machine says whether the state allows it (409), the reader's
 * side says whether they may (403), and the conditional UPDATE makes it happen once under any
 * concurrency. State, event, audit row and notifications commit together.
 */
export async function runAction<A extends ReferralAction>(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: A,
  body: ActionBody<A>,
): Promise<Referral> {
  const r = await getRecord(s, p, id);
  const t = transition(action, r.status);
  if (!sidesOf(p, r).has(t.side))
    throw forbidden(
      `Only the ${t.side === 'sender' ? 'sending' : 'receiving'} institution can ${action} this referral`,
    );
  const now = s.now();
  const at = now.toISOString();
  const b = body as Record<string, string | undefined>;

  await s.db.transaction().execute(async (trx) => {
    const set: Parameters<typeof moveReferral>[4] = {};
    let note: string | null = null;
    switch (action) {
      case 'submit': {
        set.submittedAt = at;
        set.deadlineAt = acceptDeadline(r.urgency, await rulesOf(trx, r.consortiumId), now).toISOString();
        break;
      }
      case 'accept':
        set.acceptedAt = at;
        set.deadlineAt = null;
        if (b.toDepartmentId) {
          const d = await trx
            .selectFrom('departments')
            .select('institutionId')
            .where('id', '=', b.toDepartmentId)
            .executeTakeFirst();
          if (d?.institutionId !== r.toInstitutionId)
            throw invalid('toDepartmentId', 'is not a department of the receiving institution');
          set.toDepartmentId = b.toDepartmentId;
        }
        note = b.note ?? null;
        break;
      case 'reject':
        set.rejectReason = b.reason!;
        set.deadlineAt = null;
        note = b.reason!;
        break;
      case 'book':
        set.slotId = await takeSlot(trx, b.slotId!, r.toInstitutionId);
        break;
      case 'complete':
        set.completedAt = at;
        set.receiptAt = at;
        set.dischargeSummary = b.dischargeSummary!;
        break;
      case 'cancel':
        set.cancelReason = b.reason!;
        set.deadlineAt = null;
        note = b.reason!;
        if (r.slotId) await releaseSlot(trx, r.slotId);
        break;
    }
    const moved = await moveReferral(trx, id, t.from, t.to, set);
    if (!moved) {
      const current = await trx
        .selectFrom('referrals')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      throw conflict(`Cannot ${action} a referral that is ${current.status}`);
    }
    await trx
      .insertInto('referralEvents')
      .values({
        referralId: id,
        consortiumId: r.consortiumId,
        at,
        actorId: p.userId,
        actorName: p.displayName,
        action,
        fromStatus: r.status,
        toStatus: t.to,
        note,
      })
      .execute();
    const recipients =
      t.side === 'sender'
        ? await usersOf(trx, r.toInstitutionId, RECEIVER_ROLES)
        : r.createdBy
          ? [r.createdBy]
          : [];
    const title = TITLES[action];
    if (title) {
      await notify(trx, recipients, {
        kind: `referral.${action}`,
        title,
        body: `${r.code} ${r.patientName} ${r.diagnosisName}`,
        referralId: id,
        consortiumId: r.consortiumId,
      });
    }
    // Last: the audit chain's lock is held from here to commit, so nothing else waits behind it.
    await recordAudit(trx, actor, {
      action: `referral.${action}`,
      entityType: 'referral',
      entityId: id,
      consortiumId: r.consortiumId,
      institutionId: p.institutionId,
      before: { status: r.status },
      after: { status: t.to, ...set },
    });
  });
  return get(s, p, id);
}

/** Takes one place of a reserved slot, or answers 409 when it is full. */
async function takeSlot(trx: Tx, slotId: string, institutionId: string): Promise<string> {
  const taken = await trx
    .updateTable('capacitySlots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .where('institutionId', '=', institutionId)
    .whereRef('booked', '<', 'capacity')
    .returning('id')
    .executeTakeFirst();
  if (taken) return taken.id;
  const exists = await trx
    .selectFrom('capacitySlots')
    .select('institutionId')
    .where('id', '=', slotId)
    .executeTakeFirst();
  if (!exists || exists.institutionId !== institutionId)
    throw invalid('slotId', 'is not a slot of the receiving institution');
  throw new AppError('conflict', 'The slot is fully booked', [
    { field: 'slotId', message: 'is fully booked' },
  ]);
}

async function releaseSlot(trx: Tx, slotId: string) {
  await trx
    .updateTable('capacitySlots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute();
}

/**
 * The deadline sweeper, run every few seconds by each server and at start (deadlines live in the
 * database, so they survive a restart). A green-channel referral past its deadline is escalated
 * once to the receiving institution's duty officer (its administrators) and the consortium office;
 * any other referral past its deadline fails. Each step is a conditional UPDATE, so with several
 * servers each referral is escalated or failed exactly once.
 */
export async function sweepDeadlines(
  s: Services,
  now = s.now(),
): Promise<{ escalated: number; failed: number }> {
  const at = now.toISOString();
  const due = await s.db
    .selectFrom('referrals as r')
    .select([
      'r.id',
      'r.code',
      'r.urgency',
      'r.status',
      'r.consortiumId',
      'r.toInstitutionId',
      'r.createdBy',
      'r.escalatedAt',
      'r.patientName',
    ])
    .where('r.deadlineAt', '<=', at)
    .where('r.status', 'in', [...AWAITING_DECISION])
    .orderBy('r.deadlineAt')
    .limit(500)
    .execute();
  let escalated = 0;
  let failed = 0;
  for (const r of due) {
    if (r.urgency === 'green_channel') {
      if (r.escalatedAt) continue;
      const done = await s.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('referrals')
          .set({ escalatedAt: at })
          .where('id', '=', r.id)
          .where('escalatedAt', 'is', null)
          .where('status', 'in', [...AWAITING_DECISION])
          .returning('id')
          .executeTakeFirst();
        if (!row) return false;
        await trx
          .insertInto('referralEvents')
          .values({
            referralId: r.id,
            consortiumId: r.consortiumId,
            at,
            actorId: null,
            actorName: 'system',
            action: 'escalated',
            fromStatus: r.status,
            toStatus: r.status,
            note: 'green-channel deadline passed',
          })
          .execute();
        const dutyOfficers = await usersOf(trx, r.toInstitutionId, ['institution_admin']);
        await notify(trx, [...dutyOfficers, ...(await officeOf(trx, r.consortiumId))], {
          kind: 'referral.escalated',
          title: '绿色通道超时未接收，请立即处理',
          body: `${r.code} ${r.patientName}`,
          referralId: r.id,
          consortiumId: r.consortiumId,
        });
        await recordAudit(trx, systemActor, {
          action: 'referral.escalated',
          entityType: 'referral',
          entityId: r.id,
          consortiumId: r.consortiumId,
          after: { escalatedAt: at },
        });
        return true;
      });
      if (done) escalated++;
      continue;
    }
    const t = TRANSITIONS.fail;
    const done = await s.db.transaction().execute(async (trx) => {
      const moved = await moveReferral(trx, r.id, t.from, t.to, { deadlineAt: null });
      if (!moved) return false;
      await trx
        .insertInto('referralEvents')
        .values({
          referralId: r.id,
          consortiumId: r.consortiumId,
          at,
          actorId: null,
          actorName: 'system',
          action: 'fail',
          fromStatus: r.status,
          toStatus: 'failed',
          note: 'deadline passed',
        })
        .execute();
      await notify(trx, r.createdBy ? [r.createdBy] : [], {
        kind: 'referral.fail',
        title: TITLES.fail!,
        body: `${r.code} ${r.patientName}`,
        referralId: r.id,
        consortiumId: r.consortiumId,
      });
      await recordAudit(trx, systemActor, {
        action: 'referral.fail',
        entityType: 'referral',
        entityId: r.id,
        consortiumId: r.consortiumId,
        before: { status: r.status },
        after: { status: 'failed' },
      });
      return true;
    });
    if (done) failed++;
  }
  return { escalated, failed };
}
