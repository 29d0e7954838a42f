import type { MeetingAction, MeetingState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a meeting's states. Only the organisers take these actions (meeting.manage on
// the meeting); the service applies each with a conditional UPDATE so that two clicks cannot both pass.

export const MEETING_TRANSITIONS: Record<MeetingAction, { from: readonly MeetingState[]; to: MeetingState }> =
  {
    start: { from: ['planned'], to: 'in_progress' },
    finish: { from: ['in_progress'], to: 'held' },
    publish: { from: ['held'], to: 'minutes_published' },
    cancel: { from: ['planned'], to: 'cancelled' },
  };

/** States in which the agenda and invitations may still change. */
export const MEETING_OPEN: readonly MeetingState[] = ['planned', 'in_progress'];
/** States in which people sign in. */
export const MEETING_SIGN_IN: readonly MeetingState[] = ['planned', 'in_progress'];
/** States in which minutes and resolutions are written. */
export const MEETING_RECORDING: readonly MeetingState[] = ['in_progress', 'held'];

export function meetingTransition(action: MeetingAction, current: MeetingState) {
  const t = MEETING_TRANSITIONS[action];
  if (!t.from.includes(current))
    throw new AppError('conflict', `Cannot ${action} a meeting that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  return t;
}

export function allowedMeetingActions(current: MeetingState, manages: boolean): MeetingAction[] {
  if (!manages) return [];
  return (Object.keys(MEETING_TRANSITIONS) as MeetingAction[]).filter((a) =>
    MEETING_TRANSITIONS[a].from.includes(current),
  );
}

/** A guard for the other writes of a meeting (agenda, minutes …): 409 outside the given states. */
export function requireMeetingState(current: MeetingState, allowed: readonly MeetingState[], what: string) {
  if (!allowed.includes(current))
    throw new AppError('conflict', `Cannot ${what} while the meeting is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
}
