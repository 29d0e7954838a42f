import type { EnrolmentAction, EnrolmentState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a training enrolment's transitions. `provider`: the institution that offers
// the programme (or the consortium office); `sender`: the trainee's own institution (or the office).
export type EnrolmentSide = 'provider' | 'sender';

export const ENROLMENT_TRANSITIONS: Record<
  EnrolmentAction,
  { from: readonly EnrolmentState[]; to: EnrolmentState; sides: readonly EnrolmentSide[] }
> = {
  accept: { from: ['applied'], to: 'accepted', sides: ['provider'] },
  reject: { from: ['applied'], to: 'rejected', sides: ['provider'] },
  start: { from: ['accepted'], to: 'in_training', sides: ['provider'] },
  complete: { from: ['in_training'], to: 'completed', sides: ['provider'] },
  withdraw: { from: ['applied', 'accepted', 'in_training'], to: 'withdrawn', sides: ['sender', 'provider'] },
  // The home institution knows whether the trainee came back and now works on their own.
  return_to_post: { from: ['completed'], to: 'returned_to_post', sides: ['sender'] },
};

/** States that hold one of the programme's seats. */
export const SEAT_HOLDING: readonly EnrolmentState[] = [
  'accepted',
  'in_training',
  'completed',
  'returned_to_post',
];

export function enrolmentTransition(action: EnrolmentAction, current: EnrolmentState) {
  const t = ENROLMENT_TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new AppError('conflict', `Cannot ${action} an enrolment that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  }
  return t;
}

export function allowedEnrolmentActions(current: EnrolmentState, sides: ReadonlySet<EnrolmentSide>) {
  return (
    Object.entries(ENROLMENT_TRANSITIONS) as [
      EnrolmentAction,
      (typeof ENROLMENT_TRANSITIONS)[EnrolmentAction],
    ][]
  )
    .filter(([, t]) => t.from.includes(current) && t.sides.some((s) => sides.has(s)))
    .map(([a]) => a);
}
