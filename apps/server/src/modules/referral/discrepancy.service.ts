import type { DiscrepancyResolutionBody, Referral } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { get, getRecord, sidesOf } from './referral.service.js';

// An identity that came in with an import and differed from the registered patient (the register
// kept its values; see patient.ts registerPatient) waits for the receiving staff: they confirm
// that the values sent are right (the register is then corrected, if they choose, through the
// audited patient edit) or reject them (the registered identity stands). Either way the decision,
// who took it and their note are kept and audited; the patient is never rewritten here.

export async function resolveDiscrepancy(
  s: Services,
  p: Principal,
  actor: Actor,
  referralId: string,
  body: DiscrepancyResolutionBody,
): Promise<Referral> {
  const r = await getRecord(s, p, referralId);
  if (!r.discrepancySource) throw notFound('patient discrepancy');
  if (!sidesOf(p, r).has('receiver'))
    throw forbidden("Only the receiving institution's staff settle an identity discrepancy");
  await s.db.transaction().execute(async (trx) => {
    // Concurrency by the database: only the first decision finds it open.
    const settled = await trx
      .updateTable('referralPatientDiscrepancies')
      .set({
        resolvedAt: s.now().toISOString(),
        resolvedBy: p.userId,
        resolution: body.decision,
        resolutionNote: body.note ?? null,
      })
      .where('referralId', '=', referralId)
      .where('resolvedAt', 'is', null)
      .returning(['consortiumId', 'patientId', 'fields'])
      .executeTakeFirst();
    if (!settled) throw conflict('The identity discrepancy was settled already');
    await recordAudit(trx, actor, {
      action: 'referral.discrepancy_resolved',
      entityType: 'referral',
      entityId: referralId,
      consortiumId: settled.consortiumId,
      institutionId: p.institutionId,
      // The fields as recorded: masked already.
      after: {
        decision: body.decision,
        note: body.note ?? null,
        patientId: settled.patientId,
        fields: settled.fields,
      },
    });
  });
  return get(s, p, referralId);
}
