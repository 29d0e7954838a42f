import type { PlanEvent, PlanStatus } from '@yilian/domain';
import { conflict } from '../../errors.js';

// The states of a rotation plan and the one table every plan action passes through.
// draft -> solving -> solved -> applied; a failed solve returns the plan to draft; a solved
// plan may be solved again (a new version) after its locks change; an applied plan is final.
const TRANSITIONS: Record<PlanStatus, Partial<Record<PlanEvent, PlanStatus>>> = {
  draft: { solve: 'solving', lock: 'draft', edit: 'draft' },
  solving: { finish: 'solved', fail: 'draft' },
  solved: { solve: 'solving', lock: 'solved', edit: 'solved', apply: 'applied' },
  applied: {},
};

export function allowed(status: PlanStatus, event: PlanEvent): boolean {
  return TRANSITIONS[status][event] !== undefined;
}

/** The state after an event, or 409 when the plan's state does not allow it. */
export function transition(status: PlanStatus, event: PlanEvent): PlanStatus {
  const next = TRANSITIONS[status][event];
  if (!next) throw conflict(`a ${status} plan cannot ${event}`);
  return next;
}

/** The actions a planner may take now, for the page's buttons. */
export function allowedEvents(status: PlanStatus): PlanEvent[] {
  return Object.keys(TRANSITIONS[status]) as PlanEvent[];
}
