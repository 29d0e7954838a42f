import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildDispatchWorld, type DispatchWorld } from '../../../test/dispatch-factories.js';
import { PASSWORD } from '../../../test/factories.js';

// The lead hospital sends its 第四批专家组 to a county site for three weeks, with a team leader
// (总领队) and a manager seconded as executive vice-president (挂职执行副院长). The host sees who is
// there now and who comes next; the roster prints. Another consortium sees none of it. (Demand and
// the expert pool: demand-experts.int.test.ts.)

describe.each(DATABASES)('expert dispatch: programmes, batches, postings (%s)', (kind) => {
  let t: TestApp;
  let w: DispatchWorld;
  let other: DispatchWorld;
  let office: Client;
  let leadAdmin: Client;
  let hostAdmin: Client;
  let hostClinician: Client;
  let otherOffice: Client;
  let programmeId: string;
  let batch4: string;
  let batch5: string;
  const clock = new Date('2030-03-10T02:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildDispatchWorld(t.database.db);
    other = await buildDispatchWorld(t.database.db, '331100');
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    leadAdmin = await signIn(t.app, w.users.leadAdmin.username, PASSWORD);
    hostAdmin = await signIn(t.app, w.users.hostAdmin.username, PASSWORD);
    hostClinician = await signIn(t.app, w.users.hostClinician.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('the office opens a programme from the lead hospital to the county site', async () => {
    const same = await office.post('/api/v1/dispatch/programmes', {
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: w.lead.id,
      name: '对口帮扶',
      startDate: '2030-01-01',
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('hostInstitutionId');
    const outsider = await office.post('/api/v1/dispatch/programmes', {
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: other.hostA.id,
      name: '对口帮扶',
      startDate: '2030-01-01',
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0].field).toBe('hostInstitutionId');
    const backwards = await office.post('/api/v1/dispatch/programmes', {
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: w.hostA.id,
      name: '对口帮扶',
      startDate: '2030-01-01',
      endDate: '2029-01-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endDate');
    const res = await office.post('/api/v1/dispatch/programmes', {
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: w.hostA.id,
      name: '县域医共体对口帮扶',
      startDate: '2030-01-01',
      endDate: '2032-12-31',
    });
    expect(res.statusCode).toBe(201);
    programmeId = res.json().id;
    expect(res.json()).toMatchObject({
      sendingInstitutionName: w.lead.name,
      hostInstitutionName: w.hostA.name,
      batchCount: 0,
    });
  });

  it('a clinician may not open one (403); the other consortium does not see it (404)', async () => {
    const res = await hostClinician.post('/api/v1/dispatch/programmes', {
      sendingInstitutionId: w.lead.id,
      hostInstitutionId: w.hostA.id,
      name: 'x',
      startDate: '2030-01-01',
    });
    expect(res.statusCode).toBe(403);
    expect((await otherOffice.get(`/api/v1/dispatch/programmes/${programmeId}`)).statusCode).toBe(404);
    expect((await otherOffice.get('/api/v1/dispatch/programmes')).json().total).toBe(0);
    // The host sees the programme it hosts; another member of the consortium does not.
    expect((await hostAdmin.get('/api/v1/dispatch/programmes')).json().total).toBe(1);
    const otherHost = await signIn(t.app, w.users.otherHostAdmin.username, PASSWORD);
    expect((await otherHost.get(`/api/v1/dispatch/programmes/${programmeId}`)).statusCode).toBe(404);
  });

  it('the lead hospital forms the fourth batch with its team leader', async () => {
    const badLeader = await leadAdmin.post('/api/v1/dispatch/batches', {
      programmeId,
      number: 4,
      name: '第四批专家组',
      startDate: '2030-03-01',
      endDate: '2030-03-21',
      leaderStaffId: w.staff.hostStaff.id,
    });
    expect(badLeader.statusCode).toBe(400);
    expect(badLeader.json().errors[0].field).toBe('leaderStaffId');
    const early = await leadAdmin.post('/api/v1/dispatch/batches', {
      programmeId,
      number: 4,
      name: '第四批专家组',
      startDate: '2029-12-01',
      endDate: '2030-03-21',
    });
    expect(early.json().errors[0].field).toBe('startDate');
    const res = await leadAdmin.post('/api/v1/dispatch/batches', {
      programmeId,
      number: 4,
      name: '第四批专家组',
      startDate: '2030-03-01',
      endDate: '2030-03-21',
      leaderStaffId: w.staff.chief.id,
    });
    expect(res.statusCode).toBe(201);
    batch4 = res.json().id;
    expect(res.json()).toMatchObject({ number: 4, leaderName: w.staff.chief.name, memberCount: 0 });
    const again = await leadAdmin.post('/api/v1/dispatch/batches', {
      programmeId,
      number: 4,
      name: '重复',
      startDate: '2030-04-01',
      endDate: '2030-04-21',
    });
    expect(again.statusCode).toBe(409);
    // The host's administrator sees the batch but does not run the sender's programme.
    const hostTry = await hostAdmin.post('/api/v1/dispatch/batches', {
      programmeId,
      number: 5,
      name: '第五批',
      startDate: '2030-04-01',
      endDate: '2030-04-21',
    });
    expect(hostTry.statusCode).toBe(403);
    const fifth = await leadAdmin.post('/api/v1/dispatch/batches', {
      programmeId,
      number: 5,
      name: '第五批专家组',
      startDate: '2030-04-01',
      endDate: '2030-04-21',
    });
    batch5 = fifth.json().id;
    expect((await otherOffice.get(`/api/v1/dispatch/batches/${batch4}`)).statusCode).toBe(404);
  });

  it('members join with their roles; a manager is seconded as executive vice-president', async () => {
    const leader = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.chief.id,
      role: 'clinical',
      isLeader: true,
    });
    expect(leader.statusCode).toBe(201);
    expect(leader.json()).toMatchObject({
      startDate: '2030-03-01',
      endDate: '2030-03-21',
      hostInstitutionId: w.hostA.id,
    });
    const vp = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.manager.id,
      role: 'management',
      hostPosition: '执行副院长',
    });
    expect(vp.statusCode).toBe(201);
    expect(vp.json().hostPosition).toBe('执行副院长');
    const wrongRole = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.associate.id,
      role: 'clinical',
      hostPosition: '副院长',
    });
    expect(wrongRole.json().errors[0].field).toBe('hostPosition');
    const outside = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.associate.id,
      role: 'clinical',
      endDate: '2030-03-31',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('endDate');
    const notOurs = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.hostStaff.id,
      role: 'clinical',
    });
    expect(notOurs.statusCode).toBe(400);
    expect(notOurs.json().errors[0].field).toBe('staffId');
    const badRole = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.associate.id,
      role: 'cook',
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().errors[0].field).toBe('role');
    const nurse = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch4,
      staffId: w.staff.associate.id,
      role: 'clinical',
      hostInstitutionId: w.hostB.id,
      startDate: '2030-03-08',
    });
    expect(nurse.statusCode).toBe(201);
    const members = await office.get(`/api/v1/dispatch/postings?batchId=${batch4}`);
    expect(members.json().total).toBe(3);
    expect(members.json().items[0].isLeader).toBe(true);
    expect((await office.get(`/api/v1/dispatch/batches/${batch4}`)).json().memberCount).toBe(3);
  });

  it('nobody is posted twice at overlapping times (409)', async () => {
    const twice = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch5,
      staffId: w.staff.chief.id,
      role: 'clinical',
      startDate: '2030-04-01',
    });
    expect(twice.statusCode).toBe(201);
    const overlap = await leadAdmin.patch(`/api/v1/dispatch/postings/${twice.json().id}`, {});
    expect(overlap.statusCode).toBe(200);
    const inBatch4 = await leadAdmin.get(
      `/api/v1/dispatch/postings?batchId=${batch4}&staffId=${w.staff.chief.id}`,
    );
    const id = inBatch4.json().items[0].id;
    // Batch 5 is in April; stretching the March posting is refused by the batch, so post the
    // associate into batch 5 across March instead: the overlap with batch 4 answers 409.
    const b = await leadAdmin.patch(`/api/v1/dispatch/batches/${batch5}`, { startDate: '2030-03-15' });
    expect(b.statusCode).toBe(200);
    const clash = await leadAdmin.post('/api/v1/dispatch/postings', {
      batchId: batch5,
      staffId: w.staff.associate.id,
      role: 'clinical',
      startDate: '2030-03-15',
    });
    expect(clash.statusCode).toBe(409);
    expect(id).toBeTruthy();
    // Shrinking a batch past a member's dates is refused too.
    const shrink = await leadAdmin.patch(`/api/v1/dispatch/batches/${batch4}`, { endDate: '2030-03-10' });
    expect(shrink.statusCode).toBe(409);
    // A batch with members cannot be deleted.
    expect((await leadAdmin.del(`/api/v1/dispatch/batches/${batch4}`)).statusCode).toBe(409);
  });

  it('the host sees who is stationed now and who comes next', async () => {
    const res = await hostAdmin.get('/api/v1/dispatch/host-view');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.today).toBe('2030-03-10');
    expect(view.current.map((x: { staffName: string }) => x.staffName).sort()).toEqual(
      [w.staff.chief.name, w.staff.manager.name].sort(),
    );
    expect(view.upcoming.map((x: { staffName: string }) => x.staffName)).toEqual([w.staff.chief.name]);
    const b = await office.get(`/api/v1/dispatch/host-view?institutionId=${w.hostB.id}`);
    expect(b.json().current.map((x: { staffName: string }) => x.staffName)).toEqual([w.staff.associate.name]);
    expect((await otherOffice.get(`/api/v1/dispatch/host-view?institutionId=${w.hostA.id}`)).statusCode).toBe(
      404,
    );
  });

  it('the roster prints as xlsx; a member leaves the batch', async () => {
    const roster = await hostAdmin.get(`/api/v1/dispatch/batches/${batch4}/roster?lang=en`);
    expect(roster.statusCode).toBe(200);
    expect(roster.headers['content-type']).toContain('spreadsheetml');
    expect((await otherOffice.get(`/api/v1/dispatch/batches/${batch4}/roster`)).statusCode).toBe(404);
    const members = (await office.get(`/api/v1/dispatch/postings?batchId=${batch4}&role=management`)).json();
    expect(members.total).toBe(1);
    const id = members.items[0].id;
    expect((await hostAdmin.del(`/api/v1/dispatch/postings/${id}`)).statusCode).toBe(403);
    expect((await otherOffice.del(`/api/v1/dispatch/postings/${id}`)).statusCode).toBe(404);
    expect((await leadAdmin.del(`/api/v1/dispatch/postings/${id}`)).statusCode).toBe(204);
    expect((await office.get(`/api/v1/dispatch/batches/${batch4}`)).json().memberCount).toBe(2);
  });

  it('every change is in the audit trail', async () => {
    const rows = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('consortiumId', '=', w.consortium.id)
      .where('action', 'like', 'dispatch%')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'dispatch_programme.created',
      'dispatch_batch.created',
      'dispatch_batch.updated',
      'dispatch_posting.created',
      'dispatch_posting.deleted',
    ])
      expect(actions).toContain(a);
  });
});
