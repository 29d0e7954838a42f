import chineseDays from 'chinese-days';
import type { DeadlineRules, Urgency } from '@yilian/domain';

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * When the receiver must decide by. Routine referrals count working days of the official
 * Chinese calendar (holidays and the swapped weekend workdays included), at the same clock time
 * in China; urgent ones count clock hours; the green channel counts minutes.
 */
export function acceptDeadline(urgency: Urgency, rules: DeadlineRules, from: Date): Date {
  if (urgency === 'green_channel') return new Date(from.getTime() + rules.greenMinutes * 60_000);
  if (urgency === 'urgent') return new Date(from.getTime() + rules.urgentHours * 3600_000);
  const local = new Date(from.getTime() + CHINA_OFFSET_MS).toISOString();
  const day = chineseDays.findWorkday(rules.routineWorkdays, local.slice(0, 10));
  return new Date(`${day}T${local.slice(11, 23)}+08:00`);
}
