import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildInstitution,
  buildReferralWorld,
  buildSlots,
  buildUser,
  PASSWORD,
  referralBody,
  residentId,
  type ReferralWorld,
} from '../../../test/factories.js';

// 叙永县人民医院 refers a patient up to 西南医科大学附属医院 and the city hospital sends another
// down for rehabilitation, each followed to its end.

describe.each(DATABASES)('two-way referral, start to end (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let county: Client;
  let city: Client;
  let viewer: Client;
  let office: Client;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    county = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    city = await signIn(t.app, w.users.cityDoctor.username, PASSWORD);
    viewer = await signIn(t.app, w.users.countyViewer.username, PASSWORD);
    office = await signIn(t.app, w.users.office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('up: requested → received → accepted → booked → in progress → completed, with a receipt to the sender', async () => {
    const [slot] = await buildSlots(t.database.db, w, 1, 2);
    const sent = await county.post(
      '/api/v1/referrals',
      referralBody({ institutionId: w.city.id, departmentId: w.cardiology.id }, 1),
    );
    expect(sent.statusCode).toBe(201);
    const r = sent.json();
    expect(r).toMatchObject({
      status: 'requested',
      direction: 'up',
      code: expect.stringMatching(/^ZZ\d{8}-\d{6}$/),
      allowedActions: ['cancel'],
    });
    expect(r.deadlineAt).toBeTruthy();
    expect(r.patient).toMatchObject({
      idNumber: expect.stringMatching(/^510\*+\d{3}[\dX]$/),
      phone: '138****5678',
      masked: true,
    });

    const inbox = (await city.get('/api/v1/referrals?box=inbox')).json();
    expect(inbox.items.map((x: { id: string }) => x.id)).toContain(r.id);
    expect((await city.get(`/api/v1/referrals/${r.id}`)).json().allowedActions).toEqual([
      'receive',
      'accept',
      'reject',
    ]);

    expect((await city.post(`/api/v1/referrals/${r.id}/receive`, {})).json().status).toBe('received');
    const accepted = await city.post(`/api/v1/referrals/${r.id}/accept`, { note: '同意接收' });
    expect(accepted.json()).toMatchObject({ status: 'accepted', deadlineAt: null });
    const booked = await city.post(`/api/v1/referrals/${r.id}/book`, { slotId: slot!.id });
    expect(booked.json()).toMatchObject({
      status: 'booked',
      booking: { slotId: slot!.id, date: '2030-01-02', kind: 'clinic' },
    });
    expect((await city.post(`/api/v1/referrals/${r.id}/arrive`, {})).json().status).toBe('in_progress');
    const done = await city.post(`/api/v1/referrals/${r.id}/complete`, {
      dischargeSummary: 'PCI术后，病情稳定，建议下转康复',
    });
    expect(done.json()).toMatchObject({
      status: 'completed',
      receiptAt: expect.any(String),
      allowedActions: [],
    });

    const seen = (await county.get(`/api/v1/referrals/${r.id}`)).json();
    expect(seen).toMatchObject({ status: 'completed', dischargeSummary: 'PCI术后，病情稳定，建议下转康复' });
    const timeline = (await county.get(`/api/v1/referrals/${r.id}/events`)).json();
    expect(timeline.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'submit',
      'receive',
      'accept',
      'book',
      'arrive',
      'complete',
    ]);
    const notes = (await county.get('/api/v1/notifications')).json();
    expect(notes.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['referral.accept', 'referral.book', 'referral.complete']),
    );
    expect((await office.get(`/api/v1/referrals/${r.id}`)).statusCode).toBe(200);
  });

  it('down: carries a plan, and the primary institution records its follow-ups', async () => {
    const noPlan = await city.post('/api/v1/referrals', {
      ...referralBody({ institutionId: w.county.id }, 2),
      direction: 'down',
    });
    expect(noPlan.statusCode).toBe(400);
    expect(noPlan.json().errors[0].field).toBe('plan');
    const res = await city.post('/api/v1/referrals', {
      ...referralBody({ institutionId: w.county.id, departmentId: w.countyMedicine.id }, 2),
      direction: 'down',
      icd10Code: 'I69.3',
      diagnosisName: '脑梗死后遗症',
      plan: '康复训练，每两周随访一次',
      followUps: [
        { title: '出院后两周随访血压与肢体功能', dueOn: '2030-01-15' },
        { title: '出院后一月复查', dueOn: '2030-02-01' },
      ],
    });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect((await county.get('/api/v1/follow-ups?done=false')).json().total).toBe(0); // not before acceptance
    await county.post(`/api/v1/referrals/${r.id}/accept`, {});
    await county.post(`/api/v1/referrals/${r.id}/arrive`, {});
    await county.post(`/api/v1/referrals/${r.id}/complete`, { dischargeSummary: '已收治，转入康复随访' });
    const tasks = (await county.get('/api/v1/follow-ups?done=false')).json();
    expect(tasks.items.map((x: { title: string }) => x.title)).toEqual([
      '出院后两周随访血压与肢体功能',
      '出院后一月复查',
    ]);
    expect(
      (await city.post(`/api/v1/follow-ups/${tasks.items[0].id}/complete`, { note: 'x' })).statusCode,
    ).toBe(403);
    const doneTask = await county.post(`/api/v1/follow-ups/${tasks.items[0].id}/complete`, {
      note: '血压控制良好',
    });
    expect(doneTask.json()).toMatchObject({ doneAt: expect.any(String), note: '血压控制良好' });
    expect((await county.post(`/api/v1/follow-ups/${tasks.items[0].id}/complete`, {})).statusCode).toBe(409);
  });

  it('refuses forbidden transitions with 409 naming the state, and the wrong side with 403', async () => {
    const r = (await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 3))).json();
    const early = await city.post(`/api/v1/referrals/${r.id}/complete`, { dischargeSummary: 'x' });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/requested/);
    expect((await city.post(`/api/v1/referrals/${r.id}/arrive`, {})).statusCode).toBe(409);
    expect((await county.post(`/api/v1/referrals/${r.id}/accept`, {})).statusCode).toBe(403); // the sender cannot accept
    expect((await viewer.post(`/api/v1/referrals/${r.id}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    const rejected = await city.post(`/api/v1/referrals/${r.id}/reject`, {
      reason: '专科床位已满，建议转其他医院',
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      rejectReason: '专科床位已满，建议转其他医院',
    });
    expect((await city.post(`/api/v1/referrals/${r.id}/accept`, {})).statusCode).toBe(409);
    expect((await county.post(`/api/v1/referrals/${r.id}/cancel`, { reason: 'x' })).statusCode).toBe(409);
    const noReason = await city.post(`/api/v1/referrals/${r.id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
  });

  it('a draft waits until it is sent; the sender may cancel, which frees a booked slot', async () => {
    const [slot] = await buildSlots(t.database.db, w, 1, 1, '2030-01-03');
    const draft = (
      await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 4, { submit: false }))
    ).json();
    expect(draft).toMatchObject({ status: 'draft', deadlineAt: null, allowedActions: ['submit', 'cancel'] });
    expect(
      (await city.get('/api/v1/referrals?box=inbox')).json().items.map((x: { id: string }) => x.id),
    ).not.toContain(draft.id);
    await county.post(`/api/v1/referrals/${draft.id}/submit`, {});
    await city.post(`/api/v1/referrals/${draft.id}/accept`, {});
    await city.post(`/api/v1/referrals/${draft.id}/book`, { slotId: slot!.id });
    expect(
      (
        await t.database.db
          .selectFrom('capacitySlots')
          .select('booked')
          .where('id', '=', slot!.id)
          .executeTakeFirstOrThrow()
      ).booked,
    ).toBe(1);
    expect(
      (await county.post(`/api/v1/referrals/${draft.id}/cancel`, { reason: '患者家属要求就近治疗' })).json()
        .status,
    ).toBe('cancelled');
    expect(
      (
        await t.database.db
          .selectFrom('capacitySlots')
          .select('booked')
          .where('id', '=', slot!.id)
          .executeTakeFirstOrThrow()
      ).booked,
    ).toBe(0);
  });

  it('a slot of capacity 3 takes three bookings and refuses the fourth', async () => {
    const [slot] = await buildSlots(t.database.db, w, 1, 3, '2030-01-04');
    const codes: number[] = [];
    for (let n = 0; n < 4; n++) {
      const r = (
        await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 40 + n))
      ).json();
      await city.post(`/api/v1/referrals/${r.id}/accept`, {});
      codes.push((await city.post(`/api/v1/referrals/${r.id}/book`, { slotId: slot!.id })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 409]);
    const full = (
      await city.get(
        `/api/v1/capacity?departmentId=${w.cardiology.id}&available=true&from=2030-01-04&to=2030-01-04`,
      )
    ).json();
    expect(full.items.map((x: { id: string }) => x.id)).not.toContain(slot!.id);
  });

  it('a department publishes a slot once per day, kind and label', async () => {
    const admin = await signIn(t.app, w.users.cityAdmin.username, PASSWORD);
    const slot = {
      departmentId: w.cardiology.id,
      date: '2030-01-21',
      kind: 'clinic',
      label: '上午专家号',
      capacity: 3,
    };
    expect((await admin.post('/api/v1/capacity', slot)).statusCode).toBe(201);
    expect((await admin.post('/api/v1/capacity', slot)).statusCode).toBe(409);
    expect((await admin.post('/api/v1/capacity', { ...slot, label: '下午专家号' })).statusCode).toBe(201);
    expect((await county.post('/api/v1/capacity', { ...slot, label: '夜间' })).statusCode).toBe(403);
  });

  it('validates the patient, the diagnosis and the receiver', async () => {
    const bad = referralBody({ institutionId: w.city.id }, 5);
    const wrongCheck = await county.post('/api/v1/referrals', {
      ...bad,
      patient: {
        ...bad.patient,
        idNumber: `${bad.patient.idNumber.slice(0, 17)}${bad.patient.idNumber.endsWith('0') ? '1' : '0'}`,
      },
    });
    expect(wrongCheck.statusCode).toBe(400);
    expect(wrongCheck.json().errors[0].field).toBe('patient.idNumber');
    const wrongBirth = await county.post('/api/v1/referrals', {
      ...bad,
      patient: { ...bad.patient, birthDate: '1999-01-01' },
    });
    expect(wrongBirth.json().errors[0].field).toBe('patient.birthDate');
    const icd = await county.post('/api/v1/referrals', { ...bad, icd10Code: 'heart attack' });
    expect(icd.json().errors[0].field).toBe('icd10Code');
    const green = await county.post('/api/v1/referrals', { ...bad, urgency: 'green_channel' });
    expect(green.json().errors[0].field).toBe('greenCategory');
    const self = await county.post('/api/v1/referrals', { ...bad, toInstitutionId: w.county.id });
    expect(self.json().errors[0].field).toBe('toInstitutionId');
    const dept = await county.post('/api/v1/referrals', { ...bad, toDepartmentId: w.countyMedicine.id });
    expect(dept.json().errors[0].field).toBe('toDepartmentId');
    expect((await viewer.post('/api/v1/referrals', bad)).statusCode).toBe(403);
    const passport = await county.post('/api/v1/referrals', {
      ...bad,
      patient: { ...bad.patient, idType: 'passport', idNumber: 'E12345678' },
    });
    expect(passport.statusCode).toBe(201);
  });

  it('shows the full identity only to the sending and receiving staff, and audits each look', async () => {
    const r = (await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 6))).json();
    const full = await city.post(`/api/v1/referrals/${r.id}/reveal`);
    expect(full.json()).toEqual({
      idNumber: residentId(6).idNumber,
      phone: '13812345678',
      insuranceNo: 'YB6',
    });
    expect((await office.post(`/api/v1/referrals/${r.id}/reveal`)).statusCode).toBe(403);
    const trail = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityId', '=', r.id)
      .where('action', '=', 'referral.identity_revealed')
      .execute();
    expect(trail).toEqual([{ action: 'referral.identity_revealed', actorId: w.users.cityDoctor.id }]);
    const list = (await office.get('/api/v1/referrals?pageSize=200')).json();
    for (const item of list.items) expect(item.patient.idNumber).toMatch(/\*/);
  });

  it("keeps a registered patient's identity: another name answers 409 until the sender confirms the registered one", async () => {
    const db = t.database.db;
    const first = (
      await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 60))
    ).json();
    await city.post(`/api/v1/referrals/${first.id}/accept`, {});
    await city.post(`/api/v1/referrals/${first.id}/arrive`, {});
    await city.post(`/api/v1/referrals/${first.id}/complete`, { dischargeSummary: '好转出院' });
    const registered = () =>
      db
        .selectFrom('patients')
        .select(['name', 'sex', 'birthDate', 'phone'])
        .where('idNumber', '=', residentId(60).idNumber)
        .executeTakeFirstOrThrow();
    const before = await registered();

    const other = referralBody({ institutionId: w.city.id }, 60, { submit: false });
    const renamed = {
      ...other,
      patient: { ...other.patient, name: '王小明', sex: 'female', phone: '13900001111' },
    };
    const refused = await county.post('/api/v1/referrals', renamed);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().errors).toEqual([
      { field: 'patient.name', message: expect.stringContaining('患**0') },
      { field: 'patient.sex', message: expect.stringContaining('male') },
    ]);
    expect(refused.body).not.toContain('患者60');

    // The form asks as soon as the number is complete: the county treated this patient, so it sees
    // the masked name, sex and birth year; the lookup is audited.
    const lookup = await county.post('/api/v1/patients/lookup', {
      idType: 'resident_id',
      idNumber: residentId(60).idNumber,
      toInstitutionId: w.city.id,
    });
    expect(lookup.json()).toEqual({
      registered: true,
      details: { name: '患**0', sex: 'male', birthYear: Number(residentId(60).birthDate.slice(0, 4)) },
    });
    const looks = await db
      .selectFrom('auditLog')
      .select(['actorId', 'after'])
      .where('action', '=', 'patient.looked_up')
      .where('actorId', '=', w.users.countyDoctor.id)
      .execute();
    expect(looks).toHaveLength(1);
    expect(JSON.stringify(looks)).not.toContain(residentId(60).idNumber);

    const confirmed = await county.post('/api/v1/referrals', { ...renamed, confirmRegisteredPatient: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json().patient).toMatchObject({ name: '患者60', sex: 'male' });
    expect(await registered()).toEqual(before);
    expect((await county.get(`/api/v1/referrals/${first.id}`)).json().patient).toMatchObject({
      name: '患者60',
      sex: 'male',
      phone: '138****5678',
    });
  });

  it("changes a patient's identity only by an audited edit of staff who treated them; earlier referrals keep what was true", async () => {
    const db = t.database.db;
    const first = (
      await county.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 61))
    ).json();
    const patientId = first.patient.id as string;
    expect(patientId).toMatch(/^[0-9a-f-]{36}$/);

    // Staff of an institution of the same consortium that never treated the patient: nothing to see.
    const unrelated = await buildInstitution(db, { consortiumId: w.consortium.id, regionCode: '510524' });
    const stranger = await signIn(
      t.app,
      (await buildUser(db, 'clinician', { consortiumId: w.consortium.id, institutionId: unrelated.id }))
        .username,
      PASSWORD,
    );
    const change = { name: '患者六十一', reason: '户籍登记更正' };
    expect((await stranger.patch(`/api/v1/patients/${patientId}`, change)).statusCode).toBe(404);
    const strangerLookup = await stranger.post('/api/v1/patients/lookup', {
      idType: 'resident_id',
      idNumber: residentId(61).idNumber,
    });
    expect(strangerLookup.json()).toEqual({ registered: true, details: null });
    // The office and a viewer see the referral but are not treating staff.
    expect((await office.patch(`/api/v1/patients/${patientId}`, change)).statusCode).toBe(403);
    expect((await viewer.patch(`/api/v1/patients/${patientId}`, change)).statusCode).toBe(403);
    expect((await city.patch(`/api/v1/patients/${patientId}`, { name: 'x' })).json().errors[0].field).toBe(
      'reason',
    );

    // The receiving doctor corrects the name: audited with before and after, numbers masked.
    const edited = await city.patch(`/api/v1/patients/${patientId}`, change);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '患者六十一', idNumber: expect.stringMatching(/\*/) });
    const trail = await db
      .selectFrom('auditLog')
      .select(['actorId', 'before', 'after'])
      .where('action', '=', 'patient.updated')
      .where('entityId', '=', patientId)
      .execute();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actorId: w.users.cityDoctor.id,
      before: { name: '患者61' },
      after: { name: '患者六十一', reason: '户籍登记更正' },
    });
    expect(JSON.stringify(trail[0])).not.toContain(residentId(61).idNumber);

    expect((await county.get(`/api/v1/referrals/${first.id}`)).json().patient.name).toBe('患者61');
    const later = (
      await county.post('/api/v1/referrals', {
        ...referralBody({ institutionId: w.city.id }, 61),
        patient: { ...referralBody({ institutionId: w.city.id }, 61).patient, name: '患者六十一' },
      })
    ).json();
    expect(later.patient.name).toBe('患者六十一');
    expect((await county.get(`/api/v1/referrals/${first.id}`)).json().patient.name).toBe('患者61');
  });

  it('searches the ICD-10 list in Chinese and by code', async () => {
    expect((await county.get(`/api/v1/icd10?q=${encodeURIComponent('脑梗')}`)).json()).toEqual(
      expect.arrayContaining([{ code: 'I63.9', name: '脑梗死' }]),
    );
    expect((await county.get('/api/v1/icd10?q=I21')).json()[0]).toEqual({
      code: 'I21.9',
      name: '急性心肌梗死',
    });
  });
});
