import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildStaff,
  PASSWORD,
  residentId,
  type ReferralWorld,
} from '../../../test/factories.js';
import { sweepConsultationDeadlines } from './consultation.service.js';

// A township health centre asks the lead hospital's centre for a remote consultation; the centre
// accepts, assigns experts, holds the video session, writes and signs the opinion; the requester
// reads and rates it. A remote ECG reading goes straight from acceptance to its report.

const patient = (n: number) => {
  const { idNumber, birthDate } = residentId(n);
  return { name: `会诊患者${n}`, sex: 'male', birthDate, idType: 'resident_id', idNumber };
};

describe.each(DATABASES)('remote consultation (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let other: ReferralWorld;
  let township: Client;
  let center: Client;
  let experts: string[];
  let clock = new Date('2030-05-06T01:00:00Z');

  beforeAll(async () => {
    t = await buildTestApp(kind);
    t.app.services.now = () => clock;
    w = await buildReferralWorld(t.database.db);
    other = await buildReferralWorld(t.database.db, '331121');
    township = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    center = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    experts = [
      (
        await buildStaff(t.database.db, w.city.id, {
          departmentId: w.cardiology.id,
          title: 'chief_physician',
        })
      ).id,
      (
        await buildStaff(t.database.db, w.city.id, {
          departmentId: w.cardiology.id,
          title: 'associate_chief_physician',
        })
      ).id,
    ];
  });
  afterAll(async () => t?.close());

  const ask = (n: number, over: Record<string, unknown> = {}) =>
    township.post('/api/v1/consultations', {
      kind: 'consultation',
      centerInstitutionId: w.city.id,
      centerDepartmentId: w.cardiology.id,
      patient: patient(n),
      icd10Code: 'I50.9',
      caseSummary: '反复胸闷气短半年，加重一周',
      question: '是否需要调整抗心衰方案，能否基层继续治疗',
      ...over,
    });

  it('goes requested → accepted → scheduled → reported → completed, and the requester rates it', async () => {
    const res = await ask(1);
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'requested',
      code: expect.stringMatching(/^HZ\d{8}-\d{6}$/),
      deadlineAt: '2030-05-07T01:00:00.000Z',
      allowedActions: ['cancel'],
    });
    const pdf = Buffer.from('%PDF-1.4\n心脏超声报告\n%%EOF\n');
    expect(
      (
        await township.inject({
          method: 'POST',
          url: `/api/v1/consultations/${c.id}/attachments`,
          ...multipart('file', '心超.pdf', 'application/pdf', pdf),
        })
      ).statusCode,
    ).toBe(201);

    const wrongExpert = await center.post(`/api/v1/consultations/${c.id}/accept`, {
      expertStaffIds: [w.users.countyDoctor.id],
    });
    expect(wrongExpert.json().errors[0].field).toBe('expertStaffIds');
    const accepted = await center.post(`/api/v1/consultations/${c.id}/accept`, { expertStaffIds: experts });
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      experts: [{ title: 'chief_physician' }, { title: 'associate_chief_physician' }],
    });
    const badLink = await center.post(`/api/v1/consultations/${c.id}/schedule`, {
      scheduledAt: '2030-05-06T07:00:00Z',
      videoLink: 'javascript:alert(1)',
    });
    expect(badLink.json().errors[0].field).toBe('videoLink');
    const scheduled = await center.post(`/api/v1/consultations/${c.id}/schedule`, {
      scheduledAt: '2030-05-06T07:00:00Z',
      videoLink: 'https://meet.example.cn/room/42',
    });
    expect(scheduled.json()).toMatchObject({
      status: 'scheduled',
      videoLink: 'https://meet.example.cn/room/42',
    });
    expect((await center.post(`/api/v1/consultations/${c.id}/sign`, {})).statusCode).toBe(409); // nothing to sign yet
    clock = new Date('2030-05-06T07:40:00Z');
    await center.post(`/api/v1/consultations/${c.id}/report`, {
      opinion: '考虑射血分数降低的心衰，建议加用沙库巴曲缬沙坦，两周后复查',
    });
    expect((await township.post(`/api/v1/consultations/${c.id}/sign`, {})).statusCode).toBe(403);
    const signed = await center.post(`/api/v1/consultations/${c.id}/sign`, {});
    expect(signed.json()).toMatchObject({
      status: 'completed',
      signedBy: w.users.cityDoctor.displayName,
      turnaroundMinutes: 400,
    });

    const seen = (await township.get(`/api/v1/consultations/${c.id}`)).json();
    expect(seen).toMatchObject({
      opinion: expect.stringContaining('沙库巴曲缬沙坦'),
      allowedActions: ['rate'],
    });
    expect(
      (await township.post(`/api/v1/consultations/${c.id}/rate`, { rating: 6 })).json().errors[0].field,
    ).toBe('rating');
    expect(
      (
        await township.post(`/api/v1/consultations/${c.id}/rate`, { rating: 5, comment: '意见明确，及时' })
      ).json(),
    ).toMatchObject({ rating: 5, allowedActions: [] });
    expect((await township.post(`/api/v1/consultations/${c.id}/rate`, { rating: 1 })).statusCode).toBe(409);
  });

  it('a remote ECG reading is reported without a session, and its turnaround counts', async () => {
    clock = new Date('2030-05-07T01:00:00Z');
    const c = (await ask(2, { kind: 'ecg_reading', question: '心电图判读' })).json();
    await center.post(`/api/v1/consultations/${c.id}/accept`, { expertStaffIds: [experts[0]] });
    clock = new Date('2030-05-07T01:20:00Z');
    await center.post(`/api/v1/consultations/${c.id}/report`, { opinion: '窦性心律，ST段未见明显改变' });
    expect((await center.post(`/api/v1/consultations/${c.id}/sign`, {})).json().turnaroundMinutes).toBe(20);
    const figures = (await township.get('/api/v1/consultation-figures?from=2030-05-01&to=2030-05-31')).json();
    expect(figures).toEqual([
      { kind: 'consultation', requested: 1, completed: 1, medianTurnaroundMinutes: 400, averageRating: 5 },
      { kind: 'ecg_reading', requested: 1, completed: 1, medianTurnaroundMinutes: 20, averageRating: null },
    ]);
  });

  it('a request nobody accepts fails at its deadline, once', async () => {
    clock = new Date('2030-05-08T01:00:00Z');
    const c = (await ask(3)).json();
    clock = new Date('2030-05-09T01:00:01Z');
    expect(await sweepConsultationDeadlines(t.app.services)).toBe(1);
    expect(await sweepConsultationDeadlines(t.app.services)).toBe(0);
    expect((await township.get(`/api/v1/consultations/${c.id}`)).json().status).toBe('failed');
    expect(
      (await center.post(`/api/v1/consultations/${c.id}/accept`, { expertStaffIds: experts })).statusCode,
    ).toBe(409);
  });

  it('takes documents only from the staff of the two institutions: a viewer or the office gets 403 and nothing is written', async () => {
    const c = (await ask(6)).json();
    const db = t.database.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('consultationAttachments')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('consultationId', '=', c.id)
            .executeTakeFirstOrThrow()
        ).n,
      ) +
      Number(
        (
          await db
            .selectFrom('auditLog')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('entityId', '=', c.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const files = t.app.services.files;
    const put = files.put;
    let stored = 0;
    files.put = (...args) => (stored++, put(...args));
    try {
      const before = await count();
      const pdf = Buffer.from('%PDF-1.4\n伪造的检查报告\n%%EOF\n');
      // The requesting county's viewer, and the office (whose account sits at the centre).
      for (const username of [w.users.countyViewer.username, w.users.office.username]) {
        const reader = await signIn(t.app, username, PASSWORD);
        const res = await reader.inject({
          method: 'POST',
          url: `/api/v1/consultations/${c.id}/attachments`,
          ...multipart('file', '报告.pdf', 'application/pdf', pdf),
        });
        expect({ username, status: res.statusCode }).toEqual({ username, status: 403 });
      }
      expect(await count()).toBe(before);
      expect(stored).toBe(0);
      // The two institutions' own clinicians still attach.
      const ok = await center.inject({
        method: 'POST',
        url: `/api/v1/consultations/${c.id}/attachments`,
        ...multipart('file', '报告.pdf', 'application/pdf', pdf),
      });
      expect(ok.statusCode).toBe(201);
    } finally {
      files.put = put;
    }
  });

  it('the office asks for a member it names: the member requests, the office acted, audited as such; never for a non-member', async () => {
    const office = await signIn(t.app, w.users.office.username, PASSWORD);
    const body = {
      kind: 'consultation',
      centerInstitutionId: w.city.id,
      patient: patient(30),
      caseSummary: '反复胸闷气短半年',
      question: '下一步治疗方案',
    };
    const none = await office.post('/api/v1/consultations', body);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('requestingInstitutionId');
    const outsider = await office.post('/api/v1/consultations', {
      ...body,
      requestingInstitutionId: other.county.id,
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0].field).toBe('requestingInstitutionId');
    const asOther = await township.post('/api/v1/consultations', {
      ...body,
      requestingInstitutionId: w.city.id,
    });
    expect(asOther.statusCode).toBe(403);
    expect(asOther.json().errors[0].field).toBe('requestingInstitutionId');

    const res = await office.post('/api/v1/consultations', { ...body, requestingInstitutionId: w.county.id });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      requestingInstitutionId: w.county.id,
      requestedBy: w.users.office.displayName,
      onBehalf: true,
      allowedActions: ['cancel'],
    });
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'institutionId', 'after'])
      .where('action', '=', 'consultation.created')
      .where('entityId', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actorId: w.users.office.id,
      institutionId: w.county.id,
      after: { onBehalfOf: w.county.id },
    });
    // The member's staff see it as theirs and may act on it; the office lists what it asked for.
    expect((await township.get(`/api/v1/consultations/${c.id}`)).json().allowedActions).toEqual(['cancel']);
    const asked = (await office.get('/api/v1/consultations?box=requested')).json();
    expect(asked.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(
      (await office.post(`/api/v1/consultations/${c.id}/cancel`, { reason: '已转诊' })).json().status,
    ).toBe('cancelled');
  });

  it('refuses bad requests and keeps other consortia out', async () => {
    expect((await ask(4, { centerInstitutionId: w.county.id })).json().errors[0].field).toBe(
      'centerInstitutionId',
    );
    expect((await ask(4, { centerDepartmentId: w.countyMedicine.id })).json().errors[0].field).toBe(
      'centerDepartmentId',
    );
    expect((await ask(4, { kind: 'telepathy' })).json().errors[0].field).toBe('kind');
    expect((await ask(4, { centerInstitutionId: other.city.id })).json().errors[0].field).toBe(
      'centerInstitutionId',
    );
    const c = (await ask(5)).json();
    const outsider = await signIn(t.app, other.users.cityDoctor.username, PASSWORD);
    for (const [method, url, payload] of [
      ['GET', `/api/v1/consultations/${c.id}`],
      ['POST', `/api/v1/consultations/${c.id}/accept`, { expertStaffIds: experts }],
      ['POST', `/api/v1/consultations/${c.id}/cancel`, { reason: 'x' }],
      ['GET', `/api/v1/consultations/${c.id}/attachments`],
    ] as const) {
      expect((await outsider.inject({ method, url, payload: payload as never })).statusCode).toBe(404);
    }
    expect((await outsider.get('/api/v1/consultations')).json().total).toBe(0);
    expect(
      (await township.post(`/api/v1/consultations/${c.id}/cancel`, { reason: '患者已转上级医院' })).json()
        .status,
    ).toBe('cancelled');
  });
});
