import { describe, expect, it } from 'vitest';
import { DEFAULT_VOTE_RULES } from '@yilian/domain';
import { allowedDocumentActions, documentTransition, tally } from './document.machine.js';

// The quorum and majority arithmetic, pinned down without a database.
describe('document votes', () => {
  const plan = DEFAULT_VOTE_RULES.implementation_plan;
  const charter = DEFAULT_VOTE_RULES.charter;

  it('needs two thirds of the members to vote', () => {
    expect(tally(plan, { eligible: 9, for: 5, against: 0, abstain: 0 }).outcome).toBe('no_quorum');
    expect(tally(plan, { eligible: 9, for: 5, against: 0, abstain: 1 }).outcome).toBe('passed');
    expect(tally(plan, { eligible: 3, for: 0, against: 0, abstain: 0 }).outcome).toBe('no_quorum');
  });

  it('a simple majority is more than half of the votes cast; abstentions count as cast', () => {
    expect(tally(plan, { eligible: 4, for: 2, against: 2, abstain: 0 }).outcome).toBe('rejected');
    expect(tally(plan, { eligible: 4, for: 2, against: 1, abstain: 1 }).outcome).toBe('rejected');
    expect(tally(plan, { eligible: 4, for: 3, against: 1, abstain: 0 }).outcome).toBe('passed');
  });

  it('the charter needs two thirds for, reached exactly at 6 of 9', () => {
    expect(tally(charter, { eligible: 9, for: 6, against: 3, abstain: 0 }).outcome).toBe('passed');
    expect(tally(charter, { eligible: 9, for: 5, against: 3, abstain: 1 }).outcome).toBe('rejected');
  });

  it('a version moves draft → voting → in force, and nothing else', () => {
    expect(documentTransition('open_vote', 'draft').to).toEqual(['voting']);
    expect(() => documentTransition('open_vote', 'in_force')).toThrow(/Cannot open_vote/);
    expect(() => documentTransition('close_vote', 'draft')).toThrow(/Cannot close_vote/);
    expect(allowedDocumentActions('voting', true)).toEqual(['close_vote']);
    expect(allowedDocumentActions('voting', false)).toEqual([]);
  });
});
