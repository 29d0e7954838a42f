import type { DeadlineRules } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { get as getConsortium } from '../consortium/consortium.service.js';
import { rulesOf } from './referral.service.js';

/** Each consortium sets its own deadlines; until it does, the defaults apply. */
export async function get(s: Services, p: Principal, consortiumId: string): Promise<DeadlineRules> {
  await getConsortium(s, p, consortiumId);
  return rulesOf(s.db, consortiumId);
}

export async function put(
  s: Services,
  p: Principal,
  actor: Actor,
  consortiumId: string,
  rules: DeadlineRules,
): Promise<DeadlineRules> {
  const before = await get(s, p, consortiumId);
  if (!managesConsortium(p, consortiumId)) throw forbidden();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('referralRules')
      .values({ consortiumId, ...rules })
      .onConflict((oc) =>
        oc.column('consortiumId').doUpdateSet({ ...rules, updatedAt: new Date().toISOString() }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'referral_rules.updated',
      entityType: 'consortium',
      entityId: consortiumId,
      consortiumId,
      before,
      after: rules,
    });
  });
  return rulesOf(s.db, consortiumId);
}
