import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { buildCouncilDocument } from '../../../test/council-factories.js';
import { DATABASES } from '../../../test/db.js';
import { PASSWORD } from '../../../test/factories.js';
import {
  buildGovernanceWorld,
  meetingBody,
  type GovernanceWorld,
} from '../../../test/governance-factories.js';

// The 西苑医院山西医院 work-group meeting: the office plans it online and in the room at once,
// invites the work groups, they answer; at the door people sign in with the QR code, the office
// ticks the rest; minutes and resolutions are written, the branch attaches its quarterly report
// made from the template, and the minutes are published. A 例会 series follows the consortium's
// meeting rule in force, and nothing else stands for one.

describe.each(DATABASES)('meetings (%s)', (kind) => {
  let t: TestApp;
  let w: GovernanceWorld;
  let other: GovernanceWorld;
  let office: Client;
  let branchAdmin: Client;
  let branchDoctor: Client;
  let expert: Client;
  let viewer: Client;
  let rule: { id: string; title: string };
  let clock = new Date('2030-11-20T02:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildGovernanceWorld(t.database.db);
    other = await buildGovernanceWorld(t.database.db, '320600');
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    branchAdmin = await signIn(t.app, w.users.branchAdmin.username, PASSWORD);
    branchDoctor = await signIn(t.app, w.users.branchDoctor.username, PASSWORD);
    expert = await signIn(t.app, w.users.expert.username, PASSWORD);
    viewer = await signIn(t.app, w.users.viewer.username, PASSWORD);
    rule = await buildCouncilDocument(t.database.db, w.consortium.id, {
      title: '西苑医院医联体例会制度（试行）',
    });
  });
  afterAll(async () => t?.close());

  it('is planned, answered, signed into, held, minuted and published', async () => {
    const res = await office.post('/api/v1/meetings', meetingBody(w));
    expect(res.statusCode).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({
      status: 'planned',
      mode: 'hybrid',
      invited: 3,
      canManage: true,
      allowedActions: ['start', 'cancel'],
      agenda: [
        { position: 1, title: '工作组总领队讲话' },
        { position: 2, minutes: 60 },
      ],
    });
    // The invitees hear of it and answer.
    const bell = (await branchDoctor.get('/api/v1/notifications')).json();
    expect(JSON.stringify(bell)).toContain('会议邀请');
    expect(
      (await branchDoctor.post(`/api/v1/meetings/${m.id}/rsvp`, { response: 'accepted' })).json(),
    ).toMatchObject({
      myRsvp: 'accepted',
      accepted: 1,
      canManage: false,
      allowedActions: [],
    });
    expect(
      (await expert.post(`/api/v1/meetings/${m.id}/rsvp`, { response: 'declined', note: '在京出诊' }))
        .statusCode,
    ).toBe(200);
    // Someone not invited cannot answer; and an invitee who declined cannot sign in by themselves.
    expect((await viewer.post(`/api/v1/meetings/${m.id}/rsvp`, { response: 'accepted' })).statusCode).toBe(
      403,
    );
    expect((await expert.post(`/api/v1/meetings/${m.id}/sign-in`, {})).statusCode).toBe(409);

    // Only organisers start it; then the office shows a QR code at the door.
    expect((await branchDoctor.post(`/api/v1/meetings/${m.id}/start`, {})).statusCode).toBe(403);
    expect((await office.post(`/api/v1/meetings/${m.id}/start`, {})).json().status).toBe('in_progress');
    const code = (await office.post(`/api/v1/meetings/${m.id}/check-in-code`, {})).json();
    expect(code.path).toBe(`/meetings/${m.id}/check-in?token=${code.token}`);
    expect(code.expiresAt).toBe('2030-11-20T02:10:00.000Z');
    // The doctor scans it; a walk-in (the viewer, not invited) scans it too and joins the list.
    expect(
      (await branchDoctor.post(`/api/v1/meetings/${m.id}/sign-in`, { token: code.token })).json(),
    ).toMatchObject({
      mySignedInAt: clock.toISOString(),
    });
    expect(
      (await viewer.post(`/api/v1/meetings/${m.id}/sign-in`, { token: code.token })).json().invited,
    ).toBe(4);
    // A wrong or stale code names the field.
    const wrong = await branchAdmin.post(`/api/v1/meetings/${m.id}/sign-in`, { token: 'x'.repeat(32) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('token');
    clock = new Date('2030-11-20T02:11:00Z');
    expect(
      (await branchAdmin.post(`/api/v1/meetings/${m.id}/sign-in`, { token: code.token })).statusCode,
    ).toBe(400);
    // The office ticks the branch admin present.
    const ticked = (
      await office.post(`/api/v1/meetings/${m.id}/attendance`, { userId: w.users.branchAdmin.id })
    ).json();
    expect(ticked.signedIn).toBe(3);
    expect(
      ticked.invitations.map((i: { signInMethod: string | null }) => i.signInMethod ?? 'absent').sort(),
    ).toEqual(['absent', 'organizer', 'qr', 'qr']);

    // Publishing needs minutes, and minutes wait for the meeting to be held or under way.
    expect((await office.post(`/api/v1/meetings/${m.id}/publish`, {})).statusCode).toBe(409);
    await office.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${m.id}/minutes`,
      payload: { minutes: '会议务实高效，明确了方向。' },
    });
    const resolved = (
      await office.post(`/api/v1/meetings/${m.id}/resolutions`, { text: '建立问题清单台账制度' })
    ).json();
    expect(resolved.resolutions).toMatchObject([{ position: 1, text: '建立问题清单台账制度' }]);
    expect((await office.post(`/api/v1/meetings/${m.id}/finish`, {})).json().status).toBe('held');

    // The branch attaches its quarterly report from the template, then a scanned copy.
    const tpl = await branchAdmin.get(
      `/api/v1/meetings/${m.id}/report-template?institutionId=${w.branch.id}&period=2030Q4`,
    );
    expect(tpl.statusCode).toBe(200);
    expect(tpl.json().sections.map((x: { key: string }) => x.key)).toEqual([
      'work_done',
      'figures',
      'problems',
      'next_steps',
      'requests',
    ]);
    expect(tpl.json().sections[1].body).toContain('上转患者 0 例');
    const report = await branchAdmin.post(`/api/v1/meetings/${m.id}/reports`, {
      institutionId: w.branch.id,
      period: '2030Q4',
      title: tpl.json().title,
      sections: tpl
        .json()
        .sections.map((x: { key: string; body: string }) => ({ key: x.key, body: x.body || '见附件' })),
    });
    expect(report.statusCode).toBe(201);
    // Another institution's staff cannot report for the branch.
    const foreign = await expert.post(`/api/v1/meetings/${m.id}/reports`, {
      institutionId: w.branch.id,
      period: '2030Q4',
      title: '代报',
      sections: [{ key: 'work_done', body: '无' }],
    });
    expect(foreign.statusCode).toBe(403);
    const pdf = Buffer.from('%PDF-1.4\n季度工作汇报\n%%EOF\n');
    const up = await branchAdmin.inject({
      method: 'POST',
      url: `/api/v1/meeting-reports/${report.json().id}/file`,
      ...multipart('file', '汇报.pdf', 'application/pdf', pdf),
    });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ fileName: '汇报.pdf', fileSize: pdf.length });
    expect(
      (await viewer.get(`/api/v1/meeting-reports/${report.json().id}/file`)).rawPayload.equals(pdf),
    ).toBe(true);

    const published = (await office.post(`/api/v1/meetings/${m.id}/publish`, {})).json();
    expect(published).toMatchObject({ status: 'minutes_published', minutesPublishedAt: clock.toISOString() });
    // Published is final: no second publish, no more resolutions, no cancel.
    expect((await office.post(`/api/v1/meetings/${m.id}/publish`, {})).statusCode).toBe(409);
    expect((await office.post(`/api/v1/meetings/${m.id}/resolutions`, { text: '再议' })).statusCode).toBe(
      409,
    );
    expect((await office.post(`/api/v1/meetings/${m.id}/cancel`, { reason: '误操作' })).statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', m.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'meeting.created',
        'meeting.start',
        'meeting.signed_in',
        'meeting.finish',
        'meeting.publish',
      ]),
    );
  });

  it('refuses bad input, naming the field', async () => {
    const online = await office.post('/api/v1/meetings', meetingBody(w, { mode: 'online', link: null }));
    expect(online.statusCode).toBe(400);
    expect(JSON.stringify(online.json().errors)).toContain('link');
    const backwards = await office.post(
      '/api/v1/meetings',
      meetingBody(w, { endsAt: '2030-11-28T05:00:00Z' }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json().errors)).toContain('endsAt');
    const stranger = await office.post(
      '/api/v1/meetings',
      meetingBody(w, { inviteeUserIds: [other.users.branchDoctor.id] }),
    );
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].field).toBe('inviteeUserIds');
  });

  it('keeps other consortia out (404) and roles without the permission off (403)', async () => {
    const mine = (await office.post('/api/v1/meetings', meetingBody(w))).json();
    const otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
    expect((await otherOffice.get(`/api/v1/meetings/${mine.id}`)).statusCode).toBe(404);
    expect((await otherOffice.post(`/api/v1/meetings/${mine.id}/start`, {})).statusCode).toBe(404);
    expect((await otherOffice.post(`/api/v1/meetings/${mine.id}/sign-in`, {})).statusCode).toBe(404);
    expect((await otherOffice.post('/api/v1/meetings', meetingBody(w))).statusCode).toBe(404);
    expect(
      (await otherOffice.get('/api/v1/meetings')).json().items.map((x: { id: string }) => x.id),
    ).not.toContain(mine.id);
    expect((await viewer.post('/api/v1/meetings', meetingBody(w))).statusCode).toBe(403);
    expect((await viewer.post(`/api/v1/meetings/${mine.id}/cancel`, { reason: '无' })).statusCode).toBe(403);
    // The branch admin organises the branch's own meetings, not the office's.
    expect((await branchAdmin.post(`/api/v1/meetings/${mine.id}/cancel`, { reason: '无' })).statusCode).toBe(
      403,
    );
    const own = await branchAdmin.post(
      '/api/v1/meetings',
      meetingBody(w, { kind: 'regular', title: '医务科例会' }),
    );
    expect(own.statusCode).toBe(201);
    expect(own.json().organizerInstitutionId).toBe(w.branch.id);
    expect(
      (await branchAdmin.post(`/api/v1/meetings/${own.json().id}/cancel`, { reason: '改期' })).json().status,
    ).toBe('cancelled');
    expect((await branchAdmin.post(`/api/v1/meetings/${own.json().id}/start`, {})).statusCode).toBe(409);
  });

  it('plans a quarterly series by its rule, each occurrence once', async () => {
    const series = await office.post('/api/v1/meeting-series', {
      consortiumId: w.consortium.id,
      title: '医联体季度例会',
      kind: 'regular',
      recurrence: 'quarterly',
      dayOfMonth: 15,
      time: '14:30',
      mode: 'in_person',
      room: '海门市中医院会议室',
      ruleDocumentId: rule.id,
      inviteeUserIds: [w.users.branchAdmin.id],
    });
    expect(series.statusCode).toBe(201);
    expect(series.json()).toMatchObject({ ruleDocumentId: rule.id, ruleTitle: rule.title });
    // A weekly series needs its weekday, named in the answer.
    const weekly = await office.post('/api/v1/meeting-series', {
      consortiumId: w.consortium.id,
      title: '周例会',
      kind: 'regular',
      recurrence: 'weekly',
      time: '08:00',
      mode: 'online',
      link: 'https://meeting.example.cn/j/1',
    });
    expect(weekly.statusCode).toBe(400);
    expect(weekly.json().errors[0].field).toBe('weekday');
    const gen = await office.post(`/api/v1/meeting-series/${series.json().id}/generate`, {
      until: '2031-11-19',
    });
    // From 20 Nov 2030: 15 Jan, 15 Apr, 15 Jul and 15 Oct 2031.
    expect(gen.json()).toEqual({ created: 4 });
    expect(
      (
        await office.post(`/api/v1/meeting-series/${series.json().id}/generate`, { until: '2031-11-19' })
      ).json(),
    ).toEqual({ created: 0 });
    const list = (await branchAdmin.get(`/api/v1/meetings?seriesId=${series.json().id}&mine=1`)).json();
    expect(list.total).toBe(4);
    expect(list.items.map((x: { startsAt: string }) => x.startsAt).sort()[0]).toBe(
      '2031-01-15T06:30:00.000Z',
    );
    expect(list.items[0]).toMatchObject({
      ruleDocumentId: rule.id,
      ruleTitle: rule.title,
      seriesTitle: '医联体季度例会',
    });
    const listed = (await office.get(`/api/v1/meeting-series?consortiumId=${w.consortium.id}`)).json();
    expect(listed.find((x: { id: string }) => x.id === series.json().id)).toMatchObject({
      ruleTitle: rule.title,
    });
  });

  it('follows a meeting rule in force of its own consortium, and refuses any other naming ruleDocumentId', async () => {
    const followed = await office.post(
      '/api/v1/meetings',
      meetingBody(w, { kind: 'regular', ruleDocumentId: rule.id }),
    );
    expect(followed.statusCode).toBe(201);
    expect(followed.json()).toMatchObject({ ruleDocumentId: rule.id, ruleTitle: rule.title });
    expect((await viewer.get(`/api/v1/meetings/${followed.json().id}`)).json().ruleTitle).toBe(rule.title);

    // Another consortium's rule, a charter in force, a rule still in draft, and a free string.
    const foreign = await buildCouncilDocument(t.database.db, other.consortium.id);
    const charter = await buildCouncilDocument(t.database.db, w.consortium.id, {
      kind: 'charter',
      title: '医联体章程',
    });
    const draft = await buildCouncilDocument(t.database.db, w.consortium.id, { status: 'draft' });
    const seriesBody = (ruleDocumentId: string) => ({
      consortiumId: w.consortium.id,
      title: '月度例会',
      kind: 'regular',
      recurrence: 'monthly',
      dayOfMonth: 5,
      time: '09:00',
      mode: 'online',
      link: 'https://meeting.example.cn/j/2',
      ruleDocumentId,
    });
    for (const bad of [foreign.id, charter.id, draft.id, 'rule-doc-1']) {
      for (const res of [
        await office.post('/api/v1/meetings', meetingBody(w, { ruleDocumentId: bad })),
        await office.post('/api/v1/meeting-series', seriesBody(bad)),
        await office.patch(`/api/v1/meetings/${followed.json().id}`, { ruleDocumentId: bad }),
      ]) {
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors[0].field).toBe('ruleDocumentId');
      }
    }

    // A meeting planned without a rule takes one later, and lets it go; each change is audited.
    const plain = (await office.post('/api/v1/meetings', meetingBody(w))).json();
    expect(plain).toMatchObject({ ruleDocumentId: null, ruleTitle: null });
    const linked = await office.patch(`/api/v1/meetings/${plain.id}`, { ruleDocumentId: rule.id });
    expect(linked.json()).toMatchObject({ ruleDocumentId: rule.id, ruleTitle: rule.title });
    const unlinked = await office.patch(`/api/v1/meetings/${plain.id}`, { ruleDocumentId: null });
    expect(unlinked.json()).toMatchObject({ ruleDocumentId: null, ruleTitle: null });
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'after'])
      .where('entityId', 'in', [followed.json().id, plain.id])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'meeting.created',
      'meeting.created',
      'meeting.updated',
      'meeting.updated',
    ]);
    expect(audit.map((a) => (a.after as { ruleDocumentId: string | null }).ruleDocumentId)).toEqual([
      rule.id,
      null,
      rule.id,
      null,
    ]);
  });
});
