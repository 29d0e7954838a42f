import { sql } from 'kysely';
import type { Principal, Services } from '../../context.js';
import { figures } from '../personnel-figures/figures.service.js';

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

/** The personnel figures of a year, read with the platform's reach but one consortium's key. */
async function personnel(s: Services, consortiumId: string, from: string) {
  const system: Principal = {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: 'system',
    role: 'platform_admin',
    consortiumId: null,
    institutionId: null,
    regionCode: null,
    mustChangePassword: false,
  };
  const year = Number(from.slice(0, 4));
  return figures(s, system, { year, consortiumId });
}

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

  /** Mid-level or higher physicians stationed at each host site for six months of the year. */
  YL_STATIONED_PHYSICIANS: async (s, consortiumId, from) =>
    new Map(
      (await personnel(s, consortiumId, from)).map((r) => [
        r.institutionId,
        { numerator: r.longTermMidLevelPhysicians, denominator: null },
      ]),
    ),

  /** Each member's trainees who returned in the year, and those now working independently. */
  YL_TRAINEE_RETURN: async (s, consortiumId, from) =>
    new Map(
      (await personnel(s, consortiumId, from))
        .filter((r) => r.traineesReturned > 0)
        .map((r) => [r.institutionId, { numerator: r.returnedIndependent, denominator: r.traineesReturned }]),
    ),

  /** Problems raised in the year, by the institution of the owner department, and those closed. */
  YL_LEDGER_CLOSURE: async (s, consortiumId, from, to) => {
    const rows = await sql<{ institutionId: string; closed: number; n: number }>`
      select d.institution_id, count(*) filter (where p.status = 'closed')::int as closed, count(*)::int as n
        from problems p join departments d on d.id = p.owner_department_id
       where p.consortium_id = ${consortiumId} and p.raised_at >= ${from} and p.raised_at < ${to}
       group by d.institution_id`.execute(s.db);
    return new Map(
      rows.rows.map((r) => [r.institutionId, { numerator: Number(r.closed), denominator: Number(r.n) }]),
    );
  },
};
