import { sql } from 'kysely';
import type { CommissionConsortium, CommissionOverview, CommissionQuery } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern } from '../shared/paginate.js';
import { outlierFlags } from './outliers.js';
import { monthsOf } from './period.js';

// The health commission's overview of the consortia in its region: volumes, the share referred
// down, acceptance and green-channel timeliness, a monthly trend, a ranking and the outliers.
// One pass over the per-consortium monthly rollup; never over referrals.

type Figure = 'referrals' | 'downShare' | 'acceptedShare' | 'greenOnTimeShare';
const FIGURES: Figure[] = ['referrals', 'downShare', 'acceptedShare', 'greenOnTimeShare'];
const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

export async function commissionOverview(
  s: Services,
  p: Principal,
  q: CommissionQuery,
): Promise<CommissionOverview> {
  const m = monthsOf(q, s.now());
  const named = q.q ? sql`and c.name ilike ${likePattern(q.q)}` : sql``;
  // The two reads do not depend on each other: run them at once (the pool has connections).
  const [consortia, rollup] = await Promise.all([
    sql<{
      id: string;
      name: string;
      kind: string;
      regionCode: string;
      members: number;
    }>`
    select c.id, c.name, c.kind, c.region_code,
           (select count(*) from memberships mm where mm.consortium_id = c.id and mm.left_on is null)::int as members
      from consortia c where ${consortiumVisible(p, 'c.id')} ${named}
     order by c.name`.execute(s.db),
    sql<{
      consortiumId: string;
      month: string;
      submitted: number;
      up: number;
      down: number;
      accepted: number;
      green: number;
      greenOnTime: number;
    }>`
        select consortium_id, to_char(month, 'YYYY-MM') as month, sum(submitted)::int as submitted,
               coalesce(sum(submitted) filter (where direction = 'up'), 0)::int as up,
               coalesce(sum(submitted) filter (where direction = 'down'), 0)::int as down,
               sum(accepted)::int as accepted, sum(green)::int as green, sum(green_on_time)::int as green_on_time
          from referral_rollup_month
         where consortium_id in (select c.id from consortia c where ${consortiumVisible(p, 'c.id')} ${named})
           and month >= ${m.fromDate}::date and month < ${m.toDateExclusive}::date
         group by 1, 2`.execute(s.db),
  ]);
  const ids = consortia.rows.map((c) => c.id);
  const monthIndex = new Map(m.list.map((x, i) => [x, i]));
  const acc = new Map(
    ids.map((id) => [
      id,
      { submitted: 0, up: 0, down: 0, accepted: 0, green: 0, greenOnTime: 0, trend: m.list.map(() => 0) },
    ]),
  );
  for (const r of rollup.rows) {
    const a = acc.get(r.consortiumId);
    if (!a) continue;
    a.submitted += Number(r.submitted);
    a.up += Number(r.up);
    a.down += Number(r.down);
    a.accepted += Number(r.accepted);
    a.green += Number(r.green);
    a.greenOnTime += Number(r.greenOnTime);
    const i = monthIndex.get(r.month);
    if (i !== undefined) a.trend[i]! += Number(r.submitted);
  }
  const rows = consortia.rows.map((c) => {
    const a = acc.get(c.id)!;
    return {
      ...c,
      members: Number(c.members),
      referrals: a.submitted,
      up: a.up,
      down: a.down,
      downShare: pct(a.down, a.up + a.down),
      acceptedShare: pct(a.accepted, a.submitted),
      greenOnTimeShare: pct(a.greenOnTime, a.green),
      trend: a.trend,
    };
  });
  const flags = Object.fromEntries(FIGURES.map((f) => [f, outlierFlags(rows.map((r) => r[f]))])) as Record<
    Figure,
    boolean[]
  >;
  const sorted = rows
    .map((r, i) => ({ ...r, outliers: FIGURES.filter((f) => flags[f][i]) }))
    .sort((a, b) => (b[q.rankBy] ?? -1) - (a[q.rankBy] ?? -1) || a.name.localeCompare(b.name, 'zh-CN'));
  let rank = 0;
  const ranked: CommissionConsortium[] = sorted.map((r, i) => {
    if (i === 0 || r[q.rankBy] !== sorted[i - 1]![q.rankBy]) rank = i + 1;
    return { ...r, rank };
  });
  return { regionCode: p.regionCode, from: m.from, to: m.to, months: m.list, consortia: ranked };
}
