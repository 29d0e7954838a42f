import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../test/app.js';
import { DATABASES } from '../../test/db.js';
import type { Db } from '../context.js';
import { DEMO_PASSWORD, loadDemoIfEmpty } from '../demo/seed.js';
import { XLSX_TYPE } from '../storage/upload.js';
import { multipart } from '../../test/app.js';
import { bombEntry, entryOf, SHEET_HEAD, SHEET_TAIL, xlsxOf } from '../../test/zip.js';

// Input an attacker crafts by hand rather than through the web app: broken multipart bodies,
// zip bombs posing as workbooks, file names that lie about their type, LIKE wildcards, ids of
// institutions outside the consortium, oversized headers, and formulas in exported text.
// The demo data gives a record of (nearly) every kind; what it lacks is added below.

/** Every file under the data folder's file store: a refused upload must leave none behind. */
function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String) : [];
}

const codeOf = async (db: Db, table: 'institutions' | 'consortia', code: string) =>
  (await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe.each(DATABASES)('hostile input (%s)', (kind) => {
  let t: TestApp;
  let admin: Client;
  let haimenDoctor: Client;
  /** One record for each upload route, and who may upload to it. */
  const uploads: { method: 'PUT' | 'POST'; url: string; who: () => Client }[] = [];

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    await loadDemoIfEmpty(db);
    admin = await signIn(t.app, 'admin', DEMO_PASSWORD);
    haimenDoctor = await signIn(t.app, 'haimen.doctor', DEMO_PASSWORD);
    const first = async (
      table: 'checklistItems' | 'agreements' | 'reportForms' | 'referrals' | 'documentVersions',
    ) => (await db.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow()).id;

    // The demo has no meeting report and no consultation: one of each, in 海门.
    const haimen = await codeOf(db, 'consortia', 'HAIMEN-TCM');
    const [center, township] = [
      await codeOf(db, 'institutions', 'HM-TCM'),
      await codeOf(db, 'institutions', 'HM-CL'),
    ];
    const meeting = await db
      .selectFrom('meetings')
      .select('id')
      .where('consortiumId', '=', haimen)
      .executeTakeFirstOrThrow();
    const report = await db
      .insertInto('meetingReports')
      .values({
        meetingId: meeting.id,
        consortiumId: haimen,
        institutionId: township,
        period: '2030Q1',
        title: '季度汇报',
        sections: JSON.stringify([{ key: 'work_done', body: '见附件' }]),
        submittedBy: '常乐镇卫生院',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const patient = await db
      .selectFrom('patients')
      .select('id')
      .where('consortiumId', '=', haimen)
      .executeTakeFirstOrThrow();
    const consultation = await db
      .insertInto('consultations')
      .values({
        code: 'HZ20300101-000001',
        consortiumId: haimen,
        kind: 'consultation',
        status: 'requested',
        requestingInstitutionId: township,
        requestedById: null,
        requestedBy: '常乐镇卫生院医师',
        centerInstitutionId: center,
        patientId: patient.id,
        caseSummary: '胸痛',
        question: '请会诊',
        requestedAt: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Nor a booking or a follow-up task, for the searches.
    const resource = await db
      .selectFrom('sharedResources')
      .select('id')
      .where('consortiumId', '=', haimen)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('resourceBookings')
      .values({
        consortiumId: haimen,
        resourceId: resource.id,
        requestingInstitutionId: township,
        requestedById: null,
        requestedBy: '常乐镇卫生院医师',
        patientId: patient.id,
        examCode: 'CT01',
        examName: '胸部CT平扫',
        slotStart: '2030-01-02T01:00:00.000Z',
        status: 'requested',
        note: null,
        cancelReason: null,
        resultSummary: null,
      })
      .execute();
    const referral = await db
      .selectFrom('referrals')
      .select(['id', 'toInstitutionId'])
      .where('consortiumId', '=', haimen)
      .where('status', '=', 'completed')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('followUpTasks')
      .values({
        referralId: referral.id,
        consortiumId: haimen,
        institutionId: referral.toInstitutionId,
        title: '出院后复查',
        dueOn: '2030-02-01',
        doneAt: null,
        doneBy: null,
        note: null,
      })
      .execute();

    uploads.push(
      {
        method: 'PUT',
        url: `/api/v1/checklist-items/${await first('checklistItems')}/evidence`,
        who: () => admin,
      },
      { method: 'PUT', url: `/api/v1/agreements/${await first('agreements')}/document`, who: () => admin },
      { method: 'POST', url: `/api/v1/meeting-reports/${report.id}/file`, who: () => admin },
      { method: 'PUT', url: `/api/v1/report-forms/${await first('reportForms')}/xlsx`, who: () => admin },
      {
        method: 'POST',
        url: `/api/v1/consultations/${consultation.id}/attachments`,
        who: () => haimenDoctor,
      },
      { method: 'POST', url: `/api/v1/referrals/${await first('referrals')}/attachments`, who: () => admin },
      {
        method: 'PUT',
        url: `/api/v1/council/versions/${await first('documentVersions')}/file`,
        who: () => admin,
      },
    );
  });
  afterAll(async () => t?.close());

  it('lists every upload route of the API in its table', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented: string[] = [];
    for (const [p, ops] of Object.entries(spec.paths as Record<string, Record<string, { summary?: string }>>))
      for (const [m, op] of Object.entries(ops))
        if (/multipart/.test(op.summary ?? '')) documented.push(`${m.toUpperCase()} ${p}`);
    const tabled = uploads.map((u) => `${u.method} ${u.url.replace(/[0-9a-f-]{36}/, '{id}')}`);
    expect(tabled.sort()).toEqual(documented.sort());
  });

  it('answers a truncated or boundary-less multipart body with 400 naming "file", and writes nothing', async () => {
    const db = t.database.db;
    const boundary = 'yilian-hostile';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const bodies = [
      // The part's bytes stop before its closing boundary.
      { type: `multipart/form-data; boundary=${boundary}`, payload: `${head}%PDF-1.4 cut short` },
      // The headers of the part never end.
      {
        type: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nContent-Disposition: form-da`,
      },
      // No boundary at all.
      { type: 'multipart/form-data', payload: `${head}%PDF-1.4\r\n--${boundary}--\r\n` },
    ];
    const files = storedFiles(t.database.dataDir).length;
    const audit = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const u of uploads)
      for (const b of bodies) {
        const res = await u.who().inject({
          method: u.method,
          url: u.url,
          payload: b.payload,
          headers: { 'content-type': b.type },
        });
        const what = `${u.method} ${u.url} (${b.type}) -> ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(what).toMatch(/-> 400 /);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.json().errors?.[0]?.field).toBe('file');
      }
    expect(storedFiles(t.database.dataDir).length).toBe(files);
    const after = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(audit.n));
  });

  it('refuses a workbook that inflates too far or has too many rows, before parsing it', async () => {
    const url = uploads.find((u) => u.url.endsWith('/xlsx'))!.url;
    const send = async (what: string, data: Buffer) => {
      const started = performance.now();
      const res = await admin.inject({
        method: 'PUT',
        url,
        ...multipart('file', 'q1.xlsx', XLSX_TYPE, data),
      });
      console.log(
        `${what}: ${data.length} bytes -> ${res.statusCode} in ${Math.round(performance.now() - started)} ms`,
      );
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors?.[0]?.field).toBe('file');
      return res;
    };
    // 200 MB of blanks inside a valid sheet: about 200 KB once deflated.
    const sheet = await bombEntry('xl/worksheets/sheet1.xml', SHEET_HEAD, ' ', 200, SHEET_TAIL);
    const honest = await send('a sheet that says it inflates to 200 MB', xlsxOf(sheet));
    expect(honest.statusCode).toBe(413);
    expect(honest.json().detail).toMatch(/inflates to more than/);
    // The same bytes, but the directory claims a 1 KB sheet: caught while inflating, at the claim.
    const lying = await send('a sheet that claims 1 KB', xlsxOf({ ...sheet, declared: 1024 }));
    expect(lying.statusCode).toBe(413);
    // Small once inflated, but 50,000 rows exceljs would build one by one.
    const row = (i: number) => `<row r="${i}"><c r="A${i}"><v>1</v></c></row>`;
    const rows = Array.from({ length: 50_000 }, (_, i) => row(i + 1)).join('');
    const many = await send(
      '50,000 rows',
      xlsxOf(entryOf('xl/worksheets/sheet1.xml', SHEET_HEAD + rows + SHEET_TAIL)),
    );
    expect(many.statusCode).toBe(400);
    expect(many.json().detail).toMatch(/more than 2000 rows/);
  });

  it('stores an upload under a safe name whose extension is the type its bytes show', async () => {
    const url = uploads.find((u) => u.url.includes('/agreements/'))!.url;
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    const cases: [string, Buffer, string][] = [
      ['report.pdf.exe', pdf, 'report.pdf'],
      ['x.exe', pdf, 'x.pdf'],
      // An RTL override shows "invoice\u202Efdp.exe" as "invoiceexe.pdf".
      ['invoice\u202Efdp.exe', pdf, 'invoicefdp.pdf'],
      ['a\u200Eb\u2067c\u0007d\u0085.PDF', pdf, 'abc_d_.PDF'],
      ['..\\..\\evil/name', pdf, 'name.pdf'], // the multipart parser keeps the last segment
      ['scan.jpeg', jpeg, 'scan.jpeg'],
      ['scan.png', jpeg, 'scan.jpg'],
      ['\u202E', pdf, 'document.pdf'],
    ];
    for (const [name, data, stored] of cases) {
      const type = data === pdf ? 'application/pdf' : 'image/jpeg';
      const res = await admin.inject({ method: 'PUT', url, ...multipart('file', name, type, data) });
      expect({ name, status: res.statusCode, stored: res.json().document?.name }).toEqual({
        name,
        status: 200,
        stored,
      });
    }
  });

  it('takes % and _ in a search literally, in every list that searches', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    type Op = { parameters?: { in: string; name: string; required?: boolean }[] };
    const lists = Object.entries(spec.paths as Record<string, { get?: Op }>)
      .filter(
        ([p, ops]) =>
          !p.includes('{') && ops.get?.parameters?.some((x) => x.in === 'query' && x.name === 'q'),
      )
      .map(([p]) => p);
    expect(lists.length).toBeGreaterThan(20);
    const searched: string[] = [];
    for (const list of lists) {
      const all = await admin.get(`${list}?pageSize=1`);
      if (all.statusCode !== 200 || !/json/.test(String(all.headers['content-type']))) continue;
      if (!Array.isArray(all.json().items) || all.json().total === 0) continue;
      searched.push(list);
      // Nothing in the demo has a % in it: a wildcard % would match every row.
      const percent = await admin.get(`${list}?q=${encodeURIComponent('%')}&pageSize=1`);
      expect({ list, status: percent.statusCode, total: percent.json().total }).toEqual({
        list,
        status: 200,
        total: 0,
      });
      // A wildcard _ would match every row too; a literal one only rows with an underscore.
      const under = await admin.get(`${list}?q=_&pageSize=1`);
      expect({ list, fewer: under.json().total < all.json().total }).toEqual({ list, fewer: true });
    }
    // The lists that searched with a bare %q% before, among the rest.
    for (const list of [
      '/api/v1/consultations',
      '/api/v1/bookings',
      '/api/v1/follow-ups',
      '/api/v1/capacity',
      '/api/v1/report-forms',
      '/api/v1/assessment-schemes',
    ])
      expect(searched).toContain(list);
  });

  it('refuses institutions outside the consortium as agreement parties or as bookers of a resource', async () => {
    const db = t.database.db;
    const office = await signIn(t.app, 'haimen.office', DEMO_PASSWORD);
    const haimen = await codeOf(db, 'consortia', 'HAIMEN-TCM');
    const [center, township] = [
      await codeOf(db, 'institutions', 'HM-TCM'),
      await codeOf(db, 'institutions', 'HM-CL'),
    ];
    const foreign = await codeOf(db, 'institutions', 'XY-PH'); // 叙永, in another consortium
    const agreement = {
      consortiumId: haimen,
      title: '双向转诊协议',
      parties: [
        { institutionId: center, name: '海门市中医院' },
        { institutionId: foreign, name: '叙永县人民医院' },
        { name: '海门市人民政府' },
      ],
      signedOn: '2030-01-01',
    };
    const created = await office.post('/api/v1/agreements', agreement);
    expect(created.statusCode).toBe(400);
    expect(created.json().errors[0].field).toBe('parties.1.institutionId');
    const ok = await office.post('/api/v1/agreements', {
      ...agreement,
      parties: [
        agreement.parties[0],
        { institutionId: township, name: '常乐镇卫生院' },
        agreement.parties[2],
      ],
    });
    expect(ok.statusCode).toBe(201);
    const patched = await office.patch(`/api/v1/agreements/${ok.json().id}`, { parties: agreement.parties });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().errors[0].field).toBe('parties.1.institutionId');

    const resource = {
      ownerInstitutionId: center,
      type: 'ct',
      name: '64排CT',
      openDays: [1, 2, 3, 4, 5],
      openFrom: '08:00',
      openTo: '17:00',
      slotMinutes: 30,
      capacityPerSlot: 2,
      bookableInstitutionIds: [township, foreign],
    };
    const bad = await office.post('/api/v1/resources', resource);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('bookableInstitutionIds.1');
    const good = await office.post('/api/v1/resources', { ...resource, bookableInstitutionIds: [township] });
    expect(good.statusCode).toBe(201);
    const widened = await office.patch(`/api/v1/resources/${good.json().id}`, {
      bookableInstitutionIds: [foreign],
    });
    expect(widened.statusCode).toBe(400);
    expect(widened.json().errors[0].field).toBe('bookableInstitutionIds.0');
    expect((await office.get(`/api/v1/resources/${good.json().id}`)).json().bookableInstitutionIds).toEqual([
      township,
    ]);
  });

  it('answers a request whose headers are too large with 431 problem+json, on a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(
          `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
        ),
      );
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', (err) => (got ? resolve(got) : reject(err)));
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body!)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('writes text that starts like a formula as text in every xlsx it makes', async () => {
    const db = t.database.db;
    const formulas = ['=HYPERLINK("http://evil.example","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'];
    const tcm = await codeOf(db, 'institutions', 'HM-TCM');
    await db
      .insertInto('staff')
      .values(
        formulas.map((f) => ({
          institutionId: tcm,
          departmentId: null,
          name: f,
          sex: 'female' as const,
          title: 'attending_physician' as const,
          specialty: '内科',
          phone: null,
        })),
      )
      .execute();
    const form = await db
      .selectFrom('reportValues')
      .select('formId as id')
      .orderBy('formId')
      .executeTakeFirstOrThrow();
    await db.updateTable('reportValues').set({ note: formulas[0]! }).where('formId', '=', form.id).execute();

    const read = async (url: string) => {
      const res = await admin.get(url);
      expect(res.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as never);
      const cells: ExcelJS.Cell[] = [];
      book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c)));
      return cells;
    };
    const roster = await read(`/api/v1/staff/export?institutionId=${tcm}`);
    const sheet = await read(`/api/v1/report-forms/${form.id}/xlsx`);
    for (const cells of [roster, sheet]) {
      const risky = cells.filter((c) => typeof c.value === 'string' && /^[=+\-@\t\r]/.test(c.value));
      expect(risky.length).toBeGreaterThan(0);
      for (const c of risky)
        expect({ value: c.value, type: c.type, numFmt: c.numFmt }).toEqual({
          value: c.value,
          type: ExcelJS.ValueType.String,
          numFmt: '@',
        });
      expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    }
    expect(roster.map((c) => c.value)).toEqual(expect.arrayContaining(formulas));
  });
});
