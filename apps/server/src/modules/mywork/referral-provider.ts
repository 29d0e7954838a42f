import type { MyWorkItem } from '@yilian/domain';
import { hasPermission, type Principal, type Services } from '../../context.js';

// Referrals wait on the receiving institution from the request until it completes (decide, book
// or admit, discharge), and on their writer while still a draft. The receiving roles are those of
// the referral module (clinician, institution admin with referral.handle).
const RECEIVER_WAITS = {
  requested: 'referral_decide',
  received: 'referral_decide',
  accepted: 'referral_admit',
  booked: 'referral_admit',
  in_progress: 'referral_complete',
} as const;

export async function referralsWaitingOnMe(s: Services, p: Principal): Promise<MyWorkItem[]> {
  if (!p.institutionId) return [];
  const receives =
    hasPermission(p, 'referral.handle') && (p.role === 'clinician' || p.role === 'institution_admin');
  const writes = hasPermission(p, 'referral.create');
  if (!receives && !writes) return [];
  const rows = await s.db
    .selectFrom('referrals as r')
    .innerJoin('institutions as fi', 'fi.id', 'r.fromInstitutionId')
    .select([
      'r.id',
      'r.code',
      'r.status',
      'r.diagnosisName',
      'r.deadlineAt',
      'r.toInstitutionId',
      'fi.name as fromName',
    ])
    .where((eb) =>
      eb.or([
        ...(receives
          ? [
              eb.and([
                eb('r.toInstitutionId', '=', p.institutionId),
                eb('r.status', 'in', Object.keys(RECEIVER_WAITS) as never),
              ]),
            ]
          : []),
        ...(writes ? [eb.and([eb('r.createdBy', '=', p.userId), eb('r.status', '=', 'draft')])] : []),
      ]),
    )
    .orderBy('r.deadlineAt')
    .orderBy('r.createdAt')
    .limit(200)
    .execute();
  const now = s.now().getTime();
  return rows.map((r) => ({
    kind: 'referral',
    id: r.id,
    title: `${r.code} ${r.diagnosisName}`,
    subtitle: r.fromName,
    reason: r.status === 'draft' ? 'referral_draft' : RECEIVER_WAITS[r.status as keyof typeof RECEIVER_WAITS],
    status: r.status,
    dueAt: r.deadlineAt,
    overdue: !!r.deadlineAt && Date.parse(r.deadlineAt) < now,
    path: `/referrals/${r.id}`,
  }));
}
