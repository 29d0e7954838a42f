import { sql } from 'kysely';
import { z } from 'zod';
import type { Principal, Services } from '../../context.js';
import { referralVisible } from './referral.repository.js';

// Figures for assessment, per institution and period (by the date a referral was sent, in China).
export const referralFiguresQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  consortiumId: z.uuid().optional(),
  institutionId: z.uuid().optional(),
});
export type ReferralFiguresQuery = z.infer<typeof referralFiguresQuery>;

const rate = z.number().nullable();
export const referralFigures = z.object({
  institutionId: z.uuid(),
  institutionName: z.string(),
  /** Referrals the institution sent up (上转) and down (下转). */
  sentUp: z.number().int(),
  sentDown: z.number().int(),
  receivedUp: z.number().int(),
  receivedDown: z.number().int(),
  /** Of the referrals it received and decided on, the share it accepted. */
  acceptanceRate: rate,
  /** Median minutes from sending to acceptance, for referrals it received. */
  medianMinutesToAccept: rate,
  /** Green-channel referrals it received, and the share accepted before the deadline (not escalated). */
  greenReceived: z.number().int(),
  greenCompliance: rate,
  /** Of the referrals it sent (not cancelled), the share that came back completed with a receipt. */
  receiptShare: rate,
});
export type ReferralFigures = z.infer<typeof referralFigures>;

export async function figures(
  s: Services,
  p: Principal,
  q: ReferralFiguresQuery,
): Promise<ReferralFigures[]> {
  const { rows } = await sql<ReferralFigures>`
    with r as (
      select r.* from referrals r
      where ${referralVisible(p)}
        and r.submitted_at >= (${q.from}::date)::timestamp at time zone 'Asia/Shanghai'
        and r.submitted_at < (${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'
        ${q.consortiumId ? sql`and r.consortium_id = ${q.consortiumId}` : sql``}
    ),
    sides as (
      select r.*, r.from_institution_id as inst, 'sent' as side from r
      union all
      select r.*, r.to_institution_id as inst, 'received' as side from r
    )
    select i.id as "institutionId", i.name as "institutionName",
      count(*) filter (where side = 'sent' and direction = 'up')::int as "sentUp",
      count(*) filter (where side = 'sent' and direction = 'down')::int as "sentDown",
      count(*) filter (where side = 'received' and direction = 'up')::int as "receivedUp",
      count(*) filter (where side = 'received' and direction = 'down')::int as "receivedDown",
      round((count(*) filter (where side = 'received' and accepted_at is not null))::numeric
        / nullif(count(*) filter (where side = 'received' and (accepted_at is not null or status in ('rejected', 'failed'))), 0), 4)::float8 as "acceptanceRate",
      (percentile_cont(0.5) within group (order by extract(epoch from accepted_at - submitted_at) / 60)
        filter (where side = 'received' and accepted_at is not null))::float8 as "medianMinutesToAccept",
      count(*) filter (where side = 'received' and urgency = 'green_channel')::int as "greenReceived",
      round((count(*) filter (where side = 'received' and urgency = 'green_channel' and accepted_at is not null and escalated_at is null))::numeric
        / nullif(count(*) filter (where side = 'received' and urgency = 'green_channel' and status not in ('cancelled', 'requested', 'received')), 0), 4)::float8 as "greenCompliance",
      round((count(*) filter (where side = 'sent' and receipt_at is not null))::numeric
        / nullif(count(*) filter (where side = 'sent' and status <> 'cancelled'), 0), 4)::float8 as "receiptShare"
    from sides join institutions i on i.id = sides.inst
    ${q.institutionId ? sql`where i.id = ${q.institutionId}` : sql``}
    group by i.id, i.name
    order by i.name
  `.execute(s.db);
  return rows;
}
