import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffTitle } from '@yilian/domain';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildInstitution, buildStaff, buildWorld, PASSWORD, type World } from '../../../test/factories.js';
import {
  buildActivity,
  buildEnrolment,
  buildPosting,
  buildProgramme,
} from '../../../test/personnel-factories.js';

// The 2025 figures of the member hospital, computed by hand from the postings below. Days are
// counted inside 2025 only; each (person, day) once. Long-term means at least 180 days inside the
// year (six months of 30 days).
//
// host M (the member):
//   A attending   2024-12-01..2025-03-31   -> 31+28+31             =  90 days (crosses into 2025)
//   B chief       2025-06-01..2026-02-28   -> 30+31+31+30+31+30+31 = 214 days, long-term
//   C resident    2025-01-01..2025-12-31   -> 365 days, not mid-level: not long-term
//   D attending   2025-01-01..2025-04-30 and 2025-04-15..2025-07-31 (overlap 16 days)
//                 -> union 2025-01-01..2025-07-31 = 31+28+31+30+31+30+31 = 212 days, long-term
//   E assoc.chief 2025-09-01..2026-06-30   -> 30+31+30+31 = 122 days: not long-term in 2025
//   N nurse-in-charge 2025-01-01..2025-08-31 -> 243 days: not physician-days; an "other" long-term
//   G attending   2026-07-06..2027-03-31   -> nothing in 2025 (see 2026 below)
//   H chief       2026-01-01..2026-06-29   -> nothing in 2025 (see 2026 below)
//   physician-days = 90 + 214 + 365 + 212 + 122 = 1003; long-term mid-level physicians = B, D = 2
// host H2: F chief 2025-03-01..2025-03-21 -> 21 physician-days
// activities at M in 2025: clinic 23 + 17 = 40, lecture 60 (a 2024 clinic of 99 is outside)
// trainees of M: accepted in 2025: e1, e3, e4 = 3; completed in 2025: e1, e2, e4 = 3;
//   returned in 2025: e1 (independent), e2 (not) = 2 -> share 1/2 (e4 returns in 2026)

