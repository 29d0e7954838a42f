import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildDispatchWorld, type DispatchWorld } from '../../../test/dispatch-factories.js';
import { PASSWORD } from '../../../test/factories.js';

// What the planner draws on: a county site files the experts it needs (its own site only); the
// lead hospital keeps its expert pool (title rank from the staff record, unavailable ranges) and
// how many of a home department may be away. Another consortium sees none of it.

describe.each(DATABASES)('expert dispatch: demand and the expert pool (%s)', (kind) => {
  let t: TestApp;
  let w: DispatchWorld;
  let other: DispatchWorld;
  let office: Client;
  let leadAdmin: Client;
  let hostAdmin: Client;
  let otherOffice: Client;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildDispatchWorld(t.database.db);
    other = await buildDispatchWorld(t.database.db, '331100');
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    leadAdmin = await signIn(t.app, w.users.leadAdmin.username, PASSWORD);
    hostAdmin = await signIn(t.app, w.users.hostAdmin.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('the host files demand for its own site only', async () => {
    const body = {
      hostInstitutionId: w.hostA.id,
      specialty: '心内科',
      startDate: '2030-05-01',
      endDate: '2030-06-30',
      minTitleRank: 3,
      priority: 5,
      count: 1,
    };
    const bad = await hostAdmin.post('/api/v1/dispatch/demands', { ...body, priority: 6 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('priority');
    const notMine = await hostAdmin.post('/api/v1/dispatch/demands', {
      ...body,
      hostInstitutionId: w.hostB.id,
    });
    expect(notMine.statusCode).toBe(403);
    const res = await hostAdmin.post('/api/v1/dispatch/demands', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'clinical', hostInstitutionName: w.hostA.name });
    const listed = await leadAdmin.get('/api/v1/dispatch/demands?specialty=心内科');
    expect(listed.json().total).toBe(1);
    expect((await otherOffice.get(`/api/v1/dispatch/demands/${res.json().id}`)).statusCode).toBe(404);
  });

  it('the lead hospital keeps its expert pool and home staffing', async () => {
    const res = await leadAdmin.post('/api/v1/dispatch/experts', {
      staffId: w.staff.associate.id,
      specialty: '心内科',
      maxWeeksPerYear: 12,
      unavailable: [{ start: '2030-07-01', end: '2030-07-15', reason: '学术会议' }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ titleRank: 3, departmentName: '心内科', maxWeeksPerYear: 12 });
    const badRange = await leadAdmin.patch(`/api/v1/dispatch/experts/${res.json().id}`, {
      unavailable: [{ start: '2030-07-15', end: '2030-07-01' }],
    });
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().errors[0].field).toBe('unavailable.0.end');
    expect(
      (
        await leadAdmin.post('/api/v1/dispatch/experts', {
          staffId: w.staff.associate.id,
          specialty: '心内科',
          maxWeeksPerYear: 4,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await hostAdmin.post('/api/v1/dispatch/experts', {
          staffId: w.staff.chief.id,
          specialty: '心内科',
          maxWeeksPerYear: 4,
        })
      ).statusCode,
    ).toBe(403);
    // The host sees only its own staff's profiles; the office sees the pool.
    expect((await hostAdmin.get('/api/v1/dispatch/experts')).json().total).toBe(0);
    expect((await office.get('/api/v1/dispatch/experts')).json().total).toBe(1);
    const staffing = await leadAdmin.post('/api/v1/dispatch/department-staffing', {
      departmentId: w.cardio.id,
      minStaffing: 1,
    });
    expect(staffing.statusCode).toBe(201);
    expect(staffing.json()).toMatchObject({ headcount: 2, effectiveMaxAway: 1 });
    const none = await leadAdmin.post('/api/v1/dispatch/department-staffing', { departmentId: w.surgery.id });
    expect(none.json().errors[0].field).toBe('maxAway');
  });

  it('demand and profiles are audited', async () => {
    const rows = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('consortiumId', '=', w.consortium.id)
      .execute();
    const actions = rows.map((r) => r.action);
    for (const a of ['dispatch_demand.created', 'expert_profile.created', 'department_staffing.created'])
      expect(actions).toContain(a);
  });
});
