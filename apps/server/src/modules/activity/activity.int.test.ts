import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildStaff, buildUser, buildWorld, PASSWORD, type World } from '../../../test/factories.js';
import { buildPosting, linkStaff } from '../../../test/personnel-factories.js';

// An expert of the lead hospital is stationed at the member hospital for March 2026. On the
// 15th they log a clinic morning from their phone; the host sees it, a colleague cannot change
// it, and nobody outside the consortium learns it exists.

const NOW = new Date('2026-03-15T04:00:00Z'); // 12:00 in China

describe.each(DATABASES)('the activity log of stationed experts (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let other: World;
  let clock = NOW;
  let expert: Client;
  let colleague: Client;
  let host: Client;
  let viewer: Client;
  let otherOffice: Client;
  let postingId: string;
  let colleaguePostingId: string;
  let otherPostingId: string;
  let clinicId: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    const db = t.database.db;
    w = await buildWorld(db, '320614');
    other = await buildWorld(db, '331121');
    await linkStaff(db, w.users.dispatched_expert.id, w.leadStaff.id);
    const posting = await buildPosting(db, {
      consortiumId: w.consortium.id,
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: w.member.id,
      staffId: w.leadStaff.id,
      startDate: '2026-03-01',
      endDate: '2026-03-31',
    });
    postingId = posting.id;
    const colleagueStaff = await buildStaff(db, w.lead.id);
    const colleagueUser = await buildUser(db, 'dispatched_expert', {
      consortiumId: w.consortium.id,
      institutionId: w.lead.id,
    });
    await linkStaff(db, colleagueUser.id, colleagueStaff.id);
    colleaguePostingId = (
      await buildPosting(db, {
        consortiumId: w.consortium.id,
        sendingInstitutionId: w.lead.id,
        hostInstitutionId: w.member.id,
        staffId: colleagueStaff.id,
        startDate: '2026-03-01',
        endDate: '2026-03-31',
      })
    ).id;
    otherPostingId = (
      await buildPosting(db, {
        consortiumId: other.consortium.id,
        sendingInstitutionId: other.lead.id,
        hostInstitutionId: other.member.id,
        staffId: other.leadStaff.id,
        startDate: '2026-03-01',
        endDate: '2026-03-31',
      })
    ).id;
    expert = await signIn(t.app, w.users.dispatched_expert.username, PASSWORD);
    colleague = await signIn(t.app, colleagueUser.username, PASSWORD);
    host = await signIn(t.app, w.users.clinician.username, PASSWORD);
    viewer = await signIn(t.app, w.users.viewer.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('offers the expert their current posting as the default', async () => {
    const res = await expert.get('/api/v1/activities/my-postings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject([{ id: postingId, current: true, hostInstitutionName: w.member.name }]);
  });

  it('logs a clinic session on the own posting, with an audit row', async () => {
    const res = await expert.post('/api/v1/activities', {
      postingId,
      kind: 'clinic',
      activityDate: '2026-03-15',
      count: 23,
      note: '专家门诊上午',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'clinic', count: 23, hostInstitutionId: w.member.id, editable: true });
    clinicId = body.id;
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', clinicId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['activity.created']);
  });

  it('refuses a date outside the posting, a future date and impossible counts, naming the field', async () => {
    const base = { postingId, kind: 'clinic', count: 5 };
    for (const activityDate of ['2026-02-28', '2026-04-01', '2026-03-16']) {
      const res = await expert.post('/api/v1/activities', { ...base, activityDate });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('activityDate');
    }
    const tooMany = await expert.post('/api/v1/activities', {
      ...base,
      activityDate: '2026-03-10',
      count: 900,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('count');
    const negative = await expert.post('/api/v1/activities', {
      ...base,
      activityDate: '2026-03-10',
      count: -1,
    });
    expect(negative.statusCode).toBe(400);
    const surgery = await expert.post('/api/v1/activities', {
      ...base,
      kind: 'surgery_demo',
      activityDate: '2026-03-10',
      count: 1,
    });
    expect(surgery.statusCode).toBe(400);
    expect(surgery.json().errors[0].field).toBe('procedureName');
  });

  it("refuses another expert's posting (403) and a posting of another consortium (404)", async () => {
    const body = { kind: 'lecture', activityDate: '2026-03-10', count: 40 };
    expect(
      (await expert.post('/api/v1/activities', { ...body, postingId: colleaguePostingId })).statusCode,
    ).toBe(403);
    expect((await expert.post('/api/v1/activities', { ...body, postingId: otherPostingId })).statusCode).toBe(
      404,
    );
  });

  it('lets the host and the viewer read it, but not record; other consortia get 404', async () => {
    const list = await host.get('/api/v1/activities?kind=clinic');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(clinicId);
    expect(list.json().items[0].editable).toBe(false);
    expect((await viewer.get(`/api/v1/activities/${clinicId}`)).statusCode).toBe(200);
    const viewerPost = await viewer.post('/api/v1/activities', {
      postingId,
      kind: 'clinic',
      activityDate: '2026-03-10',
      count: 3,
    });
    expect(viewerPost.statusCode).toBe(403);
    expect((await otherOffice.get(`/api/v1/activities/${clinicId}`)).statusCode).toBe(404);
    expect((await otherOffice.patch(`/api/v1/activities/${clinicId}`, { count: 1 })).statusCode).toBe(404);
    const otherList = await otherOffice.get('/api/v1/activities');
    expect(otherList.json().total).toBe(0);
  });

  it('lets only the expert correct the entry, and only within the edit window', async () => {
    expect((await colleague.patch(`/api/v1/activities/${clinicId}`, { count: 30 })).statusCode).toBe(403);
    const fixed = await expert.patch(`/api/v1/activities/${clinicId}`, { count: 25 });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json().count).toBe(25);
    const moved = await expert.patch(`/api/v1/activities/${clinicId}`, { activityDate: '2026-04-02' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors[0].field).toBe('activityDate');

    const lecture = await expert.post('/api/v1/activities', {
      postingId,
      kind: 'lecture',
      activityDate: '2026-03-12',
      count: 60,
      topic: '心衰规范化诊治',
    });
    expect(lecture.statusCode).toBe(201);
    expect((await expert.del(`/api/v1/activities/${lecture.json().id}`)).statusCode).toBe(204);

    const created = Date.parse(fixed.json().createdAt);
    clock = new Date(created + 8 * 86_400_000);
    const late = await expert.patch(`/api/v1/activities/${clinicId}`, { count: 26 });
    expect(late.statusCode).toBe(409);
    expect((await expert.del(`/api/v1/activities/${clinicId}`)).statusCode).toBe(409);
    expect((await expert.get(`/api/v1/activities/${clinicId}`)).json().editable).toBe(false);
    clock = NOW;
  });

  it('sums the work per expert, site, batch and month, and exports it', async () => {
    await expert.post('/api/v1/activities', {
      postingId,
      kind: 'surgery_demo',
      activityDate: '2026-03-14',
      count: 2,
      procedureName: '经皮冠状动脉介入治疗',
    });
    const byExpert = await host.get('/api/v1/activities/summary?by=expert');
    expect(byExpert.statusCode).toBe(200);
    expect(byExpert.json()).toEqual([
      expect.objectContaining({
        key: w.leadStaff.id,
        entries: 2,
        totals: expect.objectContaining({ clinic: 25, surgery_demo: 2, lecture: 0 }),
        sessions: expect.objectContaining({ clinic: 1, surgery_demo: 1 }),
      }),
    ]);
    const byMonth = await host.get('/api/v1/activities/summary?by=quarter&kind=clinic');
    expect(byMonth.json()).toEqual([expect.objectContaining({ key: '2026-Q1', entries: 1 })]);
    const bySite = await host.get(`/api/v1/activities/summary?by=site&from=2026-04-01`);
    expect(bySite.json()).toEqual([]);

    const xlsx = await host.get('/api/v1/activities/summary/export?by=batch');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('批次');
    expect(sheet.getRow(2).getCell(2).value).toBe(2);

    const entries = await host.get('/api/v1/activities/export?lang=en');
    expect(entries.statusCode).toBe(200);
    expect(entries.headers['content-type']).toContain('spreadsheetml');
  });
});
