import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildStaff,
  buildUser,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';
import { buildEnrolment, buildPosting, buildProgramme } from '../../../test/personnel-factories.js';

// The office assesses its two members for 2030 on figures Yilian computes from referrals and on
// figures the county reported. Every expected number below is worked out by hand from the fixture.

describe.each(DATABASES)('assessment schemes (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let office: Client;
  let countyAdmin: Client;
  let countyDoctor: Client;
  let otherOffice: Client;
  let schemeId: string;

  /** A referral with the given clock times (hours after 2030-03-01 00:00 UTC). */
  async function referral(over: {
    direction: 'up' | 'down';
    urgency?: 'routine' | 'green_channel';
    submitted: number;
    accepted: number | null;
    deadline?: number;
    year?: number;
  }) {
    const from = over.direction === 'up' ? w.county.id : w.city.id;
    const to = over.direction === 'up' ? w.city.id : w.county.id;
    const at = (h: number) => new Date(Date.UTC(over.year ?? 2030, 2, 1) + h * 3600_000).toISOString();
    const patientId = (await t.database.db.selectFrom('patients').select('id').executeTakeFirstOrThrow()).id;
    await t.database.db
      .insertInto('referrals')
      .values({
        code: `T${Math.random().toString(36).slice(2, 10)}`,
        consortiumId: w.consortium.id,
        direction: over.direction,
        urgency: over.urgency ?? 'routine',
        greenCategory: over.urgency === 'green_channel' ? 'chest_pain' : null,
        status: over.accepted === null ? 'failed' : 'accepted',
        fromInstitutionId: from,
        referringDoctor: '医生',
        toInstitutionId: to,
        patientId,
        icd10Code: 'I21.9',
        diagnosisName: '急性心肌梗死',
        reason: '夹具',
        summary: '夹具',
        submittedAt: at(over.submitted),
        acceptedAt: over.accepted === null ? null : at(over.accepted),
        deadlineAt: over.deadline === undefined ? null : at(over.deadline),
      })
      .execute();
  }

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    const other = await buildReferralWorld(t.database.db, '331121');
    const admin = await buildUser(t.database.db, 'institution_admin', {
      consortiumId: w.consortium.id,
      institutionId: w.county.id,
    });
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    countyAdmin = await signIn(t.app, admin.username, PASSWORD);
    countyDoctor = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
    // One real referral through the API gives the fixture a patient; it stays a draft.
    await countyDoctor.post(
      '/api/v1/referrals',
      referralBody({ institutionId: w.city.id }, 1, { submit: false }),
    );
    // Up from the county, accepted by the city after 2, 4 and 6 hours; one in 2029 that does not count.
    await referral({ direction: 'up', submitted: 0, accepted: 2 });
    await referral({ direction: 'up', submitted: 10, accepted: 14 });
    await referral({ direction: 'up', submitted: 20, accepted: 26 });
    await referral({ direction: 'up', submitted: 0, accepted: 5, year: 2029 });
    // Green channel to the city: one accepted after 1 hour (deadline 2 h), one never accepted.
    await referral({ direction: 'up', urgency: 'green_channel', submitted: 30, accepted: 31, deadline: 32 });
    await referral({
      direction: 'up',
      urgency: 'green_channel',
      submitted: 40,
      accepted: null,
      deadline: 42,
    });
    // Down from the city, accepted by the county after 10 and 20 hours.
    await referral({ direction: 'down', submitted: 50, accepted: 60 });
    await referral({ direction: 'down', submitted: 70, accepted: 90 });
    // The county's approved first quarter: 基层诊疗人次占比 60%, policy 资源统一管理 carried out.
    const form = await t.database.db
      .insertInto('reportForms')
      .values({
        consortiumId: w.consortium.id,
        institutionId: w.county.id,
        period: '2030-Q1',
        state: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('reportValues')
      .values([
        {
          formId: form.id,
          consortiumId: w.consortium.id,
          code: 'NCC07',
          numerator: 600,
          denominator: 1000,
          note: null,
        },
        {
          formId: form.id,
          consortiumId: w.consortium.id,
          code: 'NCC01',
          numerator: 2,
          denominator: null,
          note: null,
        },
      ])
      .execute();
  });
  afterAll(async () => t?.close());

  const items = [
    { code: 'YL_REF_UP', weight: 10, rule: 'full_at_target', target: 4 },
    { code: 'YL_REF_ACCEPT_HOURS', weight: 20, rule: 'linear', target: 2, floor: 10 },
    { code: 'YL_GREEN_ON_TIME', weight: 10, rule: 'linear', target: 100, floor: 0 },
    { code: 'NCC07', weight: 30, rule: 'linear', target: 80, floor: 40 },
    { code: 'NCC01', weight: 10, rule: 'policy' },
    { code: 'YL_REF_DOWN', weight: 20, rule: 'full_at_target', target: 2 },
  ];

  it('refuses a scheme that cannot be scored, naming the item field', async () => {
    const badFloor = await office.post('/api/v1/assessment-schemes', {
      consortiumId: w.consortium.id,
      name: '2030年度考核',
      year: 2030,
      items: [{ code: 'YL_REF_ACCEPT_HOURS', weight: 20, rule: 'linear', target: 2, floor: 1 }],
    });
    expect(badFloor.statusCode).toBe(400);
    expect(badFloor.json().errors[0].field).toBe('items.0.floor');
    const policyOnRate = await office.post('/api/v1/assessment-schemes', {
      consortiumId: w.consortium.id,
      name: '2030年度考核',
      year: 2030,
      items: [{ code: 'NCC07', weight: 5, rule: 'policy' }],
    });
    expect(policyOnRate.json().errors[0].field).toBe('items.0.rule');
    const viewer = await countyAdmin.post('/api/v1/assessment-schemes', {
      consortiumId: w.consortium.id,
      name: 'x',
      year: 2030,
      items,
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('scores each member as worked out by hand, and ranks them', async () => {
    const created = await office.post('/api/v1/assessment-schemes', {
      consortiumId: w.consortium.id,
      name: '2030年度考核',
      year: 2030,
      items,
    });
    expect(created.statusCode).toBe(201);
    schemeId = created.json().id;
    expect(created.json().totalWeight).toBe(100);
    const res = (await office.get(`/api/v1/assessment-schemes/${schemeId}/results`)).json();
    expect(res.basis).toBe('live');
    const county = res.members.find((m: { institutionId: string }) => m.institutionId === w.county.id);
    const city = res.members.find((m: { institutionId: string }) => m.institutionId === w.city.id);
    // County: 4 up-referrals accepted in 2030 (3 routine + 1 green) -> 10; accepted the two
    // down-referrals in 15 h on average -> beyond the 10 h floor -> 0; received no green -> no
    // value -> 0; 基层诊疗 60% -> (60-40)/(80-40) × 30 = 15; policy carried out -> 10; sent no
    // down-referral -> 0. Total 35.
    expect(county.lines.map((l: { value: number | null }) => l.value)).toEqual([4, 15, null, 60, 2, 0]);
    expect(county.lines.map((l: { marks: number }) => l.marks)).toEqual([10, 0, 0, 15, 10, 0]);
    expect(county.total).toBe(35);
    // City: sent no up-referral -> 0; accepted 4 in (2+4+6+1)/4 = 3.25 h -> (10-3.25)/(10-2) × 20
    // = 16.875 -> 16.88; green on time 1 of 2 = 50% -> 5; reported nothing -> 0, 0; sent 2 down -> 20.
    expect(city.lines.map((l: { value: number | null }) => l.value)).toEqual([0, 3.25, 50, null, null, 2]);
    expect(city.lines.map((l: { marks: number }) => l.marks)).toEqual([0, 16.88, 5, 0, 0, 20]);
    expect(city.total).toBe(41.88);
    expect(city.rank).toBe(1);
    expect(county.rank).toBe(2);
  });

  it('members do not see a draft; another consortium sees nothing', async () => {
    expect((await countyAdmin.get(`/api/v1/assessment-schemes/${schemeId}`)).statusCode).toBe(404);
    expect((await otherOffice.get(`/api/v1/assessment-schemes/${schemeId}/results`)).statusCode).toBe(404);
    expect((await otherOffice.get('/api/v1/assessment-schemes')).json().total).toBe(0);
  });

  it('publishing freezes the results; later records and edits do not change them', async () => {
    const published = await office.post(`/api/v1/assessment-schemes/${schemeId}/publish`, {});
    expect(published.json().state).toBe('published');
    await referral({ direction: 'down', submitted: 100, accepted: 101 });
    const frozen = (await countyAdmin.get(`/api/v1/assessment-schemes/${schemeId}/results`)).json();
    expect(frozen.basis).toBe('snapshot');
    expect(
      frozen.members.find((m: { institutionId: string }) => m.institutionId === w.city.id).lines[5].value,
    ).toBe(2);
    expect((await office.patch(`/api/v1/assessment-schemes/${schemeId}`, { name: '改名' })).statusCode).toBe(
      409,
    );
    expect((await office.post(`/api/v1/assessment-schemes/${schemeId}/publish`, {})).statusCode).toBe(409);
    expect((await office.del(`/api/v1/assessment-schemes/${schemeId}`)).statusCode).toBe(409);
    const sheet = await countyAdmin.get(`/api/v1/assessment-schemes/${schemeId}/results.xlsx`);
    expect(sheet.statusCode).toBe(200);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'assessment.published'`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it("scores Yilian's personnel and ledger figures as counted by hand", async () => {
    const db = t.database.db;
    // A city attending physician stationed at the county from 1 January to 15 July 2030: 196 days
    // inside the year, over six months. A resident posted as long does not count (not mid-level).
    const attending = await buildStaff(db, w.city.id, { title: 'attending_physician' });
    const resident = await buildStaff(db, w.city.id, { title: 'resident_physician' });
    for (const staff of [attending, resident]) {
      await buildPosting(db, {
        consortiumId: w.consortium.id,
        sendingInstitutionId: w.city.id,
        hostInstitutionId: w.county.id,
        staffId: staff.id,
        startDate: '2030-01-01',
        endDate: '2030-07-15',
      });
    }
    // Two county doctors back from further study in 2030, one working independently: 50%.
    const programme = await buildProgramme(db, {
      consortiumId: w.consortium.id,
      providerInstitutionId: w.city.id,
    });
    for (const independent of [true, false]) {
      const trainee = await buildStaff(db, w.county.id);
      await buildEnrolment(db, programme, trainee, {
        status: 'returned_to_post',
        acceptedOn: '2029-09-01',
        completedOn: '2030-03-01',
        returnedOn: '2030-03-10',
        worksIndependently: independent,
      });
    }
    // Two problems owned by the city's cardiology in 2030, one closed: 50%.
    for (const [n, status] of [
      ['2030-901', 'closed'],
      ['2030-902', 'in_progress'],
    ] as const) {
      await sql`insert into problems (consortium_id, number, title, description, source, category, priority,
                  owner_department_id, status, raised_by, raised_at)
                values (${w.consortium.id}, ${n}, '问题', '描述', 'meeting', 'common', 'high',
                  ${w.cardiology.id}, ${status}, '办公室', '2030-02-01T02:00:00Z')`.execute(db);
    }
    const scheme = await office.post('/api/v1/assessment-schemes', {
      consortiumId: w.consortium.id,
      name: '2030年度人员与台账考核',
      year: 2030,
      items: [
        { code: 'YL_STATIONED_PHYSICIANS', weight: 10, rule: 'full_at_target', target: 1 },
        { code: 'YL_TRAINEE_RETURN', weight: 10, rule: 'linear', target: 100, floor: 0 },
        { code: 'YL_LEDGER_CLOSURE', weight: 10, rule: 'linear', target: 100, floor: 0 },
      ],
    });
    const res = (await office.get(`/api/v1/assessment-schemes/${scheme.json().id}/results`)).json();
    const lines = (id: string) =>
      res.members
        .find((m: { institutionId: string }) => m.institutionId === id)
        .lines.map((l: { value: number | null; marks: number }) => [l.value, l.marks]);
    expect(lines(w.county.id)).toEqual([
      [1, 10],
      [50, 5],
      [null, 0],
    ]);
    expect(lines(w.city.id)).toEqual([
      [0, 0],
      [null, 0],
      [50, 5],
    ]);
  });
});
