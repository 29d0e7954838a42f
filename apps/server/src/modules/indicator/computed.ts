import { sql } from 'kysely';
import type { Services } from '../../context.js';

// The figures Yilian computes from its own records, per member institution over a period
// [from, to). Each returns a numerator and, for a rate, a denominator; the indicator's factor
// turns them into a value (indicatorValue). Only codes listed here are computed: a library
// indicator without a computer has no value rather than a guessed one.

export interface Fraction {
  numerator: number;
  denominator: number | null;
}
export type Computer = (
  s: Services,
  consortiumId: string,
  from: string,
  to: string,
) => Promise<Map<string, Fraction>>;

const counts = (rows: { institutionId: string; n: number | string }[]) =>
  new Map(rows.map((r) => [r.institutionId, { numerator: Number(r.n), denominator: null }]));

/** Accepted referrals sent by each institution in one direction. */
const referredBy =
  (direction: 'up' | 'down'): Computer =>
  async (s, consortiumId, from, to) =>
    counts(
      await s.db
        .selectFrom('referrals')
        .select(['fromInstitutionId as institutionId', sql<number>`count(*)::int`.as('n')])
        .where('consortiumId', '=', consortiumId)
        .where('direction', '=', direction)
        .where('acceptedAt', '>=', from)
        .where('acceptedAt', '<', to)
        .groupBy('fromInstitutionId')
        .execute(),
    );

export const COMPUTERS: Record<string, Computer> = {
  YL_REF_UP: referredBy('up'),
  YL_REF_DOWN: referredBy('down'),

  /** Hours from submission to acceptance, summed, over the referrals each institution accepted. */
  YL_REF_ACCEPT_HOURS: async (s, consortiumId, from, to) => {
    const rows = await s.db
      .selectFrom('referrals')
      .select([
        'toInstitutionId as institutionId',
        sql<number>`sum(extract(epoch from (accepted_at - submitted_at)) / 3600.0)::float8`.as('hours'),
        sql<number>`count(*)::int`.as('n'),
      ])
      .where('consortiumId', '=', consortiumId)
      .where('submittedAt', 'is not', null)
      .where('acceptedAt', '>=', from)
      .where('acceptedAt', '<', to)
      .groupBy('toInstitutionId')
      .execute();
    return new Map(
      rows.map((r) => [r.institutionId, { numerator: Number(r.hours), denominator: Number(r.n) }]),
    );
  },

  /** Green-channel referrals each institution received, and those it accepted by the deadline. */
  YL_GREEN_ON_TIME: async (s, consortiumId, from, to) => {
    const rows = await s.db
      .selectFrom('referrals')
      .select([
        'toInstitutionId as institutionId',
        sql<number>`count(*) filter (where accepted_at is not null and accepted_at <= deadline_at)::int`.as(
          'onTime',
        ),
        sql<number>`count(*)::int`.as('n'),
      ])
      .where('consortiumId', '=', consortiumId)
      .where('urgency', '=', 'green_channel')
      .where('status', 'not in', ['draft', 'cancelled'])
      .where('submittedAt', '>=', from)
      .where('submittedAt', '<', to)
      .groupBy('toInstitutionId')
      .execute();
    return new Map(
      rows.map((r) => [r.institutionId, { numerator: Number(r.onTime), denominator: Number(r.n) }]),
    );
  },
};
