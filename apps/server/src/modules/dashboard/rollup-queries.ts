import { sql } from 'kysely';
import type { ReferralFlow, ReferralMonth } from '@yilian/domain';
import type { Services } from '../../context.js';
import type { Months } from './period.js';

// Reads of the referral rollups (migration 0013). Every query names the consortium, so on Citus
// it runs on the one shard that holds it.

type Db = Services['db'];

/** Referrals per month and direction, with gaps filled with zeros. */
export async function monthlyReferrals(
  db: Db,
  consortiumId: string,
  m: Months,
  institutionId?: string,
): Promise<ReferralMonth[]> {
  const rows = institutionId
    ? await sql<{
        month: string;
        direction: string;
        submitted: number;
        accepted: number;
        green: number;
        greenOnTime: number;
      }>`
        select to_char(month, 'YYYY-MM') as month, direction, sum(submitted)::int as submitted,
               sum(accepted)::int as accepted, 0 as green, 0 as green_on_time
          from referral_rollup_pair
         where consortium_id = ${consortiumId} and month >= ${m.fromDate}::date and month < ${m.toDateExclusive}::date
           and (from_institution_id = ${institutionId} or to_institution_id = ${institutionId})
         group by 1, 2`.execute(db)
    : await sql<{
        month: string;
        direction: string;
        submitted: number;
        accepted: number;
        green: number;
        greenOnTime: number;
      }>`
        select to_char(month, 'YYYY-MM') as month, direction, submitted, accepted, green, green_on_time
          from referral_rollup_month
         where consortium_id = ${consortiumId} and month >= ${m.fromDate}::date and month < ${m.toDateExclusive}::date`.execute(
        db,
      );
  const byMonth = new Map(
    m.list.map((month) => [
      month,
      { month, up: 0, down: 0, lateral: 0, accepted: 0, green: 0, greenOnTime: 0 },
    ]),
  );
  for (const r of rows.rows) {
    const row = byMonth.get(r.month);
    if (!row) continue;
    row[r.direction as 'up' | 'down' | 'lateral'] += Number(r.submitted);
    row.accepted += Number(r.accepted);
    row.green += Number(r.green);
    row.greenOnTime += Number(r.greenOnTime);
  }
  return [...byMonth.values()];
}

/** Flows between institutions over the months, largest first (at most `limit`). */
export async function flows(
  db: Db,
  consortiumId: string,
  m: Months,
  opts: { institutionId?: string; limit?: number } = {},
): Promise<ReferralFlow[]> {
  const only = opts.institutionId
    ? sql`and (p.from_institution_id = ${opts.institutionId} or p.to_institution_id = ${opts.institutionId})`
    : sql``;
  const rows = await sql<ReferralFlow>`
    select p.from_institution_id, f.name as from_name, p.to_institution_id, t.name as to_name, p.direction,
           sum(p.submitted)::int as count
      from referral_rollup_pair p
      join institutions f on f.id = p.from_institution_id
      join institutions t on t.id = p.to_institution_id
     where p.consortium_id = ${consortiumId} and p.month >= ${m.fromDate}::date and p.month < ${m.toDateExclusive}::date ${only}
     group by 1, 2, 3, 4, 5
    having sum(p.submitted) > 0
     order by count desc, from_name, to_name
     limit ${opts.limit ?? 200}`.execute(db);
  return rows.rows.map((r) => ({ ...r, count: Number(r.count) }));
}
