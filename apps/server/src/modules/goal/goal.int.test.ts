import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildDepartment,
  buildStaff,
  buildUser,
  buildWorld,
  PASSWORD,
  type World,
} from '../../../test/factories.js';

// The office splits the year's goal into tasks for the 医务处, a member hospital and a doctor.
// Each reports progress; the goal rolls it up, weighted. When the clock passes a due date the
// unfinished task is overdue. A key project (grade-3 accreditation) gets the standard's checklist
// and two milestones; ticking items and milestones moves its progress.

describe.each(DATABASES)('goals, tasks and key projects (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let other: World;
  let office: Client;
  let medical: Client;
  let admin: Client;
  let doctor: Client;
  let otherOffice: Client;
  let goalId: string;
  let deptTask: string;
  let instTask: string;
  let medicalDept: string;
  let clinicalDept: string;
  let project: string;
  let clock = new Date('2030-03-01T02:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    const db = t.database.db;
    w = await buildWorld(db, '140105');
    other = await buildWorld(db, '331121');
    medicalDept = (await buildDepartment(db, w.lead.id, { name: '医务处', kind: 'functional' })).id;
    clinicalDept = w.leadDept.id;
    const clerk = await buildStaff(db, w.lead.id, { departmentId: medicalDept });
    const clerkUser = await buildUser(db, 'clinician', {
      consortiumId: w.consortium.id,
      institutionId: w.lead.id,
    });
    await db.updateTable('users').set({ staffId: clerk.id }).where('id', '=', clerkUser.id).execute();
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    medical = await signIn(t.app, clerkUser.username, PASSWORD);
    admin = await signIn(t.app, w.users.institution_admin.username, PASSWORD);
    doctor = await signIn(t.app, w.users.clinician.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('the office sets the goal and splits it; owners outside the consortium or clinical departments are refused', async () => {
    const badYear = await office.post('/api/v1/goals', {
      consortiumId: w.consortium.id,
      year: 1990,
      title: 'x',
    });
    expect(badYear.json().errors[0].field).toBe('year');
    const g = await office.post('/api/v1/goals', {
      consortiumId: w.consortium.id,
      year: 2030,
      title: '推进国家区域医疗中心建设',
    });
    expect(g.statusCode).toBe(201);
    goalId = g.json().id;
    const task = (body: object) =>
      office.post('/api/v1/goal-tasks', { goalId, title: '任务', dueOn: '2030-06-30', ...body });
    expect((await task({ ownerKind: 'department', ownerId: clinicalDept })).json().errors[0]).toMatchObject({
      field: 'ownerId',
    });
    expect((await task({ ownerKind: 'institution', ownerId: other.member.id })).json().errors[0].field).toBe(
      'ownerId',
    );
    expect(
      (await task({ ownerKind: 'department', ownerId: medicalDept, dueOn: '2030-13-01' })).json().errors[0]
        .field,
    ).toBe('dueOn');
    const a = await task({
      ownerKind: 'department',
      ownerId: medicalDept,
      title: '将工作目标分解到各职能部门',
      weight: 2,
    });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ ownerName: '医务处', status: 'not_started', canReport: true });
    deptTask = a.json().id;
    instTask = (
      await task({
        ownerKind: 'institution',
        ownerId: w.member.id,
        title: '上报季度工作汇报',
        dueOn: '2030-03-31',
      })
    ).json().id;
    await task({
      ownerKind: 'user',
      ownerId: w.users.clinician.id,
      title: '疑难病例讨论',
      dueOn: '2030-12-31',
    });
    expect(
      (
        await doctor.post('/api/v1/goal-tasks', {
          goalId,
          title: 'x',
          ownerKind: 'user',
          ownerId: w.users.clinician.id,
          dueOn: '2030-12-31',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('owners report progress; others may not; the goal rolls it up by weight', async () => {
    expect((await doctor.post(`/api/v1/goal-tasks/${deptTask}/progress`, { progress: 10 })).statusCode).toBe(
      403,
    );
    expect(
      (await medical.post(`/api/v1/goal-tasks/${deptTask}/progress`, { progress: 150 })).json().errors[0]
        .field,
    ).toBe('progress');
    const half = await medical.post(`/api/v1/goal-tasks/${deptTask}/progress`, {
      progress: 50,
      note: '已召开职能部门协调会',
    });
    expect(half.json()).toMatchObject({
      progress: 50,
      status: 'in_progress',
      progressNote: '已召开职能部门协调会',
    });
    const done = await admin.post(`/api/v1/goal-tasks/${instTask}/progress`, { progress: 100 });
    expect(done.json()).toMatchObject({ status: 'done', doneOn: '2030-03-01' });
    const goal = (await doctor.get(`/api/v1/goals/${goalId}`)).json();
    // (50 × 2 + 100 × 1 + 0 × 1) / 4
    expect(goal).toMatchObject({ taskCount: 3, doneCount: 1, overdueCount: 0, progress: 50 });
    const mine = (await medical.get(`/api/v1/goal-tasks?mine=true`)).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toEqual([deptTask]);
    // My work: the department's unfinished task waits on its staff; a done task waits on no one.
    const work = (await medical.get('/api/v1/my-work'))
      .json()
      .items.filter((i: { kind: string }) => i.kind === 'task');
    expect(work).toEqual([expect.objectContaining({ id: deptTask, reason: 'task_due', overdue: false })]);
    const adminWork = (await admin.get('/api/v1/my-work')).json().items;
    expect(adminWork.some((i: { id: string }) => i.id === instTask)).toBe(false);
  });

  it('past the due date, the unfinished task is overdue, in the list, the goal and the xlsx', async () => {
    clock = new Date('2030-07-01T02:00:00Z');
    const overdue = (await office.get(`/api/v1/goal-tasks?goalId=${goalId}&status=overdue`)).json();
    expect(overdue.items.map((x: { id: string }) => x.id)).toEqual([deptTask]);
    expect((await office.get(`/api/v1/goals/${goalId}`)).json()).toMatchObject({
      overdueCount: 1,
      doneCount: 1,
    });
    const res = await office.inject({ method: 'GET', url: `/api/v1/goal-tasks/export?goalId=${goalId}` });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe('任务');
    const rows = [2, 3, 4].map((n) => sheet.getRow(n).values as unknown[]);
    expect(rows.find((r) => r[3] === '将工作目标分解到各职能部门')).toEqual(
      expect.arrayContaining([expect.stringContaining('医务处'), 50, '已逾期']),
    );
  });

  it('another consortium sees none of it (404), and cannot file a task under it', async () => {
    expect((await otherOffice.get(`/api/v1/goals/${goalId}`)).statusCode).toBe(404);
    expect((await otherOffice.patch(`/api/v1/goal-tasks/${deptTask}`, { title: 'x' })).statusCode).toBe(404);
    expect(
      (await otherOffice.post(`/api/v1/goal-tasks/${deptTask}/progress`, { progress: 1 })).statusCode,
    ).toBe(404);
    expect((await otherOffice.get(`/api/v1/goal-tasks?goalId=${goalId}`)).json().total).toBe(0);
    const filed = await otherOffice.post('/api/v1/goal-tasks', {
      goalId,
      title: 'x',
      ownerKind: 'institution',
      ownerId: other.member.id,
      dueOn: '2030-12-31',
    });
    expect(filed.json().errors[0].field).toBe('goalId');
  });

  it('a grade-3 accreditation project: checklist from the standard, milestones, progress and overdue', async () => {
    const stranger = await office.post('/api/v1/key-projects', {
      consortiumId: w.consortium.id,
      institutionId: other.member.id,
      kind: 'accreditation',
      title: 'x',
    });
    expect(stranger.json().errors[0].field).toBe('institutionId');
    const p = await office.post('/api/v1/key-projects', {
      consortiumId: w.consortium.id,
      institutionId: w.member.id,
      goalId,
      kind: 'accreditation',
      title: '创建三级甲等综合医院',
      targetOn: '2031-12-31',
    });
    expect(p.statusCode).toBe(201);
    project = p.json().id;
    const seeded = (
      await office.post(`/api/v1/key-projects/${project}/checklist/template`, { template: 'grade3a_general' })
    ).json();
    expect(seeded.itemCount).toBe(12);
    expect(seeded.checklist[0]).toMatchObject({ chapter: '第一部分 前置要求', done: false });
    await office.post(`/api/v1/key-projects/${project}/milestones`, {
      title: '完成自评',
      dueOn: '2030-06-01',
    });
    const withMs = (
      await office.post(`/api/v1/key-projects/${project}/milestones`, {
        title: '提交评审申请',
        dueOn: '2031-06-01',
      })
    ).json();
    expect(withMs).toMatchObject({ milestoneCount: 2, overdueMilestones: 1 });
    expect(withMs.milestones[0].overdue).toBe(true);
    const items = withMs.checklist.map((i: { id: string }) => i.id);
    expect((await doctor.patch(`/api/v1/checklist-items/${items[0]}`, { done: true })).statusCode).toBe(403);
    expect((await admin.patch(`/api/v1/checklist-items/${items[0]}`, { title: '改名' })).statusCode).toBe(
      403,
    );
    for (const id of items.slice(0, 3))
      expect((await admin.patch(`/api/v1/checklist-items/${id}`, { done: true })).statusCode).toBe(200);
    const pdf = multipart('file', '自查报告.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF'));
    const ev = await admin.inject({
      method: 'PUT',
      url: `/api/v1/checklist-items/${items[0]}/evidence`,
      ...pdf,
    });
    expect(ev.json().checklist[0].evidence).toMatchObject({ name: '自查报告.pdf' });
    const ms = withMs.milestones[0].id;
    const after = (await office.patch(`/api/v1/milestones/${ms}`, { doneOn: '2030-06-28' })).json();
    // (3 items + 1 milestone) of (12 + 2)
    expect(after).toMatchObject({ itemsDone: 3, milestonesDone: 1, overdueMilestones: 0, progress: 28.6 });
    expect((await otherOffice.get(`/api/v1/key-projects/${project}`)).statusCode).toBe(404);
    const sheet = await office.inject({
      method: 'GET',
      url: `/api/v1/key-projects/${project}/checklist/export`,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r[7] === '是')).toHaveLength(3);
    expect(rows[0]).toEqual(expect.arrayContaining(['第一部分 前置要求', '自查报告.pdf']));
    expect((await otherOffice.get(`/api/v1/key-projects/${project}/checklist/export`)).statusCode).toBe(404);
    expect((await otherOffice.patch(`/api/v1/checklist-items/${items[0]}`, { done: false })).statusCode).toBe(
      404,
    );
    const listed = (
      await doctor.get(`/api/v1/key-projects?kind=accreditation&q=${encodeURIComponent('三级甲等')}`)
    ).json();
    expect(listed.items).toHaveLength(1);
  });
});
