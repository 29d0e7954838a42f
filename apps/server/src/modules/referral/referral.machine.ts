import type { ReferralAction, ReferralState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a referral's allowed transitions. Every action goes through `transition`,
// and the repository applies it with a conditional UPDATE (… WHERE status IN from), so two
// concurrent actions cannot both pass: the second finds the state changed and answers 409.

export type Side = 'sender' | 'receiver' | 'system';

export interface Transition {
  from: readonly ReferralState[];
  to: ReferralState;
  /** Who may take the action: staff of the sending or the receiving institution, or the deadline sweeper. */
  side: Side;
}

export const TRANSITIONS: Record<ReferralAction, Transition> = {
  submit: { from: ['draft'], to: 'requested', side: 'sender' },
  receive: { from: ['requested'], to: 'received', side: 'receiver' },
  accept: { from: ['requested', 'received'], to: 'accepted', side: 'receiver' },
  reject: { from: ['requested', 'received'], to: 'rejected', side: 'receiver' },
  book: { from: ['accepted'], to: 'booked', side: 'receiver' },
  arrive: { from: ['accepted', 'booked'], to: 'in_progress', side: 'receiver' },
  complete: { from: ['in_progress'], to: 'completed', side: 'receiver' },
  cancel: { from: ['draft', 'requested', 'received', 'accepted', 'booked'], to: 'cancelled', side: 'sender' },
  fail: { from: ['requested', 'received'], to: 'failed', side: 'system' },
};

/** States from which the referral waits for the receiver to decide; their deadline runs. */
export const AWAITING_DECISION: readonly ReferralState[] = ['requested', 'received'];
export const FINAL_STATES: readonly ReferralState[] = ['completed', 'rejected', 'cancelled', 'failed'];

export function transition(action: ReferralAction, current: ReferralState): Transition {
  const t = TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new AppError('conflict', `Cannot ${action} a referral that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  }
  return t;
}

/** The actions a reader on the given sides may take from this state. */
export function allowedActions(current: ReferralState, sides: ReadonlySet<Side>): ReferralAction[] {
  return (Object.entries(TRANSITIONS) as [ReferralAction, Transition][])
    .filter(([, t]) => t.from.includes(current) && sides.has(t.side))
    .map(([a]) => a);
}