describe.each(DATABASES)('personnel figures for assessment (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let office: Client;
  let h2Id: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    w = await buildWorld(db, '320614');
    const other = await buildWorld(db, '331121');
    const h2 = await buildInstitution(db, { consortiumId: w.consortium.id });
    h2Id = h2.id;
    const at = (o: { title: StaffTitle }) => buildStaff(db, w.lead.id, o);
    const A = await at({ title: 'attending_physician' });
    const B = await at({ title: 'chief_physician' });
    const C = await at({ title: 'resident_physician' });
    const D = await at({ title: 'attending_physician' });
    const E = await at({ title: 'associate_chief_physician' });
    const N = await at({ title: 'nurse_in_charge' });
    const F = await at({ title: 'chief_physician' });
    const G = await at({ title: 'attending_physician' });
    const H = await at({ title: 'chief_physician' });
    const post = (staffId: string, startDate: string, endDate: string, hostInstitutionId = w.member.id) =>
      buildPosting(db, {
        consortiumId: w.consortium.id,
        sendingInstitutionId: w.lead.id,
        hostInstitutionId,
        staffId,
        startDate,
        endDate,
      });
    const pA = await post(A.id, '2024-12-01', '2025-03-31');
    const pB = await post(B.id, '2025-06-01', '2026-02-28');
    await post(C.id, '2025-01-01', '2025-12-31');
    await post(D.id, '2025-01-01', '2025-04-30');
    await post(D.id, '2025-04-15', '2025-07-31');
    await post(E.id, '2025-09-01', '2026-06-30');
    await post(N.id, '2025-01-01', '2025-08-31');
    await post(F.id, '2025-03-01', '2025-03-21', h2.id);
    await post(G.id, '2026-07-06', '2027-03-31');
    await post(H.id, '2026-01-01', '2026-06-29');
    // Another consortium's posting at its own member: never in this office's figures.
    await buildPosting(db, {
      consortiumId: other.consortium.id,
      sendingInstitutionId: other.lead.id,
      hostInstitutionId: other.member.id,
      staffId: other.leadStaff.id,
      startDate: '2025-01-01',
      endDate: '2025-12-31',
    });

    await buildActivity(db, pA, w.lead.id, { kind: 'clinic', activityDate: '2024-12-15', count: 99 });
    await buildActivity(db, pA, w.lead.id, { kind: 'clinic', activityDate: '2025-01-06', count: 23 });
    await buildActivity(db, pB, w.lead.id, { kind: 'clinic', activityDate: '2025-06-02', count: 17 });
    await buildActivity(db, pB, w.lead.id, { kind: 'lecture', activityDate: '2025-06-03', count: 60 });

    const programme = await buildProgramme(db, {
      consortiumId: w.consortium.id,
      providerInstitutionId: w.lead.id,
    });
    const trainee = () => buildStaff(db, w.member.id);
    await buildEnrolment(db, programme, await trainee(), {
      status: 'returned_to_post',
      acceptedOn: '2025-02-01',
      completedOn: '2025-08-01',
      returnedOn: '2025-08-20',
      worksIndependently: true,
    });
    await buildEnrolment(db, programme, await trainee(), {
      status: 'returned_to_post',
      acceptedOn: '2024-11-01',
      completedOn: '2025-03-01',
      returnedOn: '2025-03-10',
      worksIndependently: false,
    });
    await buildEnrolment(db, programme, await trainee(), { status: 'in_training', acceptedOn: '2025-05-01' });
    await buildEnrolment(db, programme, await trainee(), {
      status: 'returned_to_post',
      acceptedOn: '2025-03-01',
      completedOn: '2025-12-20',
      returnedOn: '2026-01-05',
      worksIndependently: true,
    });
    await buildEnrolment(db, programme, await trainee(), { status: 'applied' });
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('equals the numbers worked out by hand', async () => {
    const res = await office.get('/api/v1/personnel-figures?year=2025');
    expect(res.statusCode).toBe(200);
    const rows = res.json() as { institutionId: string }[];
    expect(rows.map((r) => r.institutionId).sort()).toEqual([w.member.id, h2Id].sort());
    const m = rows.find((r) => r.institutionId === w.member.id);
    expect(m).toEqual({
      institutionId: w.member.id,
      institutionName: w.member.name,
      physicianDays: 1003,
      longTermMidLevelPhysicians: 2,
      longTermMidLevelOtherProfessionals: 1,
      activities: {
        clinic: 40,
        ward_round: 0,
        lecture: 60,
        surgery_demo: 0,
        case_discussion: 0,
        teaching: 0,
      },
      traineesEnrolled: 3,
      traineesCompleted: 3,
      traineesReturned: 2,
      returnedIndependent: 1,
      independentShare: 0.5,
    });
    expect(rows.find((r) => r.institutionId === h2Id)).toMatchObject({
      physicianDays: 21,
      longTermMidLevelPhysicians: 0,
      traineesReturned: 0,
      independentShare: null,
    });
  });

  it('counts 2026 from the other side of the year boundary', async () => {
    const res = await office.get(`/api/v1/personnel-figures?year=2026&institutionId=${w.member.id}`);
    // B: 2026-01-01..02-28 = 59, not long-term (its 2025 days do not count);
    // E: 2026-01-01..06-30 = 181, six calendar months: long-term; H: 2026-01-01..06-29 = 180: long-term;
    // G: 2026-07-06..12-31 = 26+31+30+31+30+31 = 179: not long-term, though the posting runs 269 days
    expect(res.json()).toEqual([
      expect.objectContaining({
        physicianDays: 59 + 181 + 180 + 179,
        longTermMidLevelPhysicians: 2,
        traineesReturned: 1,
        returnedIndependent: 1,
        independentShare: 1,
      }),
    ]);
  });

  it('exports the table and refuses a year that is not one', async () => {
    const xlsx = await office.get('/api/v1/personnel-figures/export?year=2025');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const bad = await office.get('/api/v1/personnel-figures?year=twenty');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('year');
  });
});
