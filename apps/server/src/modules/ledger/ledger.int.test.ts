import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { PASSWORD } from '../../../test/factories.js';
import {
  buildGovernanceWorld,
  meetingBody,
  problemBody,
  type GovernanceWorld,
} from '../../../test/governance-factories.js';
import { sweepOverdueProblems } from './ledger-figures.js';

// 问题有落实、工作有推进、结果有反馈: a problem raised in the work-group meeting goes into the
// ledger in one step; the office assigns it to the branch's 医务科 with a deadline; the
// responsible person starts, reports progress, gives feedback and resolves it; the raiser
// confirms; the office closes it. Forbidden moves answer 409, the numbering holds under
// concurrency, and an overdue problem is escalated once on a fake clock.

describe.each(DATABASES)('problem ledger (%s)', (kind) => {
  let t: TestApp;
  let w: GovernanceWorld;
  let other: GovernanceWorld;
  let office: Client;
  let raiser: Client;
  let owner: Client;
  let viewer: Client;
  let meetingId: string;
  let clock = new Date('2030-11-28T07:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildGovernanceWorld(t.database.db);
    other = await buildGovernanceWorld(t.database.db, '320600');
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    raiser = await signIn(t.app, w.users.expert.username, PASSWORD);
    owner = await signIn(t.app, w.users.branchAdmin.username, PASSWORD);
    viewer = await signIn(t.app, w.users.viewer.username, PASSWORD);
    meetingId = (await office.post('/api/v1/meetings', meetingBody(w))).json().id;
  });
  afterAll(async () => t?.close());

  it('goes from the meeting to closed, with progress, feedback and the raiser’s confirmation', async () => {
    const res = await raiser.post(`/api/v1/meetings/${meetingId}/problems`, problemBody(w));
    expect(res.statusCode).toBe(201);
    const pr = res.json();
    expect(pr).toMatchObject({
      number: '2030-001',
      status: 'raised',
      source: 'meeting',
      meetingId,
      meetingTitle: '西苑医院山西医院工作组座谈会',
      category: 'common',
      allowedActions: [],
    });
    // Linked both ways: the meeting counts it and lists it.
    expect((await office.get(`/api/v1/meetings/${meetingId}`)).json().problems).toBe(1);
    expect((await office.get(`/api/v1/problems?meetingId=${meetingId}`)).json().items[0].id).toBe(pr.id);
    // The office sees it waiting to be assigned.
    expect((await office.get('/api/v1/my-work')).json().items).toContainEqual(
      expect.objectContaining({ kind: 'problem', id: pr.id, reason: 'problem_assign' }),
    );

    // Forbidden moves: nobody resolves or closes a problem that is only raised.
    expect((await office.post(`/api/v1/problems/${pr.id}/resolve`, { measures: '已处理' })).statusCode).toBe(
      409,
    );
    expect((await office.post(`/api/v1/problems/${pr.id}/close`, {})).statusCode).toBe(409);
    // Only the office assigns (403), and the owner department must be in the consortium (400).
    expect(
      (
        await raiser.post(`/api/v1/problems/${pr.id}/assign`, {
          ownerDepartmentId: w.branchMedical.id,
          responsibleUserId: w.users.branchAdmin.id,
          deadline: '2030-12-31',
        })
      ).statusCode,
    ).toBe(403);
    const foreign = await office.post(`/api/v1/problems/${pr.id}/assign`, {
      ownerDepartmentId: other.branchMedical.id,
      responsibleUserId: w.users.branchAdmin.id,
      deadline: '2030-12-31',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('ownerDepartmentId');
    const assigned = await office.post(`/api/v1/problems/${pr.id}/assign`, {
      ownerDepartmentId: w.branchMedical.id,
      coOwnerDepartmentIds: [w.branchNursing.id],
      responsibleUserId: w.users.branchAdmin.id,
      deadline: '2030-12-31',
    });
    expect(assigned.json()).toMatchObject({
      status: 'assigned',
      ownerDepartmentName: '医务科',
      coOwnerDepartments: [{ name: '护理部' }],
      deadline: '2030-12-31',
    });

    // The responsible person finds it in their work, starts it and reports.
    expect((await owner.get('/api/v1/my-work')).json().items).toContainEqual(
      expect.objectContaining({ id: pr.id, reason: 'problem_responsible', path: `/problems/${pr.id}` }),
    );
    expect((await owner.post(`/api/v1/problems/${pr.id}/start`, {})).json().status).toBe('in_progress');
    expect((await viewer.post(`/api/v1/problems/${pr.id}/progress`, { note: '看看' })).statusCode).toBe(403);
    await owner.post(`/api/v1/problems/${pr.id}/progress`, { note: '已召开职能部门专题会，拟定目标分解表' });
    const fed = await owner.post(`/api/v1/problems/${pr.id}/feedback`, {
      note: '目标分解表已报西苑医院医务处审阅',
    });
    expect(fed.statusCode).toBe(201);
    expect(JSON.stringify((await raiser.get('/api/v1/notifications')).json())).toContain(
      '您提出的问题有了反馈',
    );
    const resolved = (
      await owner.post(`/api/v1/problems/${pr.id}/resolve`, { measures: '目标分解到12个职能部门，按月通报' })
    ).json();
    expect(resolved).toMatchObject({
      status: 'resolved',
      latestProgress: '已召开职能部门专题会，拟定目标分解表',
    });

    // The raiser confirms (verify); the owner cannot confirm their own work.
    expect((await owner.post(`/api/v1/problems/${pr.id}/verify`, {})).statusCode).toBe(403);
    expect((await raiser.get('/api/v1/my-work')).json().items).toContainEqual(
      expect.objectContaining({ id: pr.id, reason: 'problem_confirm' }),
    );
    expect((await raiser.post(`/api/v1/problems/${pr.id}/verify`, { note: '确认' })).json()).toMatchObject({
      status: 'verified',
      verifiedBy: 'dispatched_expert user',
    });
    clock = new Date('2030-12-08T07:00:00Z');
    const closed = (await office.post(`/api/v1/problems/${pr.id}/close`, {})).json();
    expect(closed.status).toBe('closed');
    expect(closed.entries.map((e: { action: string | null; kind: string }) => e.action ?? e.kind)).toEqual([
      'create',
      'assign',
      'start',
      'progress',
      'feedback',
      'resolve',
      'verify',
      'close',
    ]);
    expect((await office.post(`/api/v1/problems/${pr.id}/close`, {})).statusCode).toBe(409);

    // Figures: one problem, closed in ten days by the branch's 医务科.
    const fig = (await office.get(`/api/v1/problem-figures?consortiumId=${w.consortium.id}`)).json();
    expect(fig).toMatchObject({ total: 1, closed: 1, closureRate: 1, overdue: 0 });
    expect(fig.byDepartment[0]).toMatchObject({ departmentName: '医务科', averageDaysToClose: 10 });

    // The sheet, in the ledger's own layout.
    const x = await office.get(`/api/v1/problems/export?consortiumId=${w.consortium.id}&status=closed`);
    expect(x.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(x.rawPayload as never);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '序号',
      '问题',
      '类别',
      '责任部门',
      '整改措施',
      '完成时限',
      '进展情况',
      '状态',
    ]);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '2030-001',
      expect.stringContaining('职能部门工作目标未分解'),
      '共性',
      expect.stringContaining('医务科'),
      '目标分解到12个职能部门，按月通报',
      '2030-12-31',
      '已召开职能部门专题会，拟定目标分解表',
      '已销号',
    ]);

    // Reopened by the office, it is back in progress.
    expect(
      (await office.post(`/api/v1/problems/${pr.id}/reopen`, { reason: '复查发现未落实' })).json().status,
    ).toBe('in_progress');
  });

  it('refuses bad input, naming the field', async () => {
    const particular = await raiser.post('/api/v1/problems', {
      ...problemBody(w),
      consortiumId: w.consortium.id,
      source: 'inspection',
      category: 'particular',
    });
    expect(particular.statusCode).toBe(400);
    expect(particular.json().errors[0].field).toBe('affectedInstitutionIds');
    const noMeeting = await raiser.post('/api/v1/problems', {
      ...problemBody(w),
      consortiumId: w.consortium.id,
      source: 'meeting',
    });
    expect(noMeeting.json().errors[0].field).toBe('source');
    const badDate = await raiser.post('/api/v1/problems', {
      ...problemBody(w),
      consortiumId: w.consortium.id,
      source: 'member',
      deadline: '2030-13-01',
    });
    expect(badDate.statusCode).toBe(400);
    expect(JSON.stringify(badDate.json().errors)).toContain('deadline');
  });

  it('keeps other consortia out (404) and roles without the permission off (403)', async () => {
    const pr = (
      await raiser.post('/api/v1/problems', {
        ...problemBody(w),
        consortiumId: w.consortium.id,
        source: 'member',
      })
    ).json();
    const otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
    expect((await otherOffice.get(`/api/v1/problems/${pr.id}`)).statusCode).toBe(404);
    expect((await otherOffice.post(`/api/v1/problems/${pr.id}/close`, {})).statusCode).toBe(404);
    expect(
      (await otherOffice.post(`/api/v1/meetings/${meetingId}/problems`, problemBody(w))).statusCode,
    ).toBe(404);
    expect(
      (
        await otherOffice.post('/api/v1/problems', {
          ...problemBody(w),
          consortiumId: w.consortium.id,
          source: 'member',
        })
      ).statusCode,
    ).toBe(404);
    const theirs = (await otherOffice.get('/api/v1/problems')).json();
    expect(theirs.items.map((x: { id: string }) => x.id)).not.toContain(pr.id);
    expect(
      (
        await viewer.post('/api/v1/problems', {
          ...problemBody(w),
          consortiumId: w.consortium.id,
          source: 'member',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await viewer.post(`/api/v1/problems/${pr.id}/assign`, {
          ownerDepartmentId: w.branchMedical.id,
          responsibleUserId: w.users.branchAdmin.id,
          deadline: '2030-12-31',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('numbers problems without gaps or duplicates when many are raised at once', async () => {
    const fresh = await buildGovernanceWorld(t.database.db, '140200');
    const c = await signIn(t.app, fresh.users.office.username, PASSWORD);
    const body = { ...problemBody(fresh), consortiumId: fresh.consortium.id, source: 'inspection' };
    const results = await Promise.all(Array.from({ length: 12 }, () => c.post('/api/v1/problems', body)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const numbers = results.map((r) => r.json().number).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `2030-${String(i + 1).padStart(3, '0')}`));
  });

  it('escalates an overdue problem once, to the owner and the office', async () => {
    clock = new Date('2031-03-01T02:00:00Z');
    const pr = (
      await office.post('/api/v1/problems', {
        ...problemBody(w, { title: '管理层轮训未落实' }),
        consortiumId: w.consortium.id,
        source: 'member',
        ownerDepartmentId: w.medicalAffairs.id,
        responsibleUserId: w.users.branchAdmin.id,
        deadline: '2031-03-10',
      })
    ).json();
    expect(pr).toMatchObject({ number: '2031-001', status: 'assigned', overdue: false });
    // The problem reopened above missed its 2030 deadline: it is escalated now, this one not yet.
    expect(await sweepOverdueProblems(t.app.services)).toBe(1);
    expect(await sweepOverdueProblems(t.app.services)).toBe(0);
    clock = new Date('2031-03-11T01:00:00Z'); // 09:00 on 11 March in China: the deadline has passed
    expect((await office.get(`/api/v1/problems/${pr.id}`)).json().overdue).toBe(true);
    expect(await sweepOverdueProblems(t.app.services)).toBe(1);
    expect(await sweepOverdueProblems(t.app.services)).toBe(0);
    const alerts = await t.database.db
      .selectFrom('notifications')
      .select('userId')
      .where('kind', '=', 'problem.escalated')
      .where('body', 'like', '2031-001%')
      .execute();
    expect(alerts.map((a) => a.userId).sort()).toEqual([w.users.office.id, w.users.branchAdmin.id].sort());
    expect(
      (
        await office.get(
          `/api/v1/problems?overdue=1&consortiumId=${w.consortium.id}&q=${encodeURIComponent('管理层轮训')}`,
        )
      )
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toEqual([pr.id]);
    expect((await owner.get('/api/v1/my-work')).json().items).toContainEqual(
      expect.objectContaining({ id: pr.id, overdue: true }),
    );
  });
});
