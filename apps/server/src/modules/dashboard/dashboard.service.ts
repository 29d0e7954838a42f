import { sql } from 'kysely';
import type { ConsortiumDashboard, DashboardPeriod, MemberDashboard } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { notFound } from '../../errors.js';
import { consortiumVisible, institutionVisible } from '../../scope.js';
import { todayInChina } from '../shared/paginate.js';
import { monthsOf } from './period.js';
import { flows, monthlyReferrals } from './rollup-queries.js';

// The consortium office's dashboard and a member's view. Referral figures come from the rollups;
// stationed experts, the ledger and assessment results are small per consortium and read live.

const OPEN_PROBLEM_STATES = ['raised', 'assigned', 'in_progress', 'resolved'];

async function stationedNow(s: Services, consortiumId: string, hostInstitutionId?: string) {
  const today = todayInChina(s.now());
  const host = hostInstitutionId ? sql`and p.host_institution_id = ${hostInstitutionId}` : sql``;
  const rows = await sql<{ hostInstitutionId: string; hostName: string; experts: number }>`
    select p.host_institution_id, i.name as host_name, count(distinct p.staff_id)::int as experts
      from dispatch_postings p join institutions i on i.id = p.host_institution_id
     where p.consortium_id = ${consortiumId} and p.start_date <= ${today}::date and p.end_date >= ${today}::date ${host}
     group by 1, 2 order by experts desc, host_name`.execute(s.db);
  return rows.rows.map((r) => ({ ...r, experts: Number(r.experts) }));
}

async function ledger(s: Services, consortiumId: string) {
  const today = todayInChina(s.now());
  const rows = await sql<{ state: string; count: number; overdue: number }>`
    select status as state, count(*)::int as count,
           count(*) filter (where deadline < ${today}::date and status in (${sql.join(OPEN_PROBLEM_STATES)}))::int as overdue
      from problems where consortium_id = ${consortiumId} group by status order by status`.execute(s.db);
  return {
    states: rows.rows.map((r) => ({ state: r.state, count: Number(r.count) })),
    overdue: rows.rows.reduce((n, r) => n + Number(r.overdue), 0),
  };
}

async function latestAssessment(s: Services, consortiumId: string) {
  const row = await s.db
    .selectFrom('assessmentSchemes')
    .select(['id', 'name', 'year', 'snapshot'])
    .where('consortiumId', '=', consortiumId)
    .where('state', '=', 'published')
    .orderBy('year', 'desc')
    .orderBy('publishedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.snapshot) return null;
  const members = (
    row.snapshot as {
      members: { institutionId: string; institutionName: string; total: number; rank: number }[];
    }
  ).members.map(({ institutionId, institutionName, total, rank }) => ({
    institutionId,
    institutionName,
    total,
    rank,
  }));
  return { schemeId: row.id, name: row.name, year: row.year, members };
}

export async function consortiumDashboard(
  s: Services,
  p: Principal,
  id: string,
  q: DashboardPeriod,
): Promise<ConsortiumDashboard> {
  const consortium = await s.db
    .selectFrom('consortia')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where(consortiumVisible(p, 'id'))
    .executeTakeFirst();
  if (!consortium) throw notFound('consortium');
  const m = monthsOf(q, s.now());
  const [months, flowRows, stationed, problems, attainment] = await Promise.all([
    monthlyReferrals(s.db, id, m),
    flows(s.db, id, m),
    stationedNow(s, id),
    ledger(s, id),
    latestAssessment(s, id),
  ]);
  return {
    consortium,
    from: m.from,
    to: m.to,
    months,
    flows: flowRows,
    stationedNow: stationed,
    ledger: problems.states,
    ledgerOverdue: problems.overdue,
    attainment,
  };
}

export async function memberDashboard(
  s: Services,
  p: Principal,
  institutionId: string,
  q: DashboardPeriod,
): Promise<MemberDashboard> {
  const row = await s.db
    .selectFrom('institutions as i')
    .innerJoin('memberships as m', 'm.institutionId', 'i.id')
    .innerJoin('consortia as c', 'c.id', 'm.consortiumId')
    .select(['i.id', 'i.name', 'c.id as consortiumId', 'c.name as consortiumName'])
    .where('i.id', '=', institutionId)
    .where('m.leftOn', 'is', null)
    .where(institutionVisible(p, 'i.id'))
    .where(consortiumVisible(p, 'c.id'))
    .orderBy('m.joinedOn')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound('institution');
  const m = monthsOf(q, s.now());
  const [months, partners, stationed, open, assessment] = await Promise.all([
    monthlyReferrals(s.db, row.consortiumId, m, institutionId),
    flows(s.db, row.consortiumId, m, { institutionId }),
    stationedNow(s, row.consortiumId, institutionId),
    sql<{ n: number }>`
      select count(*)::int as n from problems
       where consortium_id = ${row.consortiumId} and status in (${sql.join(OPEN_PROBLEM_STATES)})
         and affected_institution_ids @> ${JSON.stringify([institutionId])}::jsonb`.execute(s.db),
    latestAssessment(s, row.consortiumId),
  ]);
  const mine = assessment?.members.find((x) => x.institutionId === institutionId);
  return {
    institution: { id: row.id, name: row.name },
    consortium: { id: row.consortiumId, name: row.consortiumName },
    from: m.from,
    to: m.to,
    months,
    partners,
    stationedHere: stationed[0]?.experts ?? 0,
    openProblems: Number(open.rows[0]?.n ?? 0),
    lastAssessment:
      assessment && mine
        ? { ...mine, schemeId: assessment.schemeId, name: assessment.name, of: assessment.members.length }
        : null,
  };
}
