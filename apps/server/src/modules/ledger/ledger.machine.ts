import type { ProblemAction, ProblemState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a problem's states in the ledger (问题有落实、工作有推进、结果有反馈).
// `office`: the consortium office (ledger.manage); `owner`: the responsible person;
// `raiser`: who raised it. Verification needs the raiser's confirmation or the office.

export type LedgerSide = 'office' | 'owner' | 'raiser';

export const PROBLEM_TRANSITIONS: Record<
  ProblemAction,
  { from: readonly ProblemState[]; to: ProblemState; sides: readonly LedgerSide[] }
> = {
  assign: { from: ['raised', 'assigned'], to: 'assigned', sides: ['office'] },
  start: { from: ['assigned'], to: 'in_progress', sides: ['owner', 'office'] },
  resolve: { from: ['in_progress'], to: 'resolved', sides: ['owner', 'office'] },
  verify: { from: ['resolved'], to: 'verified', sides: ['raiser', 'office'] },
  close: { from: ['verified'], to: 'closed', sides: ['office'] },
  reopen: { from: ['resolved', 'verified', 'closed'], to: 'in_progress', sides: ['raiser', 'office'] },
};

/** Problems still being worked on: their deadline counts. */
export const PROBLEM_OPEN: readonly ProblemState[] = ['raised', 'assigned', 'in_progress'];
/** Done, as the closure rate counts it. */
export const PROBLEM_DONE: readonly ProblemState[] = ['verified', 'closed'];

export function problemTransition(action: ProblemAction, current: ProblemState) {
  const t = PROBLEM_TRANSITIONS[action];
  if (!t.from.includes(current))
    throw new AppError('conflict', `Cannot ${action} a problem that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  return t;
}

export function allowedProblemActions(
  current: ProblemState,
  sides: ReadonlySet<LedgerSide>,
): ProblemAction[] {
  return (Object.keys(PROBLEM_TRANSITIONS) as ProblemAction[]).filter((a) => {
    const t = PROBLEM_TRANSITIONS[a];
    return t.from.includes(current) && t.sides.some((s) => sides.has(s));
  });
}
