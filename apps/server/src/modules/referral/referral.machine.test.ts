import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REFERRAL_ACTIONS,
  REFERRAL_STATES,
  FHIR_TASK_STATUS,
  type ReferralAction,
  type ReferralState,
} from '@yilian/domain';
import { AppError } from '../../errors.js';
import { allowedActions, FINAL_STATES, transition, TRANSITIONS, type Side } from './referral.machine.js';

describe('referral state machine', () => {
  it('walks the happy path of the issue: draft → requested → received → accepted → booked → in progress → completed', () => {
    let s: ReferralState = 'draft';
    for (const a of ['submit', 'receive', 'accept', 'book', 'arrive', 'complete'] as ReferralAction[])
      s = transition(a, s).to;
    expect(s).toBe('completed');
  });

  it('refuses a forbidden transition with a 409 that names the current state', () => {
    try {
      transition('complete', 'requested');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(409);
      expect((err as AppError).message).toMatch(/requested/);
    }
  });

  it('lets nothing leave a final state', () => {
    for (const state of FINAL_STATES)
      expect(allowedActions(state, new Set<Side>(['sender', 'receiver', 'system']))).toEqual([]);
  });

  it('every state maps to a FHIR Task.status and every non-draft state is reachable from draft', () => {
    const valid = [
      'draft',
      'requested',
      'received',
      'accepted',
      'rejected',
      'ready',
      'cancelled',
      'in-progress',
      'on-hold',
      'failed',
      'completed',
      'entered-in-error',
    ];
    for (const s of REFERRAL_STATES) expect(valid).toContain(FHIR_TASK_STATUS[s]);
    const reached = new Set<ReferralState>(['draft']);
    for (let i = 0; i < REFERRAL_STATES.length; i++) {
      for (const t of Object.values(TRANSITIONS)) if (t.from.some((f) => reached.has(f))) reached.add(t.to);
    }
    expect([...reached].sort()).toEqual([...REFERRAL_STATES].sort());
  });

  it('any sequence of actions either follows the table or is refused, never lands outside it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REFERRAL_ACTIONS), { maxLength: 12 }), (actions) => {
        let s: ReferralState = 'draft';
        for (const a of actions) {
          const allowed = TRANSITIONS[a].from.includes(s);
          if (allowed) s = transition(a, s).to;
          else expect(() => transition(a, s)).toThrow(AppError);
        }
        expect(REFERRAL_STATES).toContain(s);
      }),
    );
  });

  it('splits the actions between the sides', () => {
    expect(allowedActions('requested', new Set<Side>(['sender']))).toEqual(['cancel']);
    expect(allowedActions('requested', new Set<Side>(['receiver']))).toEqual(['receive', 'accept', 'reject']);
    expect(allowedActions('requested', new Set<Side>())).toEqual([]);
  });
});
