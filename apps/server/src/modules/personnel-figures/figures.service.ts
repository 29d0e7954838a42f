import { sql, type RawBuilder } from 'kysely';
import {
  ACTIVITY_KINDS,
  MID_LEVEL_OR_HIGHER_TITLES,
  type PersonnelFiguresQuery,
  type PersonnelFiguresRow,
  type StaffTitle,
} from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { activityTotalsBySite } from '../activity/activity.repository.js';

// Figures for the national assessment of personnel flow, per host site and calendar year.
//
// - Stationed physician-days: the days inside the year on which a physician (by 职称) was posted at
//   the site, each (physician, day) once even if two postings overlap.
// - Long-term, mid-level or higher: physicians whose days at the site inside the year reach
//   LONG_TERM_DAYS; days of the posting outside the year do not count. The indicator names 医师,
//   so nurse and technician titles of the same rank do not count here; they are reported beside it
//   (longTermMidLevelOtherProfessionals) so that the nursing and medical-technical groups the
//   reports send are not lost.
// - Trainees: staff of the site whose place was accepted, completed or who returned in the year;
//   the share working independently (独立开展) is over those who returned in the year.

export const PHYSICIAN_TITLES: readonly StaffTitle[] = [
  'chief_physician',
  'associate_chief_physician',
  'attending_physician',
  'resident_physician',
];
/**
 * Six months (半年以上) as an office counts them: six months of 30 days, the usual conversion in
 * Chinese health statistics. Half of 365 days (183) would leave out a posting from 1 January to
 * 30 June (181 days), which every office reports as six months.
 */
export const LONG_TERM_DAYS = 180;

const midPhysician = MID_LEVEL_OR_HIGHER_TITLES.filter((t) => PHYSICIAN_TITLES.includes(t));
const midOther = MID_LEVEL_OR_HIGHER_TITLES.filter((t) => !PHYSICIAN_TITLES.includes(t));

function filters(
  p: Principal,
  q: PersonnelFiguresQuery,
  consortium: string,
  institution: string,
): RawBuilder<boolean> {
  const parts = [consortiumVisible(p, consortium)];
  if (q.consortiumId) parts.push(sql<boolean>`${sql.ref(consortium)} = ${q.consortiumId}`);
  if (q.institutionId) parts.push(sql<boolean>`${sql.ref(institution)} = ${q.institutionId}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

export async function figures(
  s: Services,
  p: Principal,
  q: PersonnelFiguresQuery,
): Promise<PersonnelFiguresRow[]> {
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  // Days each staff member spent at each site inside the year (overlapping postings counted once).
  const stays = await sql<{ hostInstitutionId: string; staffId: string; title: StaffTitle; days: number }>`
    select dp.host_institution_id, dp.staff_id, st.title, count(distinct d.day)::int as days
    from dispatch_postings dp
    join staff st on st.id = dp.staff_id
    cross join lateral generate_series(
      greatest(dp.start_date, ${from}::date), least(dp.end_date, ${to}::date), interval '1 day') as d(day)
    where dp.start_date <= ${to}::date and dp.end_date >= ${from}::date
      and ${filters(p, q, 'dp.consortium_id', 'dp.host_institution_id')}
    group by dp.host_institution_id, dp.staff_id, st.title
  `.execute(s.db);
  const trainees = await sql<{
    institutionId: string;
    enrolled: number;
    completed: number;
    returned: number;
    independent: number;
  }>`
    select e.institution_id,
      count(*) filter (where e.accepted_on between ${from}::date and ${to}::date)::int as enrolled,
      count(*) filter (where e.completed_on between ${from}::date and ${to}::date)::int as completed,
      count(*) filter (where e.returned_on between ${from}::date and ${to}::date)::int as returned,
      count(*) filter (where e.returned_on between ${from}::date and ${to}::date and e.works_independently)::int
        as independent
    from training_enrolments e
    where ${filters(p, q, 'e.consortium_id', 'e.institution_id')}
    group by e.institution_id
  `.execute(s.db);
  let activities = await activityTotalsBySite(s.db, p, from, to, q.consortiumId);
  if (q.institutionId) activities = activities.filter((a) => a.hostInstitutionId === q.institutionId);

  const rows = new Map<string, PersonnelFiguresRow>();
  const row = (institutionId: string) => {
    let r = rows.get(institutionId);
    if (!r) {
      r = {
        institutionId,
        institutionName: '',
        physicianDays: 0,
        longTermMidLevelPhysicians: 0,
        longTermMidLevelOtherProfessionals: 0,
        activities: Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, 0])),
        traineesEnrolled: 0,
        traineesCompleted: 0,
        traineesReturned: 0,
        returnedIndependent: 0,
        independentShare: null,
      };
      rows.set(institutionId, r);
    }
    return r;
  };
  for (const st of stays.rows) {
    const r = row(st.hostInstitutionId);
    if (PHYSICIAN_TITLES.includes(st.title)) r.physicianDays += st.days;
    if (st.days >= LONG_TERM_DAYS && midPhysician.includes(st.title)) r.longTermMidLevelPhysicians += 1;
    if (st.days >= LONG_TERM_DAYS && midOther.includes(st.title)) r.longTermMidLevelOtherProfessionals += 1;
  }
  for (const a of activities) row(a.hostInstitutionId).activities[a.kind] = Number(a.total);
  for (const t of trainees.rows) {
    if (!t.enrolled && !t.completed && !t.returned) continue;
    const r = row(t.institutionId);
    r.traineesEnrolled = t.enrolled;
    r.traineesCompleted = t.completed;
    r.traineesReturned = t.returned;
    r.returnedIndependent = t.independent;
    r.independentShare = t.returned ? t.independent / t.returned : null;
  }
  if (rows.size === 0) return [];
  const names = await s.db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('id', 'in', [...rows.keys()])
    .execute();
  for (const n of names) rows.get(n.id)!.institutionName = n.name;
  return [...rows.values()].sort((a, b) => a.institutionName.localeCompare(b.institutionName, 'zh-CN'));
}
