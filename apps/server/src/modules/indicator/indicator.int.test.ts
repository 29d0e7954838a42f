import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildReferralWorld, buildUser, PASSWORD, type ReferralWorld } from '../../../test/factories.js';

// The 叙永 county hospital reports its quarter; the office of the consortium reviews it. Approved
// figures are locked, and a value that jumps by more than half needs a note.

describe.each(DATABASES)('reported indicator data (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let office: Client;
  let countyAdmin: Client;
  let countyViewer: Client;
  let otherOffice: Client;
  let q1: string;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildReferralWorld(t.database.db);
    const other = await buildReferralWorld(t.database.db, '331121');
    const admin = await buildUser(t.database.db, 'institution_admin', {
      consortiumId: w.consortium.id,
      institutionId: w.county.id,
    });
    office = await signIn(t.app, w.users.office.username, PASSWORD);
    countyAdmin = await signIn(t.app, admin.username, PASSWORD);
    countyViewer = await signIn(t.app, w.users.countyViewer.username, PASSWORD);
    otherOffice = await signIn(t.app, other.users.office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  const put = (c: Client, url: string, payload: unknown) =>
    c.inject({ method: 'PUT', url, payload: payload as object });

  it('the office makes the forms of a quarter for every member, once', async () => {
    const first = await office.post('/api/v1/report-forms/generate', {
      consortiumId: w.consortium.id,
      period: '2030-Q1',
    });
    expect(first.json()).toEqual({ created: 2, existing: 0 });
    const again = await office.post('/api/v1/report-forms/generate', {
      consortiumId: w.consortium.id,
      period: '2030-Q1',
    });
    expect(again.json()).toEqual({ created: 0, existing: 2 });
    const bad = await office.post('/api/v1/report-forms/generate', {
      consortiumId: w.consortium.id,
      period: '2030-13',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('period');
    expect(
      (
        await countyAdmin.post('/api/v1/report-forms/generate', {
          consortiumId: w.consortium.id,
          period: '2030-Q2',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('a member sees only its own form; another consortium sees none', async () => {
    const mine = (await countyAdmin.get('/api/v1/report-forms?period=2030-Q1')).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0].institutionId).toBe(w.county.id);
    q1 = mine.items[0].id;
    expect(mine.items[0]).toMatchObject({ state: 'draft', filled: 0, total: 14 });
    expect((await office.get('/api/v1/report-forms?period=2030-Q1')).json().total).toBe(2);
    expect((await otherOffice.get(`/api/v1/report-forms/${q1}`)).statusCode).toBe(404);
    expect((await otherOffice.get('/api/v1/report-forms')).json().total).toBe(0);
  });

  it('refuses entries that break the rules, naming the field', async () => {
    const over = await put(countyAdmin, `/api/v1/report-forms/${q1}/values`, {
      values: [{ code: 'NCC07', numerator: 1200, denominator: 1000 }],
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors[0].field).toBe('values.0.numerator');
    const unknown = await put(countyAdmin, `/api/v1/report-forms/${q1}/values`, {
      values: [
        { code: 'NCC07', numerator: 1, denominator: 2 },
        { code: 'YL_REF_UP', numerator: 3 },
      ],
    });
    expect(unknown.json().errors[0].field).toBe('values.1.code'); // computed by Yilian, not reported
    expect((await put(countyViewer, `/api/v1/report-forms/${q1}/values`, { values: [] })).statusCode).toBe(
      403,
    );
    expect((await put(otherOffice, `/api/v1/report-forms/${q1}/values`, { values: [] })).statusCode).toBe(
      404,
    );
  });

  it('submits only a complete form, then the office returns it with comments', async () => {
    const saved = await put(countyAdmin, `/api/v1/report-forms/${q1}/values`, {
      values: [
        { code: 'NCC07', numerator: 600, denominator: 1000 },
        { code: 'NCC01', numerator: 2 },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().values.find((v: { code: string }) => v.code === 'NCC07').value).toBeCloseTo(60);
    const early = await countyAdmin.post(`/api/v1/report-forms/${q1}/submit`, {});
    expect(early.statusCode).toBe(400);
    expect(early.json().errors).toHaveLength(12);
    const rest = [
      'NCC02',
      'NCC03',
      'NCC04',
      'NCC05',
      'NCC06',
      'NCC08',
      'NCC09',
      'NCC10',
      'NCC11',
      'NCC12',
      'NCC13',
      'NCC14',
    ];
    const notes = rest.map((code) => ({ code, numerator: null, note: '本季度无此项统计' }));
    expect((await put(countyAdmin, `/api/v1/report-forms/${q1}/values`, { values: notes })).statusCode).toBe(
      200,
    );
    const submitted = await countyAdmin.post(`/api/v1/report-forms/${q1}/submit`, {});
    expect(submitted.json().state).toBe('submitted');
    const late = await put(countyAdmin, `/api/v1/report-forms/${q1}/values`, { values: [] });
    expect(late.statusCode).toBe(409);
    expect((await countyAdmin.post(`/api/v1/report-forms/${q1}/approve`, {})).statusCode).toBe(403);
    expect((await office.post(`/api/v1/report-forms/${q1}/return`, {})).json().errors[0].field).toBe(
      'comment',
    );
    const returned = await office.post(`/api/v1/report-forms/${q1}/return`, { comment: '请补充说明' });
    expect(returned.json()).toMatchObject({ state: 'returned', reviewComment: '请补充说明' });
  });

  it('approved data is locked', async () => {
    expect((await countyAdmin.post(`/api/v1/report-forms/${q1}/submit`, {})).statusCode).toBe(200);
    const approved = await office.post(`/api/v1/report-forms/${q1}/approve`, {});
    expect(approved.json()).toMatchObject({ state: 'approved', actions: [] });
    const edit = await put(countyAdmin, `/api/v1/report-forms/${q1}/values`, {
      values: [{ code: 'NCC07', numerator: 700, denominator: 1000 }],
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toMatch(/locked/);
    expect((await office.post(`/api/v1/report-forms/${q1}/approve`, {})).statusCode).toBe(409);
    const before = await t.database.db
      .selectFrom('reportValues')
      .selectAll()
      .where('formId', '=', q1)
      .execute();
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRows([['code'], ['NCC07', '', 900, 1000]]);
    const file = multipart(
      'file',
      'q1.xlsx',
      'application/octet-stream',
      Buffer.from(await book.xlsx.writeBuffer()),
    );
    const imported = await countyAdmin.inject({
      method: 'PUT',
      url: `/api/v1/report-forms/${q1}/xlsx`,
      ...file,
    });
    expect(imported.statusCode).toBe(409);
    const after = await t.database.db
      .selectFrom('reportValues')
      .selectAll()
      .where('formId', '=', q1)
      .execute();
    expect(after).toEqual(before);
  });

  it('a value more than 50% away from the last approved one needs a note; the sheet round-trips', async () => {
    await office.post('/api/v1/report-forms/generate', { consortiumId: w.consortium.id, period: '2030-Q2' });
    const q2 = (await countyAdmin.get('/api/v1/report-forms?period=2030-Q2')).json().items[0].id;
    const detail = (await countyAdmin.get(`/api/v1/report-forms/${q2}`)).json();
    expect(detail.values.find((v: { code: string }) => v.code === 'NCC07').previousValue).toBeCloseTo(60);
    const jump = await put(countyAdmin, `/api/v1/report-forms/${q2}/values`, {
      values: [{ code: 'NCC07', numerator: 950, denominator: 1000 }],
    });
    expect(jump.statusCode).toBe(400);
    expect(jump.json().errors[0].field).toBe('values.0.note');

    const sheet = await countyAdmin.get(`/api/v1/report-forms/${q2}/xlsx`);
    expect(sheet.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const ws = book.worksheets[0]!;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === 'NCC07') {
        ws.getRow(n).getCell(3).value = 950;
        ws.getRow(n).getCell(4).value = 1000;
        ws.getRow(n).getCell(5).value = '新并入两家卫生院';
      }
    });
    const file = multipart(
      'file',
      'q2.xlsx',
      'application/octet-stream',
      Buffer.from(await book.xlsx.writeBuffer()),
    );
    const imported = await countyAdmin.inject({
      method: 'PUT',
      url: `/api/v1/report-forms/${q2}/xlsx`,
      ...file,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().values.find((v: { code: string }) => v.code === 'NCC07')).toMatchObject({
      numerator: 950,
      denominator: 1000,
      note: '新并入两家卫生院',
    });
    const pdf = multipart('file', 'q2.xlsx', 'application/pdf', Buffer.from('%PDF-1.4 not a sheet'));
    const wrong = await countyAdmin.inject({ method: 'PUT', url: `/api/v1/report-forms/${q2}/xlsx`, ...pdf });
    expect(wrong.statusCode).toBe(415);
    expect(wrong.json().errors[0].field).toBe('file');
  });

  it('every change left an audit row', async () => {
    const rows = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'report.%')
      .execute();
    const actions = rows.map((r) => r.action);
    for (const a of [
      'report.generated',
      'report.saved',
      'report.submitted',
      'report.returned',
      'report.approved',
    ]) {
      expect(actions).toContain(a);
    }
  });
});
