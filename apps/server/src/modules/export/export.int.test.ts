import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildWorld, PASSWORD, type World } from '../../../test/factories.js';

async function readSheet(body: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as never);
  const sheet = book.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, rows };
}

describe.each(DATABASES)('xlsx exports (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let office: Client;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildWorld(t.database.db, '320614');
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('exports the staff roster in Chinese with phones masked', async () => {
    const res = await office.get(`/api/v1/staff/export?consortiumId=${w.consortium.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const { name, rows } = await readSheet(res.rawPayload);
    expect(name).toBe('人员');
    expect(rows[0]).toEqual(['姓名', '性别', '职称', '专业', '科室', '机构', '电话']);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('主治医师');
    expect(rows[1]).toContain('139****5678');
  });

  it('exports member institutions and institutions, in English on request', async () => {
    const members = await readSheet(
      (await office.get(`/api/v1/consortia/${w.consortium.id}/members/export`)).rawPayload,
    );
    expect(members.rows.slice(1).map((r) => r[1])).toEqual(['牵头单位', '成员单位']);
    const inst = await readSheet((await office.get('/api/v1/institutions/export?lang=en')).rawPayload);
    expect(inst.rows[0]).toEqual(['Code', 'Institution', 'Kind', 'Grade', 'Region', 'Address']);
    expect(inst.rows).toHaveLength(3);
  });

  it("keeps to the reader's scope", async () => {
    const other = await buildWorld(t.database.db, '510524');
    const res = await office.get(`/api/v1/consortia/${other.consortium.id}/members/export`);
    expect(res.statusCode).toBe(404);
    const { rows } = await readSheet(
      (await office.get(`/api/v1/staff/export?consortiumId=${other.consortium.id}`)).rawPayload,
    );
    expect(rows).toHaveLength(1);
  });
});
