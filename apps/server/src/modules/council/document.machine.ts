import type { DocumentAction, DocumentState, VoteOutcome, VoteRule } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a document version's life: a draft is put to the council's vote; closing the
// vote brings it into force when it passed, or returns it to draft when it failed. A version in
// force is superseded (by the system) when a newer version of the same document comes into force.
export const DOCUMENT_TRANSITIONS: Record<
  DocumentAction | 'supersede',
  { from: readonly DocumentState[]; to: readonly DocumentState[]; by: 'office' | 'system' }
> = {
  open_vote: { from: ['draft'], to: ['voting'], by: 'office' },
  close_vote: { from: ['voting'], to: ['in_force', 'draft'], by: 'office' },
  supersede: { from: ['in_force'], to: ['superseded'], by: 'system' },
};

/** Only a draft's text changes; a file may also be attached to the version in force (the signed copy). */
export const EDITABLE_STATES: readonly DocumentState[] = ['draft'];
export const FILE_STATES: readonly DocumentState[] = ['draft', 'voting', 'in_force'];

export function documentTransition(action: keyof typeof DOCUMENT_TRANSITIONS, current: DocumentState) {
  const t = DOCUMENT_TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new AppError('conflict', `Cannot ${action} a version that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  }
  return t;
}

export function requireState(current: DocumentState, allowed: readonly DocumentState[], what: string) {
  if (!allowed.includes(current))
    throw new AppError('conflict', `Cannot ${what} a version that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
}

export function allowedDocumentActions(current: DocumentState, manages: boolean): DocumentAction[] {
  if (!manages) return [];
  return (['open_vote', 'close_vote'] as const).filter((a) => DOCUMENT_TRANSITIONS[a].from.includes(current));
}

export interface Count {
  eligible: number;
  for: number;
  against: number;
  abstain: number;
}

/**
 * The outcome of a vote under its rule. Every ballot (abstentions too) counts towards the quorum;
 * only votes for count towards the majority, over all votes cast. Integer arithmetic: 2/3 of 9 is
 * exactly 6, never 5.999.
 */
export function tally(rule: VoteRule, c: Count) {
  const cast = c.for + c.against + c.abstain;
  const quorumReached = cast > 0 && cast * rule.quorumDen >= rule.quorumNum * c.eligible;
  const share = c.for * rule.passDen;
  const need = rule.passNum * cast;
  const majority = cast > 0 && (rule.passStrict ? share > need : share >= need);
  const outcome: VoteOutcome = !quorumReached ? 'no_quorum' : majority ? 'passed' : 'rejected';
  return { cast, quorumReached, passing: outcome === 'passed', outcome };
}
