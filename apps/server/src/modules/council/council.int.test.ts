import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { buildSeat } from '../../../test/council-factories.js';
import { DATABASES } from '../../../test/db.js';
import { buildUser, buildWorld, PASSWORD, type World } from '../../../test/factories.js';

// 海门's council: the office seats a chair, a vice-chair and two members, drafts the charter and
// puts it to the vote. Too few vote: it returns to draft. Enough vote for: it comes into force,
// and a second version later supersedes it. Outsiders cannot vote, and a closed vote takes no ballots.

describe.each(DATABASES)('council, documents and votes (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let other: World;
  let office: Client;
  let admin: Client;
  let doctor: Client;
  let expert: Client;
  let outsider: Client;
  let otherOffice: Client;
  let charter: string;
  let v1: string;
  let noSeatUserId: string;
  const clock = new Date('2030-03-02T02:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildWorld(t.database.db, '320684');
    other = await buildWorld(t.database.db, '331121');
    const noSeat = await buildUser(t.database.db, 'clinician', {
      consortiumId: w.consortium.id,
      institutionId: w.member.id,
    });
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    admin = await signIn(t.app, w.users.institution_admin.username, PASSWORD);
    doctor = await signIn(t.app, w.users.clinician.username, PASSWORD);
    expert = await signIn(t.app, w.users.dispatched_expert.username, PASSWORD);
    outsider = await signIn(t.app, noSeat.username, PASSWORD);
    noSeatUserId = noSeat.id;
    otherOffice = await signIn(t.app, other.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('the office seats the council; a bad term or a stranger is refused naming the field', async () => {
    const seat = (userId: string, position: string, termEnd: string | null = null) =>
      office.post('/api/v1/council/members', {
        consortiumId: w.consortium.id,
        userId,
        position,
        termStart: '2029-01-01',
        termEnd,
      });
    const backwards = await seat(w.users.clinician.id, 'member', '2028-12-31');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('termEnd');
    const stranger = await seat(other.users.clinician.id, 'member');
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].field).toBe('userId');
    expect((await seat(w.users.consortium_office.id, 'chair')).statusCode).toBe(201);
    expect((await seat(w.users.institution_admin.id, 'vice_chair')).statusCode).toBe(201);
    expect((await seat(w.users.clinician.id, 'member')).statusCode).toBe(201);
    expect((await seat(w.users.dispatched_expert.id, 'member')).statusCode).toBe(201);
    // A secretary whose term ended before the vote: on the roster, not in office.
    await buildSeat(t.database.db, w, { ...w.users.viewer, institutionId: w.member.id }, 'secretary', {
      start: '2020-01-01',
      end: '2024-12-31',
    });
    const current = (
      await admin.get(`/api/v1/council/members?consortiumId=${w.consortium.id}&inOffice=true`)
    ).json();
    expect(current.total).toBe(4);
    expect(current.items[0]).toMatchObject({ position: 'chair', inOffice: true });
    expect(
      (
        await doctor.post('/api/v1/council/members', {
          consortiumId: w.consortium.id,
          userId: w.users.clinician.id,
          position: 'member',
          termStart: '2029-01-01',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await otherOffice.get(`/api/v1/council/members?consortiumId=${w.consortium.id}`)).json().total,
    ).toBe(0);
  });

  it('the charter is drafted; a draft cannot be closed or voted on (409); another consortium sees nothing (404)', async () => {
    const noTitle = await office.post('/api/v1/council/documents', {
      consortiumId: w.consortium.id,
      kind: 'charter',
      title: ' ',
    });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().errors[0].field).toBe('title');
    const res = await office.post('/api/v1/council/documents', {
      consortiumId: w.consortium.id,
      kind: 'charter',
      title: '海门市中医院医联体章程（试行）',
      body: '第一章 总则',
    });
    expect(res.statusCode).toBe(201);
    charter = res.json().id;
    v1 = res.json().versions[0].id;
    expect(res.json()).toMatchObject({ status: 'draft', latestVersionNo: 1, inForceVersionNo: null });
    expect(res.json().versions[0].allowedActions).toEqual(['open_vote']);
    expect((await office.post(`/api/v1/council/versions/${v1}/close_vote`, {})).statusCode).toBe(409);
    expect((await doctor.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' })).statusCode).toBe(
      409,
    );
    expect((await otherOffice.get(`/api/v1/council/documents/${charter}`)).statusCode).toBe(404);
    expect((await otherOffice.post(`/api/v1/council/versions/${v1}/open_vote`, {})).statusCode).toBe(404);
    expect((await doctor.post(`/api/v1/council/versions/${v1}/open_vote`, {})).statusCode).toBe(403);
  });

  it('too few members vote: no quorum, and the charter returns to draft', async () => {
    const opened = await office.post(`/api/v1/council/versions/${v1}/open_vote`, {});
    expect(opened.statusCode).toBe(200);
    expect(opened.json().versions[0]).toMatchObject({ status: 'voting', allowedActions: ['close_vote'] });
    // The members in office are asked to vote; a doctor without a seat is not.
    const asked = async (c: Client) =>
      (await c.get('/api/v1/notifications'))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'council.vote_opened');
    expect(await asked(doctor)).toEqual([
      expect.objectContaining({ title: expect.stringContaining('章程') }),
    ]);
    expect(await asked(outsider)).toEqual([]);
    expect((await office.post(`/api/v1/council/versions/${v1}/open_vote`, {})).statusCode).toBe(409);
    expect((await office.patch(`/api/v1/council/versions/${v1}`, { body: 'x' })).statusCode).toBe(409);
    expect((await doctor.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' })).statusCode).toBe(
      200,
    );
    expect(
      (await admin.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'against' })).statusCode,
    ).toBe(200);
    // Voting twice changes the ballot; it does not add one.
    const again = await admin.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' });
    expect(again.json().versions[0].vote).toMatchObject({
      eligible: 4,
      cast: 2,
      for: 2,
      against: 0,
      myChoice: 'for',
      quorumReached: false,
    });
    expect((await outsider.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' })).statusCode).toBe(
      403,
    );
    expect(
      (await doctor.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'maybe' })).json().errors[0]
        .field,
    ).toBe('choice');
    const closed = (await office.post(`/api/v1/council/versions/${v1}/close_vote`, {})).json();
    expect(closed.versions[0]).toMatchObject({ status: 'draft', vote: { outcome: 'no_quorum' } });
    expect((await doctor.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' })).statusCode).toBe(
      409,
    );
  });

  it('with three of four for, the charter (two thirds for) comes into force', async () => {
    expect(
      (await office.patch(`/api/v1/council/versions/${v1}`, { body: '第一章 总则\n第二章 理事会' }))
        .statusCode,
    ).toBe(200);
    await office.post(`/api/v1/council/versions/${v1}/open_vote`, {});
    for (const c of [doctor, admin, office])
      await c.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' });
    // The open vote waits on the member who has not voted, in their list of work, and on no one else.
    const waiting = async (c: Client) =>
      (await c.get('/api/v1/my-work')).json().items.filter((i: { kind: string }) => i.kind === 'vote');
    expect(await waiting(expert)).toEqual([expect.objectContaining({ id: charter, reason: 'vote_pending' })]);
    expect(await waiting(doctor)).toEqual([]);
    expect(await waiting(outsider)).toEqual([]);
    await expert.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'against' });
    expect(await waiting(expert)).toEqual([]);
    const doc = (await office.post(`/api/v1/council/versions/${v1}/close_vote`, {})).json();
    expect(doc).toMatchObject({ status: 'in_force', inForceVersionNo: 1, effectiveOn: '2030-03-02' });
    expect(doc.versions[0].vote).toMatchObject({ outcome: 'passed', for: 3, against: 1, cast: 4 });
    expect((await expert.post(`/api/v1/council/versions/${v1}/ballot`, { choice: 'for' })).statusCode).toBe(
      409,
    );
    expect((await office.post(`/api/v1/council/versions/${v1}/open_vote`, {})).statusCode).toBe(409);
    expect((await office.patch(`/api/v1/council/versions/${v1}`, { body: 'x' })).statusCode).toBe(409);
    expect((await office.del(`/api/v1/council/documents/${charter}`)).statusCode).toBe(409);
  });

  it('a second version, adopted, supersedes the first; only one version is open at a time', async () => {
    const v2doc = await office.post(`/api/v1/council/documents/${charter}/versions`, {
      body: '修订稿',
      note: '增设秘书',
    });
    expect(v2doc.statusCode).toBe(201);
    const v2 = v2doc.json().versions[0].id;
    expect(
      (await office.post(`/api/v1/council/documents/${charter}/versions`, { body: '再修订' })).statusCode,
    ).toBe(409);
    const pdf = multipart('file', '章程修订稿.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF'));
    expect(
      (await office.inject({ method: 'PUT', url: `/api/v1/council/versions/${v2}/file`, ...pdf })).statusCode,
    ).toBe(200);
    await office.post(`/api/v1/council/versions/${v2}/open_vote`, {});
    for (const c of [doctor, admin, office, expert])
      await c.post(`/api/v1/council/versions/${v2}/ballot`, { choice: 'for' });
    const doc = (await office.post(`/api/v1/council/versions/${v2}/close_vote`, {})).json();
    expect(doc).toMatchObject({ status: 'in_force', inForceVersionNo: 2, latestVersionNo: 2 });
    expect(doc.versions.map((v: { status: string }) => v.status)).toEqual(['in_force', 'superseded']);
    expect(doc.versions[1].supersededOn).toBe('2030-03-02');
    expect(doc.versions[0].file).toMatchObject({ name: '章程修订稿.pdf' });
    expect((await doctor.get(`/api/v1/council/versions/${v2}/file`)).body).toContain('%PDF');
    const trail = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', 'in', [v1, v2])
      .execute();
    const actions = trail.map((a) => a.action);
    expect(actions.filter((a) => a === 'document_vote.cast')).toHaveLength(11);
    expect(actions).toContain('document_version.superseded');
  });

  it('a meeting rule in force is offered to meetings; a stricter rule is kept per kind', async () => {
    const rule = (
      await office.post('/api/v1/council/documents', {
        consortiumId: w.consortium.id,
        kind: 'meeting_rule',
        title: '海门市中医院医联体例会制度（试行）',
        body: '每季度召开一次例会',
      })
    ).json();
    expect(
      (await doctor.get(`/api/v1/council/meeting-rules?consortiumId=${w.consortium.id}`)).json(),
    ).toEqual([]);
    const bad = await office.inject({
      method: 'PUT',
      url: '/api/v1/council/vote-rules',
      payload: {
        consortiumId: w.consortium.id,
        kind: 'meeting_rule',
        rule: { quorumNum: 4, quorumDen: 3, passNum: 1, passDen: 2, passStrict: true },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('rule.quorumNum');
    const all = { quorumNum: 1, quorumDen: 1, passNum: 1, passDen: 2, passStrict: true };
    const set = await office.inject({
      method: 'PUT',
      url: '/api/v1/council/vote-rules',
      payload: { consortiumId: w.consortium.id, kind: 'meeting_rule', rule: all },
    });
    expect(set.json().find((r: { kind: string }) => r.kind === 'meeting_rule')).toMatchObject({
      custom: true,
      rule: all,
    });
    const vid = rule.versions[0].id;
    await office.post(`/api/v1/council/versions/${vid}/open_vote`, {});
    for (const c of [doctor, admin, office])
      await c.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'for' });
    // Three of four voted: enough under the default rule, not under "every member votes".
    expect(
      (await office.post(`/api/v1/council/versions/${vid}/close_vote`, {})).json().versions[0].vote.outcome,
    ).toBe('no_quorum');
    await office.post(`/api/v1/council/versions/${vid}/open_vote`, {});
    for (const c of [doctor, admin, office, expert])
      await c.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'for' });
    await office.post(`/api/v1/council/versions/${vid}/close_vote`, {});
    const rules = (await doctor.get(`/api/v1/council/meeting-rules?consortiumId=${w.consortium.id}`)).json();
    expect(rules).toEqual([
      expect.objectContaining({ documentId: rule.id, versionNo: 1, effectiveOn: '2030-03-02' }),
    ]);
    expect(
      (await otherOffice.get(`/api/v1/council/meeting-rules?consortiumId=${w.consortium.id}`)).json(),
    ).toEqual([]);
    const listed = (
      await admin.get(`/api/v1/council/documents?status=in_force&q=${encodeURIComponent('例会')}`)
    ).json();
    expect(listed.items.map((d: { id: string }) => d.id)).toEqual([rule.id]);
  });

  it('decides in the room: seats without accounts, ballots recorded by the secretary (a proxy too), a correction with its reason; non-voting seats never count', async () => {
    const cid = w.consortium.id;
    const seat = (body: object) =>
      office.post('/api/v1/council/members', { consortiumId: cid, termStart: '2029-01-01', ...body });
    // A head of an institution without any account, named with the institution; without it, 400.
    const named = await seat({ name: '王建国', institutionId: w.member.id, position: 'member' });
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ userId: null, staffId: null, hasAccount: false, voting: true });
    const nowhere = await seat({ name: '赵六', position: 'member' });
    expect(nowhere.json().errors[0].field).toBe('institutionId');
    // A member by their staff record, whose account is linked to that record, not to the seat.
    const staffUser = await buildUser(t.database.db, 'clinician', {
      consortiumId: cid,
      institutionId: w.member.id,
    });
    await t.database.db
      .updateTable('users')
      .set({ staffId: w.memberStaff.id })
      .where('id', '=', staffUser.id)
      .execute();
    const byStaff = await seat({ staffId: w.memberStaff.id, position: 'member' });
    expect(byStaff.json()).toMatchObject({ hasAccount: true, voting: true });
    const staffMember = await signIn(t.app, staffUser.username, PASSWORD);
    // The secretary does not vote unless told so.
    const secSeat = (await seat({ userId: noSeatUserId, position: 'secretary' })).json();
    expect(secSeat.voting).toBe(false);

    const doc = (
      await office.post('/api/v1/council/documents', {
        consortiumId: cid,
        kind: 'agreement',
        title: '医联体双向转诊协议',
        body: '第一条 上转\n第二条 下转',
      })
    ).json();
    const vid = doc.versions[0].id;
    const vote = async () =>
      (await office.get(`/api/v1/council/documents/${doc.id}`)).json().versions[0].vote;
    const record = (memberId: string, choice: string, extra: object = {}) =>
      office.post(`/api/v1/council/versions/${vid}/ballots`, { memberId, choice, ...extra });
    const ids = async () => {
      const roll = (await vote()).roll as { memberId: string; name: string }[];
      return Object.fromEntries(roll.map((r) => [r.memberId, r.name]));
    };
    const waiting = async (c: Client) =>
      (await c.get('/api/v1/my-work')).json().items.filter((i: { kind: string }) => i.kind === 'vote');

    // Round 1: six voting seats (the secretary is not one); three ballots are no quorum (2/3 of 6 is 4).
    await office.post(`/api/v1/council/versions/${vid}/open_vote`, {});
    expect(await vote()).toMatchObject({ eligible: 6, cast: 0 });
    expect(Object.keys(await ids())).toHaveLength(6);
    expect(Object.keys(await ids())).not.toContain(secSeat.id);
    expect(await waiting(staffMember)).toEqual([expect.objectContaining({ id: doc.id })]);
    expect(await waiting(outsider)).toEqual([]);
    expect(
      (await outsider.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'for' })).statusCode,
    ).toBe(403);
    const nonVoting = await record(secSeat.id, 'for');
    expect(nonVoting.statusCode).toBe(400);
    expect(nonVoting.json().errors[0]).toMatchObject({ field: 'memberId' });
    expect(
      (
        await doctor.post(`/api/v1/council/versions/${vid}/ballots`, {
          memberId: named.json().id,
          choice: 'for',
        })
      ).statusCode,
    ).toBe(403);
    expect((await record(named.json().id, 'for', { proxyName: '李明（受王建国委托）' })).statusCode).toBe(
      200,
    );
    await doctor.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'for' });
    const adminSeat = (await vote()).roll.find(
      (r: { name: string }) => r.name === w.users.institution_admin.displayName,
    );
    expect((await record(adminSeat.memberId, 'against')).statusCode).toBe(200);
    expect(await vote()).toMatchObject({ eligible: 6, cast: 3, quorumReached: false });
    let closed = (await office.post(`/api/v1/council/versions/${vid}/close_vote`, {})).json();
    expect(closed.versions[0]).toMatchObject({
      status: 'draft',
      vote: { outcome: 'no_quorum', eligible: 6 },
    });

    // Round 2: four of six vote, two for: quorum, but not more than half for: rejected.
    await office.post(`/api/v1/council/versions/${vid}/open_vote`, {});
    await record(named.json().id, 'for');
    await doctor.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'for' });
    await staffMember.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'against' });
    expect(await waiting(staffMember)).toEqual([]);
    await expert.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'abstain' });
    closed = (await office.post(`/api/v1/council/versions/${vid}/close_vote`, {})).json();
    expect(closed.versions[0].vote).toMatchObject({
      outcome: 'rejected',
      quorumReached: true,
      for: 2,
      cast: 4,
    });

    // Round 3: the expert voted against online by mistake; the secretary corrects it in the room.
    await office.post(`/api/v1/council/versions/${vid}/open_vote`, {});
    await record(named.json().id, 'for', { proxyName: '李明' });
    await doctor.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'for' });
    await staffMember.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'against' });
    await expert.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'against' });
    const expertSeat = (await expert.get(`/api/v1/council/documents/${doc.id}`)).json().versions[0].vote
      .myMemberId;
    const noReason = await record(expertSeat, 'for');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await record(expertSeat, 'for', { reason: '本人当场声明误点反对' })).statusCode).toBe(200);
    // One ballot per seat: the one recorded in the room is not overwritten online.
    const online = await expert.post(`/api/v1/council/versions/${vid}/ballot`, { choice: 'against' });
    expect(online.statusCode).toBe(409);
    expect(online.json().errors[0].field).toBe('choice');
    const open = await vote();
    expect(open).toMatchObject({ cast: 4, for: 3, against: 1, quorumReached: true, passing: true });
    expect(open.ballots.find((b: { memberId: string }) => b.memberId === named.json().id)).toMatchObject({
      method: 'in_room',
      proxyName: '李明',
      recordedBy: w.users.consortium_office.username,
    });
    expect(open.ballots.find((b: { memberId: string }) => b.memberId === expertSeat)).toMatchObject({
      method: 'in_room',
      correctedAt: clock.toISOString(),
    });
    closed = (await office.post(`/api/v1/council/versions/${vid}/close_vote`, {})).json();
    expect(closed).toMatchObject({
      status: 'in_force',
      versions: [{ vote: { outcome: 'passed', eligible: 6 } }],
    });

    const trail = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName', 'before', 'after'])
      .where('entityId', '=', vid)
      .where('action', 'in', ['document_vote.recorded', 'document_vote.corrected'])
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual([
      'document_vote.recorded',
      'document_vote.recorded',
      'document_vote.recorded',
      'document_vote.recorded',
      'document_vote.corrected',
    ]);
    expect(trail.every((a) => a.actorName === w.users.consortium_office.username)).toBe(true);
    expect(trail[4]).toMatchObject({
      before: { memberId: expertSeat, choice: 'against', method: 'online' },
      after: { choice: 'for', method: 'in_room', reason: '本人当场声明误点反对' },
    });
  });
});
