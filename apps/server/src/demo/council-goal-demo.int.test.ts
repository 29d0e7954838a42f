import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../test/app.js';
import { DATABASES } from '../../test/db.js';
import { DEMO_PASSWORD, loadDemoIfEmpty } from './seed.js';

// What the demo shows of governance, through the API as its users see it: 海门's council with the
// three documents it adopted in force and the assessment method in draft; 西苑's goal split to
// functional departments; 叙永's 3A accreditation checklist from the standard.

describe.each(DATABASES)('governance demo data (%s)', (kind) => {
  let t: TestApp;
  let haimen: Client;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    await loadDemoIfEmpty(t.database.db);
    haimen = await signIn(t.app, 'haimen.office', DEMO_PASSWORD);
  });
  afterAll(async () => t?.close());

  it('海门: the council adopted the plan, charter and meeting rule; the office and the 二院 admin hold seats', async () => {
    const docs = (await haimen.get('/api/v1/council/documents')).json();
    const byKind = Object.fromEntries(
      docs.items.map((d: { kind: string; status: string }) => [d.kind, d.status]),
    );
    expect(byKind).toEqual({
      charter: 'in_force',
      implementation_plan: 'in_force',
      meeting_rule: 'in_force',
      assessment_method: 'draft',
    });
    const rules = (await haimen.get('/api/v1/council/meeting-rules')).json();
    expect(rules).toEqual([
      expect.objectContaining({ title: '海门市中医院医联体例会制度（试行）', effectiveOn: '2018-06-08' }),
    ]);
    const plan = docs.items.find((d: { kind: string }) => d.kind === 'implementation_plan');
    const detail = (await haimen.get(`/api/v1/council/documents/${plan.id}`)).json();
    expect(detail.versions[0].vote).toMatchObject({ outcome: 'passed', eligible: 8, for: 8 });
    const seats = (await haimen.get('/api/v1/council/members?inOffice=true')).json();
    expect(seats.total).toBe(10);
    expect(seats.items[0].position).toBe('chair');
  });

  it('西苑, 叙永 and 青田: goals split to departments, key projects with checklists and milestones', async () => {
    const xiyuan = await signIn(t.app, 'xiyuan.office', DEMO_PASSWORD);
    const goals = (await xiyuan.get('/api/v1/goals')).json();
    expect(goals.items[0]).toMatchObject({ taskCount: 4, doneCount: 1 });
    const projects = (await xiyuan.get('/api/v1/key-projects')).json();
    expect(projects.items[0]).toMatchObject({
      kind: 'centre_opening',
      itemCount: 5,
      milestoneCount: 3,
      overdueMilestones: 1,
    });
    const swmu = await signIn(t.app, 'swmu.office', DEMO_PASSWORD);
    const xy = (await swmu.get('/api/v1/key-projects?kind=accreditation')).json();
    expect(xy.items[0]).toMatchObject({ institutionName: '叙永县人民医院', itemCount: 12 });
    expect((await haimen.get(`/api/v1/key-projects/${xy.items[0].id}`)).statusCode).toBe(404);
  });
});
