import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanInstance, PlanResult } from '@yilian/domain';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildDispatchWorld, type DispatchWorld } from '../../../test/dispatch-factories.js';
import { PASSWORD } from '../../../test/factories.js';
import { checkHardRules } from '../planning/rules.js';

// The office plans the first quarter: two county sites ask for a cardiologist each month and one
// for a surgeon; one asks for a paediatrician nobody in the pool can be. The solve runs in the
// background (202, then the version is polled); the office locks the chief at the other site,
// solves again, sees the lock held and the change in the comparison, and applies the plan to a batch.

type Version = { status: string; input: PlanInstance; result: PlanResult | null };

async function waitFor(c: Client, planId: string, version: number): Promise<Version> {
  for (let i = 0; i < 300; i++) {
    const v = (await c.get(`/api/v1/dispatch/plans/${planId}/versions/${version}`)).json() as Version;
    if (v.status !== 'solving') return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the solve did not finish');
}

describe.each(DATABASES)('expert dispatch: rotation plans (%s)', (kind) => {
  let t: TestApp;
  let w: DispatchWorld;
  let other: DispatchWorld;
  let office: Client;
  let leadAdmin: Client;
  let hostAdmin: Client;
  let clinician: Client;
  let otherOffice: Client;
  let planId: string;
  let v1: Version;
  let lockedDemand: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildDispatchWorld(t.database.db);
    other = await buildDispatchWorld(t.database.db, '331100');
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    leadAdmin = await signIn(t.app, w.users.leadAdmin.username, PASSWORD);
    hostAdmin = await signIn(t.app, w.users.hostAdmin.username, PASSWORD);
    clinician = await signIn(t.app, w.users.hostClinician.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
    const q1 = { startDate: '2031-01-01', endDate: '2031-03-31' };
    for (const [staffId, specialty] of [
      [w.staff.chief.id, '心内科'],
      [w.staff.associate.id, '心内科'],
      [w.staff.attending.id, '普外科'],
    ] as const)
      expect(
        (await leadAdmin.post('/api/v1/dispatch/experts', { staffId, specialty, maxWeeksPerYear: 26 }))
          .statusCode,
      ).toBe(201);
    const demand = async (
      c: Client,
      host: string,
      specialty: string,
      minTitleRank: number,
      priority: number,
      dates = q1,
    ) =>
      expect(
        (
          await c.post('/api/v1/dispatch/demands', {
            hostInstitutionId: host,
            specialty,
            minTitleRank,
            priority,
            count: 1,
            ...dates,
          })
        ).statusCode,
      ).toBe(201);
    await demand(hostAdmin, w.hostA.id, '心内科', 3, 5);
    await demand(office, w.hostB.id, '心内科', 3, 3);
    await demand(office, w.hostB.id, '普外科', 2, 2, { startDate: '2031-01-01', endDate: '2031-02-28' });
    await demand(hostAdmin, w.hostA.id, '儿科', 1, 4);
  });
  afterAll(async () => t?.close());

  it('the office writes a plan for the quarter; others may not', async () => {
    const body = {
      name: '一季度轮派',
      horizonStart: '2031-01-01',
      horizonEnd: '2031-03-31',
      periodKind: 'month',
    };
    const bad = await office.post('/api/v1/dispatch/plans', { ...body, horizonEnd: '2030-12-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('horizonEnd');
    expect((await leadAdmin.post('/api/v1/dispatch/plans', body)).statusCode).toBe(403);
    const res = await office.post('/api/v1/dispatch/plans', body);
    expect(res.statusCode).toBe(201);
    planId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'draft', currentVersion: 0, locks: [] });
    expect((await otherOffice.get(`/api/v1/dispatch/plans/${planId}`)).statusCode).toBe(404);
  });

  it('a solve runs in the background: 202 with a version, then the result', async () => {
    expect((await clinician.post(`/api/v1/dispatch/plans/${planId}/solve`)).statusCode).toBe(403);
    expect((await otherOffice.post(`/api/v1/dispatch/plans/${planId}/solve`)).statusCode).toBe(404);
    const res = await office.post(`/api/v1/dispatch/plans/${planId}/solve`);
    expect(res.statusCode).toBe(202);
    expect(res.json().version).toMatchObject({ version: 1, status: 'solving' });
    expect(res.json().plan.status).toBe('solving');
    // A second click while it runs is refused, and nothing can be locked meanwhile.
    const again = await office.post(`/api/v1/dispatch/plans/${planId}/solve`);
    if (again.statusCode !== 202) expect(again.statusCode).toBe(409);
    v1 = await waitFor(office, planId, 1);
    expect(v1.status).toBe('solved');
    const r = v1.result!;
    expect(r.status).toBe('optimal');
    expect(r.coverage).toMatchObject({ filled: 8, demanded: 11 });
    expect(checkHardRules(v1.input, r.assignments)).toEqual([]);
    const paeds = v1.input.demands.filter((d) => d.specialty === '儿科').map((d) => d.id);
    expect(r.unmet.filter((u) => paeds.includes(u.demandId)).map((u) => u.reasons[0])).toEqual([
      'no_expert_of_specialty',
      'no_expert_of_specialty',
      'no_expert_of_specialty',
    ]);
    expect((await office.get(`/api/v1/dispatch/plans/${planId}`)).json().status).toBe('solved');
    const mine = await t.database.db
      .selectFrom('notifications')
      .select('kind')
      .where('userId', '=', w.users.office.id)
      .execute();
    expect(mine.map((n) => n.kind)).toContain('dispatch_plan.solved');
  });

  it('the office locks the chief at the other site and solves again: the lock holds', async () => {
    const chief = w.staff.chief.id;
    const was = v1.result!.assignments.find((a) => a.expertId === chief && a.periodIndex === 0)!;
    const alt = v1.input.demands.find(
      (d) => d.periodIndex === 0 && d.specialty === '心内科' && d.siteId !== was.siteId,
    )!;
    lockedDemand = alt.id;
    const unknown = await office.inject({
      method: 'PUT',
      url: `/api/v1/dispatch/plans/${planId}/locks`,
      payload: { expertId: chief, demandId: 'nope:0', locked: true },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('demandId');
    const forbidden = await clinician.inject({
      method: 'PUT',
      url: `/api/v1/dispatch/plans/${planId}/locks`,
      payload: { expertId: chief, demandId: alt.id, locked: true },
    });
    expect(forbidden.statusCode).toBe(403);
    const res = await office.inject({
      method: 'PUT',
      url: `/api/v1/dispatch/plans/${planId}/locks`,
      payload: { expertId: chief, demandId: alt.id, locked: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().locks).toEqual([{ expertId: chief, demandId: alt.id }]);
    expect((await office.post(`/api/v1/dispatch/plans/${planId}/solve`)).statusCode).toBe(202);
    const v2 = await waitFor(office, planId, 2);
    const now = v2.result!.assignments.find((a) => a.expertId === chief && a.periodIndex === 0)!;
    expect(now).toMatchObject({ demandId: alt.id, siteId: alt.siteId, locked: true });
    expect(v2.result!.coverage.filled).toBe(8);
    expect(checkHardRules(v2.input, v2.result!.assignments)).toEqual([]);
    const cmp = (await office.get(`/api/v1/dispatch/plans/${planId}/compare?a=1&b=2`)).json();
    expect(cmp.changes).toContainEqual(
      expect.objectContaining({ kind: 'moved', expertId: chief, periodIndex: 0 }),
    );
    expect(cmp.a.coverage.filled).toBe(8);
    const badCmp = await office.get(`/api/v1/dispatch/plans/${planId}/compare?a=1&b=x`);
    expect(badCmp.statusCode).toBe(400);
    expect(badCmp.json().errors[0].field).toBe('b');
    expect((await office.get(`/api/v1/dispatch/plans/${planId}/compare?a=1&b=9`)).statusCode).toBe(404);
    const versions = (await hostAdmin.get(`/api/v1/dispatch/plans/${planId}/versions`)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('the plan exports as xlsx', async () => {
    const res = await office.get(`/api/v1/dispatch/plans/${planId}/export?version=2`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
  });

  it('the office applies the plan to a batch: postings are created, and the plan is final', async () => {
    const prog = await office.post('/api/v1/dispatch/programmes', {
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: w.hostA.id,
      name: '一季度帮扶',
      startDate: '2031-01-01',
    });
    const batch = await office.post('/api/v1/dispatch/batches', {
      programmeId: prog.json().id,
      number: 1,
      name: '第一批专家组',
      startDate: '2031-01-01',
      endDate: '2031-03-31',
    });
    const foreign = await office.post(`/api/v1/dispatch/plans/${planId}/apply`, { batchId: other.hostA.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('batchId');
    expect(
      (await clinician.post(`/api/v1/dispatch/plans/${planId}/apply`, { batchId: batch.json().id }))
        .statusCode,
    ).toBe(403);
    const res = await office.post(`/api/v1/dispatch/plans/${planId}/apply`, { batchId: batch.json().id });
    expect(res.statusCode).toBe(200);
    expect(res.json().plan).toMatchObject({ status: 'applied', appliedVersion: 2 });
    expect(res.json().skipped).toEqual([]);
    const posted = (
      await office.get(`/api/v1/dispatch/postings?batchId=${batch.json().id}&pageSize=50`)
    ).json();
    expect(posted.total).toBe(res.json().created);
    expect(posted.items.every((p: { planId: string }) => p.planId === planId)).toBe(true);
    const chief = posted.items.filter((p: { staffId: string }) => p.staffId === w.staff.chief.id);
    expect(chief[0].startDate).toBe('2031-01-01');
    expect(
      (await office.post(`/api/v1/dispatch/plans/${planId}/apply`, { batchId: batch.json().id })).statusCode,
    ).toBe(409);
    expect((await office.post(`/api/v1/dispatch/plans/${planId}/solve`)).statusCode).toBe(409);
    expect((await office.del(`/api/v1/dispatch/plans/${planId}`)).statusCode).toBe(409);
    void lockedDemand;
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', planId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'dispatch_plan.created',
        'dispatch_plan.solve',
        'dispatch_plan.solved',
        'dispatch_plan.lock',
        'dispatch_plan.apply',
      ]),
    );
  });
});
