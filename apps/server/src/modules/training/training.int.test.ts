import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildInstitution,
  buildStaff,
  buildUser,
  buildWorld,
  PASSWORD,
  type World,
} from '../../../test/factories.js';

// The lead hospital offers two further-study places in cardiology. The member hospital applies
// for five of its doctors; the office accepts them all at once and exactly two get in. One
// trains, finishes, and returns to post working independently; the step order is enforced.
// A course keeps attendance per session, and the office runs a management rotation (管理层轮训)
// for the member's manager over two weeks, back to post at the end.

describe.each(DATABASES)('training up: further study, courses and rotations (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let other: World;
  let office: Client;
  let memberAdmin: Client;
  let leadAdmin: Client;
  let viewer: Client;
  let otherOffice: Client;
  let programmeId: string;
  const enrolmentIds: string[] = [];
  let clock = new Date('2026-03-15T04:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    const db = t.database.db;
    w = await buildWorld(db, '320614');
    other = await buildWorld(db, '331121');
    const leadAdminUser = await buildUser(db, 'institution_admin', {
      consortiumId: w.consortium.id,
      institutionId: w.lead.id,
    });
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    memberAdmin = await signIn(t.app, w.users.institution_admin.username, PASSWORD);
    leadAdmin = await signIn(t.app, leadAdminUser.username, PASSWORD);
    viewer = await signIn(t.app, w.users.viewer.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('the lead offers further study; seats and duration are required; a member cannot offer for the lead', async () => {
    const body = {
      kind: 'further_study',
      providerInstitutionId: w.lead.id,
      name: '心血管内科进修',
      departmentId: w.leadDept.id,
      seats: 2,
      durationMonths: 6,
      startDate: '2026-03-01',
    };
    const noSeats = await leadAdmin.post('/api/v1/training-programmes', { ...body, seats: undefined });
    expect(noSeats.statusCode).toBe(400);
    expect(noSeats.json().errors[0].field).toBe('seats');
    expect((await memberAdmin.post('/api/v1/training-programmes', body)).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/training-programmes', body)).statusCode).toBe(403);
    const wrongDept = await leadAdmin.post('/api/v1/training-programmes', {
      ...body,
      departmentId: w.memberDept.id,
    });
    expect(wrongDept.statusCode).toBe(400);
    expect(wrongDept.json().errors[0].field).toBe('departmentId');
    const res = await leadAdmin.post('/api/v1/training-programmes', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ seats: 2, seatsTaken: 0, departmentName: w.leadDept.name });
    programmeId = res.json().id;
    expect((await otherOffice.get(`/api/v1/training-programmes/${programmeId}`)).statusCode).toBe(404);
  });

  it('the member applies for its own staff only, once each', async () => {
    const staff = [w.memberStaff];
    for (let i = 0; i < 4; i++) staff.push(await buildStaff(t.database.db, w.member.id));
    for (const s of staff) {
      const res = await memberAdmin.post('/api/v1/training-enrolments', { programmeId, staffId: s.id });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: 'applied', allowedActions: ['withdraw'] });
      enrolmentIds.push(res.json().id);
    }
    const again = await memberAdmin.post('/api/v1/training-enrolments', {
      programmeId,
      staffId: w.memberStaff.id,
    });
    expect(again.statusCode).toBe(409);
    const third = await buildInstitution(t.database.db, { consortiumId: w.consortium.id });
    const stranger = await buildStaff(t.database.db, third.id);
    expect(
      (await memberAdmin.post('/api/v1/training-enrolments', { programmeId, staffId: stranger.id }))
        .statusCode,
    ).toBe(403);
    const ownLead = await leadAdmin.post('/api/v1/training-enrolments', {
      programmeId,
      staffId: w.leadStaff.id,
    });
    expect(ownLead.statusCode).toBe(400);
    expect(ownLead.json().errors[0].field).toBe('staffId');
    expect(
      (await viewer.post('/api/v1/training-enrolments', { programmeId, staffId: stranger.id })).statusCode,
    ).toBe(403);
  });

  it('five accepts at once fill exactly the two seats; the rest get 409', async () => {
    expect(
      (await memberAdmin.post(`/api/v1/training-enrolments/${enrolmentIds[0]}/accept`, {})).statusCode,
    ).toBe(403);
    const results = await Promise.all(
      enrolmentIds.map((id) => leadAdmin.post(`/api/v1/training-enrolments/${id}/accept`, {})),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 409, 409, 409]);
    const full = results.find((r) => r.statusCode === 409)!;
    expect(full.json().errors[0].field).toBe('seats');
    const programme = await office.get(`/api/v1/training-programmes/${programmeId}`);
    expect(programme.json()).toMatchObject({ seatsTaken: 2, applications: 5 });
  });

  it('walks one trainee through training and back to post; out-of-order steps get 409', async () => {
    const list = await leadAdmin.get(
      `/api/v1/training-enrolments?programmeId=${programmeId}&status=accepted`,
    );
    expect(list.json().total).toBe(2);
    const [first, second] = list.json().items as { id: string }[];
    const url = (id: string, action: string) => `/api/v1/training-enrolments/${id}/${action}`;
    expect((await leadAdmin.post(url(first!.id, 'complete'), { completedOn: '2026-03-10' })).statusCode).toBe(
      409,
    );
    expect(
      (
        await memberAdmin.post(url(first!.id, 'return_to_post'), {
          returnedOn: '2026-03-10',
          worksIndependently: true,
        })
      ).statusCode,
    ).toBe(409);
    const future = await leadAdmin.post(url(first!.id, 'start'), { startedOn: '2026-04-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('startedOn');
    expect((await leadAdmin.post(url(first!.id, 'start'), { startedOn: '2026-03-15' })).statusCode).toBe(200);
    expect((await leadAdmin.post(url(first!.id, 'start'), { startedOn: '2026-03-15' })).statusCode).toBe(409);
    const done = await leadAdmin.post(url(first!.id, 'complete'), { completedOn: '2026-03-15' });
    expect(done.json()).toMatchObject({ status: 'completed', allowedActions: [] });
    // The provider does not record the return: the home institution does.
    expect(
      (
        await leadAdmin.post(url(first!.id, 'return_to_post'), {
          returnedOn: '2026-03-15',
          worksIndependently: true,
        })
      ).statusCode,
    ).toBe(403);
    const back = await memberAdmin.post(url(first!.id, 'return_to_post'), {
      returnedOn: '2026-03-15',
      worksIndependently: true,
    });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned_to_post', worksIndependently: true });
    expect((await memberAdmin.post(url(first!.id, 'withdraw'), { reason: '家庭原因' })).statusCode).toBe(409);

    // A withdrawal frees the seat, and a waiting applicant can take it.
    expect((await memberAdmin.post(url(second!.id, 'withdraw'), { reason: '科室人手紧张' })).statusCode).toBe(
      200,
    );
    const waiting = await leadAdmin.get(
      `/api/v1/training-enrolments?programmeId=${programmeId}&status=applied`,
    );
    const next = (waiting.json().items as { id: string }[])[0]!;
    expect((await leadAdmin.post(url(next.id, 'accept'), {})).statusCode).toBe(200);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', first!.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'enrolment.created',
      'enrolment.accept',
      'enrolment.start',
      'enrolment.complete',
      'enrolment.return_to_post',
    ]);
    expect((await otherOffice.get(`/api/v1/training-enrolments/${first!.id}`)).statusCode).toBe(404);
  });

  it('a course keeps attendance per session, for accepted trainees only', async () => {
    const course = await office.post('/api/v1/training-programmes', {
      kind: 'course',
      providerInstitutionId: w.lead.id,
      name: '基层医师心电图判读培训班',
      startDate: '2026-03-01',
      endDate: '2026-03-31',
    });
    expect(course.statusCode).toBe(201);
    const courseId = course.json().id;
    const a = await memberAdmin.post('/api/v1/training-enrolments', {
      programmeId: courseId,
      staffId: w.memberStaff.id,
    });
    const b = await memberAdmin.post('/api/v1/training-enrolments', {
      programmeId: courseId,
      staffId: (await buildStaff(t.database.db, w.member.id)).id,
    });
    await office.post(`/api/v1/training-enrolments/${a.json().id}/accept`, {});
    const outside = await office.post(`/api/v1/training-programmes/${courseId}/sessions`, {
      sessionDate: '2026-04-02',
      topic: '心律失常',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('sessionDate');
    const session = await office.post(`/api/v1/training-programmes/${courseId}/sessions`, {
      sessionDate: '2026-03-12',
      topic: '急性心梗心电图',
      location: '示教室',
    });
    expect(session.statusCode).toBe(201);
    const sid = session.json().id;
    const notAccepted = await office.inject({
      method: 'PUT',
      url: `/api/v1/training-sessions/${sid}/attendance`,
      payload: { records: [{ enrolmentId: b.json().id, present: true }] },
    });
    expect(notAccepted.statusCode).toBe(400);
    expect(notAccepted.json().errors[0].field).toBe('records.0.enrolmentId');
    const marked = await office.inject({
      method: 'PUT',
      url: `/api/v1/training-sessions/${sid}/attendance`,
      payload: { records: [{ enrolmentId: a.json().id, present: true }] },
    });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toEqual([expect.objectContaining({ enrolmentId: a.json().id, present: true })]);
    const forbidden = await memberAdmin.inject({
      method: 'PUT',
      url: `/api/v1/training-sessions/${sid}/attendance`,
      payload: { records: [{ enrolmentId: a.json().id, present: false }] },
    });
    expect(forbidden.statusCode).toBe(403);
    const sessions = await memberAdmin.get(`/api/v1/training-programmes/${courseId}/sessions`);
    expect(sessions.json()).toEqual([expect.objectContaining({ present: 1, absent: 0 })]);
    const enrolment = await memberAdmin.get(`/api/v1/training-enrolments/${a.json().id}`);
    expect(enrolment.json().sessionsAttended).toBe(1);
  });

  it('the office runs a management rotation: a manager enrols, attends, completes and returns to post', async () => {
    const body = {
      kind: 'management_rotation',
      providerInstitutionId: w.lead.id,
      name: '医联体成员单位管理层轮训（第一期）',
      seats: 6,
      startDate: '2026-03-16',
      endDate: '2026-03-27',
      description: '医院管理、质量控制、绩效考核',
    };
    const backwards = await office.post('/api/v1/training-programmes', { ...body, endDate: '2026-03-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endDate');
    const res = await office.post('/api/v1/training-programmes', body);
    expect(res.statusCode).toBe(201);
    // Neither a department nor a duration in months: a rotation is a set of sessions.
    expect(res.json()).toMatchObject({
      kind: 'management_rotation',
      seats: 6,
      seatsTaken: 0,
      departmentId: null,
      durationMonths: null,
    });
    const rotationId = res.json().id;
    expect((await otherOffice.get(`/api/v1/training-programmes/${rotationId}`)).statusCode).toBe(404);

    const manager = await buildStaff(t.database.db, w.member.id, { title: 'administrator' });
    const applied = await memberAdmin.post('/api/v1/training-enrolments', {
      programmeId: rotationId,
      staffId: manager.id,
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({
      programmeKind: 'management_rotation',
      staffTitle: 'administrator',
      institutionId: w.member.id,
    });
    const id = applied.json().id;
    const url = (action: string) => `/api/v1/training-enrolments/${id}/${action}`;
    expect((await office.post(url('accept'), {})).statusCode).toBe(200);
    const sessions: string[] = [];
    for (const [sessionDate, topic] of [
      ['2026-03-16', '医联体运行与考核办法解读'],
      ['2026-03-20', '医疗质量与安全管理'],
    ]) {
      const session = await office.post(`/api/v1/training-programmes/${rotationId}/sessions`, {
        sessionDate,
        topic,
      });
      expect(session.statusCode).toBe(201);
      sessions.push(session.json().id);
    }

    clock = new Date('2026-03-16T04:00:00Z');
    expect((await office.post(url('start'), { startedOn: '2026-03-16' })).statusCode).toBe(200);
    for (const sid of sessions) {
      const marked = await office.inject({
        method: 'PUT',
        url: `/api/v1/training-sessions/${sid}/attendance`,
        payload: { records: [{ enrolmentId: id, present: true }] },
      });
      expect(marked.statusCode).toBe(200);
    }
    const elsewhere = await otherOffice.inject({
      method: 'PUT',
      url: `/api/v1/training-sessions/${sessions[0]}/attendance`,
      payload: { records: [{ enrolmentId: id, present: false }] },
    });
    expect(elsewhere.statusCode).toBe(404);

    clock = new Date('2026-03-27T04:00:00Z');
    expect((await office.post(url('complete'), { completedOn: '2026-03-27' })).statusCode).toBe(200);
    clock = new Date('2026-03-30T04:00:00Z');
    const back = await memberAdmin.post(url('return_to_post'), {
      returnedOn: '2026-03-30',
      worksIndependently: true,
      note: '回院后牵头修订院内绩效考核方案',
    });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({
      status: 'returned_to_post',
      startedOn: '2026-03-16',
      completedOn: '2026-03-27',
      returnedOn: '2026-03-30',
      worksIndependently: true,
      sessionsAttended: 2,
    });
    const rotations = await office.get('/api/v1/training-enrolments?kind=management_rotation');
    expect(rotations.json().items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await otherOffice.get(`/api/v1/training-enrolments/${id}`)).statusCode).toBe(404);
  });

  it('lists search, filter and page, and export to xlsx', async () => {
    const page = await office.get('/api/v1/training-enrolments?pageSize=2&page=2');
    expect(page.json()).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.json().items).toHaveLength(2);
    const byName = await office.get(
      `/api/v1/training-enrolments?q=${encodeURIComponent(w.memberStaff.name)}`,
    );
    expect(byName.json().total).toBe(2);
    const courses = await office.get('/api/v1/training-programmes?kind=course&q=心电图');
    expect(courses.json().total).toBe(1);
    const xlsx = await office.get('/api/v1/training-enrolments/export?status=returned_to_post');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await office.get('/api/v1/training-programmes/export?lang=en')).statusCode).toBe(200);
    expect((await otherOffice.get('/api/v1/training-enrolments')).json().total).toBe(0);
  });
});
