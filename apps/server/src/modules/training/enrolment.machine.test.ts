import { describe, expect, it } from 'vitest';
import { ENROLMENT_ACTIONS, ENROLMENT_STATES } from '@yilian/domain';
import {
  allowedEnrolmentActions,
  ENROLMENT_TRANSITIONS,
  enrolmentTransition,
  SEAT_HOLDING,
} from './enrolment.machine.js';

// The enrolment's transition table on its own: every pair of state and action either moves to the
// table's target or is refused with 409, and each side sees only its own buttons.

describe('the enrolment transition table', () => {
  it('moves exactly where the table says, and refuses every other pair with a conflict', () => {
    for (const state of ENROLMENT_STATES)
      for (const action of ENROLMENT_ACTIONS) {
        const t = ENROLMENT_TRANSITIONS[action];
        if (t.from.includes(state)) expect(enrolmentTransition(action, state).to).toBe(t.to);
        else
          expect(() => enrolmentTransition(action, state)).toThrow(
            expect.objectContaining({ code: 'conflict' }),
          );
      }
  });

  it('ends in rejected, withdrawn and returned_to_post, with no way out', () => {
    for (const end of ['rejected', 'withdrawn', 'returned_to_post'] as const)
      expect(allowedEnrolmentActions(end, new Set(['provider', 'sender']))).toEqual([]);
  });

  it('gives the provider the decisions and the home institution the return to post', () => {
    expect(allowedEnrolmentActions('applied', new Set(['provider']))).toEqual([
      'accept',
      'reject',
      'withdraw',
    ]);
    expect(allowedEnrolmentActions('applied', new Set(['sender']))).toEqual(['withdraw']);
    expect(allowedEnrolmentActions('completed', new Set(['provider']))).toEqual([]);
    expect(allowedEnrolmentActions('completed', new Set(['sender']))).toEqual(['return_to_post']);
  });

  it('holds a seat from acceptance on, and only states that acceptance leads to', () => {
    const reachableFromAccepted = new Set<string>(['accepted']);
    for (let i = 0; i < 4; i++)
      for (const t of Object.values(ENROLMENT_TRANSITIONS))
        if (t.from.some((f) => reachableFromAccepted.has(f)) && t.to !== 'withdrawn')
          reachableFromAccepted.add(t.to);
    expect(new Set(SEAT_HOLDING)).toEqual(reachableFromAccepted);
  });
});
