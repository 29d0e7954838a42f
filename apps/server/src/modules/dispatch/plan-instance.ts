import {
  TITLE_RANK_OF,
  type DispatchPlan,
  type PeriodKind,
  type PlanInstance,
  type PlanPeriod,
  type UnavailableRange,
} from '@yilian/domain';
import type { Db, Tx } from '../../context.js';
import { effectiveMaxAway } from './staffing.service.js';

// Builds the optimizer's instance from what is stored: the plan's periods, the host sites with
// demand in the horizon, the active expert pool with the periods each is free, and the home
// departments with how many may be away. Ids are the stored ids (experts by staff id), and a
// demand row spanning several periods becomes one demand per period: `<demand id>:<period>`.

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY) + 1;
const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  a.start <= b.end && b.start <= a.end;

/** Calendar months clipped to the horizon, or fourteen-day periods from its start. */
export function periodsOf(start: string, end: string, kind: PeriodKind): PlanPeriod[] {
  const out: PlanPeriod[] = [];
  let from = start;
  while (from <= end) {
    let to: string;
    if (kind === 'month') {
      const d = new Date(`${from}T00:00:00Z`);
      to = iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    } else {
      to = iso(Date.parse(`${from}T00:00:00Z`) + 13 * DAY);
    }
    if (to > end) to = end;
    out.push({
      index: out.length,
      start: from,
      end: to,
      weeks: Math.round((days(from, to) / 7) * 100) / 100,
    });
    from = iso(Date.parse(`${to}T00:00:00Z`) + DAY);
  }
  return out;
}

export const demandKey = (demandId: string, periodIndex: number) => `${demandId}:${periodIndex}`;
export const demandRowOf = (key: string) => key.split(':')[0]!;

