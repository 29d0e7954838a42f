import type { BookingAction, BookingState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a shared-resource booking's transitions. `requester` is staff of the booking
// institution, `owner` staff of the institution that runs the equipment.
export type BookingSide = 'requester' | 'owner';

export const BOOKING_TRANSITIONS: Record<
  BookingAction,
  { from: readonly BookingState[]; to: BookingState; sides: readonly BookingSide[] }
> = {
  confirm: { from: ['requested'], to: 'confirmed', sides: ['owner'] },
  reschedule: { from: ['requested', 'confirmed'], to: 'confirmed', sides: ['owner'] },
  complete: { from: ['confirmed'], to: 'completed', sides: ['owner'] },
  no_show: { from: ['confirmed'], to: 'no_show', sides: ['owner'] },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', sides: ['requester', 'owner'] },
};

/** A requester may cancel up to this long before the slot; after that only the owner can. */
export const REQUESTER_CANCEL_BEFORE_MS = 2 * 3600_000;

export function bookingTransition(action: BookingAction, current: BookingState) {
  const t = BOOKING_TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new AppError('conflict', `Cannot ${action} a booking that is ${current}`, [
      { field: 'status', message: `is ${current}` },
    ]);
  }
  return t;
}

export function allowedBookingActions(
  current: BookingState,
  sides: ReadonlySet<BookingSide>,
): BookingAction[] {
  return (
    Object.entries(BOOKING_TRANSITIONS) as [BookingAction, (typeof BOOKING_TRANSITIONS)[BookingAction]][]
  )
    .filter(([, t]) => t.from.includes(current) && t.sides.some((s) => sides.has(s)))
    .map(([a]) => a);
}
