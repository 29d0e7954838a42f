import type { Db } from '../../context.js';
import { invalid } from '../../errors.js';
import { todayInChina } from './paginate.js';

/**
 * Refuses (400, naming the field of the first offender) institution ids that are not members of
 * the consortium: a record of one consortium never names another consortium's institutions as
 * its parties or its users. `current` asks for a membership in force today; otherwise a former
 * member counts too (an agreement signed while it belonged).
 */
export async function assertMembers(
  db: Db,
  consortiumId: string,
  ids: readonly (string | null | undefined)[],
  field: (index: number) => string,
  o: { current: boolean },
): Promise<void> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return;
  let q = db
    .selectFrom('memberships')
    .select('institutionId')
    .where('consortiumId', '=', consortiumId)
    .where('institutionId', 'in', wanted);
  if (o.current) q = q.where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>', todayInChina())]));
  const members = new Set((await q.execute()).map((r) => r.institutionId));
  const bad = ids.findIndex((x) => !!x && !members.has(x));
  if (bad >= 0) throw invalid(field(bad), 'not an institution of this consortium');
}