export async function buildInstance(
  db: Db | Tx,
  plan: Pick<
    DispatchPlan,
    | 'id'
    | 'consortiumId'
    | 'horizonStart'
    | 'horizonEnd'
    | 'periodKind'
    | 'hostInstitutionIds'
    | 'locks'
    | 'weights'
  >,
): Promise<PlanInstance> {
  const periods = periodsOf(plan.horizonStart, plan.horizonEnd, plan.periodKind);
  let dq = db
    .selectFrom('dispatchDemands as dm')
    .innerJoin('institutions as hi', 'hi.id', 'dm.hostInstitutionId')
    .select([
      'dm.id',
      'dm.hostInstitutionId',
      'hi.name as hostName',
      'dm.specialty',
      'dm.startDate',
      'dm.endDate',
    ])
    .select(['dm.minTitleRank', 'dm.count', 'dm.priority'])
    .where('dm.consortiumId', '=', plan.consortiumId)
    .where('dm.startDate', '<=', plan.horizonEnd)
    .where('dm.endDate', '>=', plan.horizonStart);
  if (plan.hostInstitutionIds?.length) dq = dq.where('dm.hostInstitutionId', 'in', plan.hostInstitutionIds);
  const demandRows = await dq.orderBy('hi.name').orderBy('dm.startDate').orderBy('dm.id').execute();

  const sites = new Map<string, string>();
  const demands: PlanInstance['demands'] = [];
  for (const d of demandRows) {
    for (const p of periods) {
      // A demand counts in a period it covers at least half of (a month's demand from the 10th
      // still counts in that month; one ending on the 3rd of the next does not).
      const covered = Math.min(
        days(p.start, p.end),
        days(d.startDate > p.start ? d.startDate : p.start, d.endDate < p.end ? d.endDate : p.end),
      );
      if (!overlaps({ start: d.startDate, end: d.endDate }, p) || covered * 2 < days(p.start, p.end))
        continue;
      sites.set(d.hostInstitutionId, d.hostName);
      demands.push({
        id: demandKey(d.id, p.index),
        siteId: d.hostInstitutionId,
        periodIndex: p.index,
        specialty: d.specialty,
        minTitleRank: d.minTitleRank,
        count: d.count,
        priority: d.priority,
      });
    }
  }

  const profiles = await db
    .selectFrom('expertProfiles as ep')
    .innerJoin('staff as st', 'st.id', 'ep.staffId')
    .select(['ep.staffId', 'st.name', 'st.title', 'st.departmentId', 'ep.specialty', 'ep.maxWeeksPerYear'])
    .select(['ep.availableFrom', 'ep.availableTo', 'ep.unavailable'])
    .where('ep.consortiumId', '=', plan.consortiumId)
    .where('ep.active', '=', true)
    .where('st.active', '=', true)
    .orderBy('st.name')
    .orderBy('ep.staffId')
    .execute();
  const staffIds = profiles.map((e) => e.staffId);
  // Postings already made (other than this plan's own) take the expert's time and weeks away.
  const yearEnd = iso(Date.parse(`${plan.horizonStart}T00:00:00Z`) + 364 * DAY);
  const posted = staffIds.length
    ? await db
        .selectFrom('dispatchPostings')
        .select(['staffId', 'startDate', 'endDate'])
        .where('staffId', 'in', staffIds)
        .where('startDate', '<=', plan.horizonEnd > yearEnd ? plan.horizonEnd : yearEnd)
        .where('endDate', '>=', plan.horizonStart)
        .where((eb) => eb.or([eb('planId', 'is', null), eb('planId', '<>', plan.id)]))
        .execute()
    : [];

  const experts: PlanInstance['experts'] = profiles.map((e) => {
    const busy: { start: string; end: string }[] = [
      ...((e.unavailable ?? []) as UnavailableRange[]),
      ...posted.filter((x) => x.staffId === e.staffId).map((x) => ({ start: x.startDate, end: x.endDate })),
    ];
    const availablePeriods = periods
      .filter(
        (p) => (!e.availableFrom || e.availableFrom <= p.start) && (!e.availableTo || e.availableTo >= p.end),
      )
      .filter((p) => !busy.some((b) => overlaps(b, p)))
      .map((p) => p.index);
    const usedDays = posted
      .filter((x) => x.staffId === e.staffId)
      .reduce((n, x) => {
        const a = x.startDate > plan.horizonStart ? x.startDate : plan.horizonStart;
        const b = x.endDate < yearEnd ? x.endDate : yearEnd;
        return a <= b ? n + days(a, b) : n;
      }, 0);
    // The yearly maximum, pro rata for a horizon longer than a year, less the weeks already posted.
    const years = Math.max(1, days(plan.horizonStart, plan.horizonEnd) / 365);
    const budget = Number(e.maxWeeksPerYear) * years - usedDays / 7;
    return {
      id: e.staffId,
      name: e.name,
      specialty: e.specialty,
      titleRank: TITLE_RANK_OF[e.title],
      departmentId: e.departmentId ?? `staff:${e.staffId}`,
      availablePeriods,
      maxWeeksAway: Math.max(0, Math.round(budget * 100) / 100),
    };
  });

  const deptIds = [...new Set(profiles.map((e) => e.departmentId).filter((d): d is string => !!d))];
  const deptRows = deptIds.length
    ? await db
        .selectFrom('departments as d')
        .innerJoin('institutions as i', 'i.id', 'd.institutionId')
        .leftJoin('departmentStaffing as ds', (j) =>
          j.onRef('ds.departmentId', '=', 'd.id').on('ds.consortiumId', '=', plan.consortiumId),
        )
        .select([
          'd.id',
          'd.name',
          'i.name as institutionName',
          'ds.id as staffingId',
          'ds.minStaffing',
          'ds.maxAway',
        ])
        .select((eb) =>
          eb
            .selectFrom('staff as st')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('st.departmentId', '=', 'd.id')
            .where('st.active', '=', true)
            .as('headcount'),
        )
        .where('d.id', 'in', deptIds)
        .orderBy('d.id')
        .execute()
    : [];
  const departments: PlanInstance['departments'] = deptRows.map((d) => ({
    id: d.id,
    name: `${d.institutionName} ${d.name}`,
    // Without a staffing rule a department may spare all its pooled experts.
    maxAway: d.staffingId
      ? effectiveMaxAway({ headcount: Number(d.headcount), minStaffing: d.minStaffing, maxAway: d.maxAway })
      : experts.filter((e) => e.departmentId === d.id).length,
  }));
  for (const e of experts)
    if (e.departmentId.startsWith('staff:'))
      departments.push({ id: e.departmentId, name: e.name, maxAway: 1 });

  const expertIds = new Set(experts.map((e) => e.id));
  const demandIds = new Set(demands.map((d) => d.id));
  return {
    periods,
    sites: [...sites].map(([id, name]) => ({ id, name })),
    departments,
    experts,
    demands,
    locks: plan.locks.filter((l) => expertIds.has(l.expertId) && demandIds.has(l.demandId)),
    weights: plan.weights,
  };
}
