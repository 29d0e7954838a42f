// A resource's opening hours in China time, cut into slots.
const CHINA = 8 * 3600_000;

export interface Schedule {
  openDays: number[];
  openFrom: string;
  openTo: string;
  slotMinutes: number;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Slot start times (ISO, UTC) of one day (YYYY-MM-DD in China), none if the resource is closed. */
export function slotsOf(s: Schedule, date: string): string[] {
  const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1; // 1 = Monday
  if (!s.openDays.includes(weekday)) return [];
  const midnight = Date.parse(`${date}T00:00:00Z`) - CHINA;
  const out: string[] = [];
  for (let m = minutes(s.openFrom); m + s.slotMinutes <= minutes(s.openTo); m += s.slotMinutes) {
    out.push(new Date(midnight + m * 60_000).toISOString());
  }
  return out;
}

/** Is this instant the start of one of the resource's slots? */
export function isSlotStart(s: Schedule, startIso: string): boolean {
  const t = Date.parse(startIso);
  if (Number.isNaN(t)) return false;
  const date = new Date(t + CHINA).toISOString().slice(0, 10);
  return slotsOf(s, date).includes(new Date(t).toISOString());
}
