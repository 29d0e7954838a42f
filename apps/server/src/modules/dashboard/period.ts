import type { DashboardPeriod } from '@yilian/domain';
import { invalid } from '../../errors.js';

// A dashboard's months: `from` and `to` inclusive, at most five years; by default the twelve
// months up to the current one (China time).

const MAX_MONTHS = 60;

export interface Months {
  from: string; // '2030-01'
  to: string;
  /** First day of `from` and of the month after `to`, as dates for the rollups' month column. */
  fromDate: string;
  toDateExclusive: string;
  list: string[];
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

export function monthsOf(q: DashboardPeriod, now: Date): Months {
  const current = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const to = q.to ?? (q.from ? monthOf(Math.min(monthIndex(q.from) + 11, monthIndex(current))) : current);
  const from = q.from ?? monthOf(monthIndex(to) - 11);
  const span = monthIndex(to) - monthIndex(from) + 1;
  if (span < 1) throw invalid('to', 'must not be before from');
  if (span > MAX_MONTHS) throw invalid('from', `at most ${MAX_MONTHS} months at once`);
  const list = Array.from({ length: span }, (_, i) => monthOf(monthIndex(from) + i));
  return { from, to, fromDate: `${from}-01`, toDateExclusive: `${monthOf(monthIndex(to) + 1)}-01`, list };
}
