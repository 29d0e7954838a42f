import type { ConsultationAction, ConsultationState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a remote consultation's transitions. `requester`: staff of the asking
// institution; `center`: staff of the consulting centre; `system`: the deadline sweeper. A remote
// reading (imaging, ECG) may go from accepted straight to its report, without a video session.
export type ConsultationSide = 'requester' | 'center' | 'system';

export const CONSULTATION_TRANSITIONS: Record<
  ConsultationAction,
  { from: readonly ConsultationState[]; to: ConsultationState; side: ConsultationSide }
> = {
  accept: { from: ['requested'], to: 'accepted', side: 'center' },
  reject: { from: ['requested'], to: 'rejected', side: 'center' },
  schedule: { from: ['accepted', 'scheduled'], to: 'scheduled', side: 'center' },
  report: { from: ['accepted', 'scheduled', 'reported'], to: 'reported', side: 'center' },
  sign: { from: ['reported'], to: 'completed', side: 'center' },
  cancel: { from: ['requested', 'accepted', 'scheduled'], to: 'cancelled', side: 'requester' },
  fail: { from: ['requested'], to: 'failed', side: 'system' },
};

export function consultationTransition(action: ConsultationAction, current: ConsultationState) {
  const t = CONSULTATION_TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new AppError('conflict', `Cannot ${action} a consultation that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  }
  return t;
}

export function allowedConsultationActions(
  current: ConsultationState,
  sides: ReadonlySet<ConsultationSide>,
  rated: boolean,
) {
  const actions: (ConsultationAction | 'rate')[] = (
    Object.entries(CONSULTATION_TRANSITIONS) as [
      ConsultationAction,
      (typeof CONSULTATION_TRANSITIONS)[ConsultationAction],
    ][]
  )
    .filter(([, t]) => t.from.includes(current) && sides.has(t.side))
    .map(([a]) => a);
  if (current === 'completed' && sides.has('requester') && !rated) actions.push('rate');
  return actions;
}
