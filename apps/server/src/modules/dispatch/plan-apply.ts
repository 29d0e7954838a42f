import type { DispatchRole, PlanApplyBody, PlanApplyResult } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, invalid } from '../../errors.js';
import { audited } from '../shared/audited.js';
import * as batches from './batch.service.js';
import { demandRowOf } from './plan-instance.js';
import { version as getVersion } from './plan-solve.js';
import { transition } from './plan.machine.js';
import * as plans from './plan.service.js';

// Applying a version turns its assignments into postings of a batch: an expert's consecutive
// periods at one site become one posting. Assignments that cannot be posted (outside the batch's
// dates, not on the sending institution's staff, already posted then) are listed, not posted.

export async function apply(
  s: Services,
  p: Principal,
  actor: Actor,
  planId: string,
  body: PlanApplyBody,
): Promise<PlanApplyResult> {
  const plan = await plans.getManaged(s, p, planId);
  transition(plan.status, 'apply');
  const n = body.version ?? plan.currentVersion;
  const v = await getVersion(s, p, planId, n);
  if (v.status !== 'solved' || !v.result) throw conflict(`version ${n} has no plan to apply`);
  const batch = await batches.get(s, p, body.batchId).catch(() => {
    throw invalid('batchId', 'no such batch in your scope');
  });
  if (batch.consortiumId !== plan.consortiumId) throw invalid('batchId', 'belongs to another consortium');

  const periods = new Map(v.input.periods.map((x) => [x.index, x]));
  const names = new Map(v.input.experts.map((e) => [e.id, e.name]));
  const demandIds = [...new Set(v.result.assignments.map((a) => demandRowOf(a.demandId)))];
  const roles = new Map<string, DispatchRole>();
  if (demandIds.length)
    for (const d of await s.db
      .selectFrom('dispatchDemands')
      .select(['id', 'role'])
      .where('id', 'in', demandIds)
      .execute())
      roles.set(d.id, d.role);
  // Merge each expert's consecutive periods at the same site into one stay.
  const sorted = [...v.result.assignments].sort(
    (x, y) => x.expertId.localeCompare(y.expertId) || x.periodIndex - y.periodIndex,
  );
  const stays: { expertId: string; siteId: string; role: DispatchRole; first: number; last: number }[] = [];
  for (const a of sorted) {
    const prev = stays.at(-1);
    const role = roles.get(demandRowOf(a.demandId)) ?? 'clinical';
    if (
      prev &&
      prev.expertId === a.expertId &&
      prev.siteId === a.siteId &&
      prev.last === a.periodIndex - 1 &&
      prev.role === role
    )
      prev.last = a.periodIndex;
    else
      stays.push({ expertId: a.expertId, siteId: a.siteId, role, first: a.periodIndex, last: a.periodIndex });
  }
  const staffIds = [...new Set(stays.map((x) => x.expertId))];
  const ofSender = new Set(
    staffIds.length
      ? (
          await s.db
            .selectFrom('staff')
            .select('id')
            .where('id', 'in', staffIds)
            .where('institutionId', '=', batch.sendingInstitutionId)
            .execute()
        ).map((r) => r.id)
      : [],
  );

  const outcome = await audited(s, actor, async (trx) => {
    const row = await trx
      .selectFrom('dispatchPlans')
      .select('status')
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const status = transition(row.status, 'apply');
    const skipped: PlanApplyResult['skipped'] = [];
    let created = 0;
    for (const st of stays) {
      const startDate = periods.get(st.first)!.start;
      const endDate = periods.get(st.last)!.end;
      const skip = (reason: string) =>
        skipped.push({ expertName: names.get(st.expertId) ?? st.expertId, periodIndex: st.first, reason });
      if (!ofSender.has(st.expertId)) {
        skip('not_sending_staff');
        continue;
      }
      if (startDate < batch.startDate || endDate > batch.endDate) {
        skip('outside_batch');
        continue;
      }
      const clash = await trx
        .selectFrom('dispatchPostings')
        .select('id')
        .where('staffId', '=', st.expertId)
        .where('startDate', '<=', endDate)
        .where('endDate', '>=', startDate)
        .executeTakeFirst();
      if (clash) {
        skip('already_posted');
        continue;
      }
      await trx
        .insertInto('dispatchPostings')
        .values({
          consortiumId: plan.consortiumId,
          batchId: batch.id,
          staffId: st.expertId,
          hostInstitutionId: st.siteId,
          role: st.role,
          startDate,
          endDate,
          hostPosition: null,
          planId,
        })
        .execute();
      created++;
    }
    if (created === 0)
      throw conflict('no assignment of this version fits the batch (its dates and its sending institution)');
    await trx
      .updateTable('dispatchPlans')
      .set({ status, appliedVersion: n, appliedBatchId: batch.id, updatedAt: new Date().toISOString() })
      .where('id', '=', planId)
      .execute();
    return {
      result: { created, skipped },
      event: {
        action: 'dispatch_plan.apply',
        entityType: 'dispatch_plan',
        entityId: planId,
        consortiumId: plan.consortiumId,
        after: { version: n, batchId: batch.id, created, skipped: skipped.length },
      },
    };
  });
  return { plan: await plans.get(s, p, planId), ...outcome };
}
