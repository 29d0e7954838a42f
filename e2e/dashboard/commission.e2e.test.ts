import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../packages/domain/src/id-number.js';
import { DEMO_PASSWORD, signInThroughForm, startHarness, type Harness } from '../harness.js';

// The health commission's view, in the browser: the 南通市 supervisor lands on the ranking of the
// consortia in the region, opens one consortium's dashboard (its referral chart and the table
// beside it), and exports the ranking; the downloaded xlsx holds the rows the table showed.
// Screenshots go to test-results/.
//
// The demo seed has no referrals, so before the supervisor signs in the 常乐 doctor sends three
// patients up to 海门市中医院 and the hospital sends one down, through the API as the
// clinicians would; the dashboards read them from the rollups the server keeps.

async function session(h: Harness, username: string) {
  const res = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${h.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

async function institutionId(api: Awaited<ReturnType<typeof session>>, name: string) {
  const page = await api<{ items: { id: string; name: string }[] }>(
    'GET',
    `/institutions?q=${encodeURIComponent(name)}`,
  );
  return page.items.find((i) => i.name === name)!.id;
}

const patient = (n: number) => ({
  name: ['陈建国', '顾秀兰', '施海峰', '黄美华'][n]!,
  sex: n % 2 ? 'female' : 'male',
  birthDate: `1950-05-1${n}`,
  idType: 'resident_id',
  idNumber: withCheckDigit(`3206841950051${n}00${n}`),
});

async function sendReferrals(h: Harness) {
  const changle = await session(h, 'changle.doctor');
  const hospital = await institutionId(changle, '海门市中医院');
  for (let n = 0; n < 3; n++)
    await changle('POST', '/referrals', {
      direction: 'up',
      urgency: 'routine',
      toInstitutionId: hospital,
      patient: patient(n),
      icd10Code: 'I10',
      diagnosisName: '原发性高血压',
      reason: '血压控制不佳',
      summary: '两药联合血压仍 165/100 mmHg',
      submit: true,
    });
  const tcm = await session(h, 'haimen.doctor');
  await tcm('POST', '/referrals', {
    direction: 'down',
    urgency: 'routine',
    toInstitutionId: await institutionId(tcm, '海门市常乐镇卫生院'),
    patient: patient(3),
    icd10Code: 'I63',
    diagnosisName: '脑梗死',
    reason: '病情稳定，转回社区康复',
    summary: '住院 12 天，肢体功能改善',
    plan: '每周康复训练三次，一个月后复诊',
    submit: true,
  });
}

describe('health-commission supervisor, 南通市', () => {
  let h: Harness;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    await sendReferrals(h);
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
    h.page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
  });
  afterAll(async () => h?.close());

  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    await h.page.waitForTimeout(1500); // the charts' entrance animation, for the picture
    return h.screenshot(`dashboard-${name}`);
  };
  const rows = () => h.page.getByTestId('commission-table').locator('tbody tr.ant-table-row');

  it('lands on the ranking of the consortia in the region, with figures and a trend', async () => {
    await signInThroughForm(h, 'nantong.supervisor');
    await h.page.waitForURL(/\/dashboards\/commission/);
    await rows().first().waitFor();
    const names = await h.page.getByTestId('commission-open').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => n.includes('海门'))).toBe(true);
    // The ranking has numbers: the region's consortia referred patients this year.
    const referrals = await rows().first().locator('td').nth(2).innerText();
    expect(Number(referrals.replace(/\D/g, ''))).toBeGreaterThan(0);
    await expect.poll(() => h.page.getByTestId('sparkline').count()).toBe(names.length);
    await h.page.getByTestId('chart-commission').locator('canvas').waitFor();
    await shot('commission-ranking');
  });

  it('ranks by another figure', async () => {
    await h.page.getByTestId('commission-rank-by').click();
    await h.page.locator('.ant-select-item-option').filter({ hasText: '下转占比' }).click();
    await h.page.waitForURL(/rankBy=downShare/);
    await rows().first().waitFor();
    const ranks = await rows().evaluateAll((trs) =>
      trs.map((tr) => Number(tr.querySelector('td')?.textContent)),
    );
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
  });

  it('exports the ranking as xlsx with the rows the table shows', async () => {
    const shown = await h.page.getByTestId('commission-open').allInnerTexts();
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.getByTestId('commission-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).text).toBe('医联体');
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(2).text);
    });
    expect(names).toEqual(shown);
  });

  it('opens a consortium: its referrals by month, the flows between members, each with a table', async () => {
    await h.page.getByTestId('commission-open').filter({ hasText: '海门' }).first().click();
    await h.page.waitForURL(/\/dashboards\/consortia\//);
    await h.page.getByTestId('card-months').waitFor();
    await h.page.getByTestId('chart-months').locator('canvas').waitFor();
    const months = h.page.getByTestId('table-months').locator('tbody tr.ant-table-row');
    expect(await months.count()).toBeGreaterThan(0);
    await expect
      .poll(() => h.page.getByTestId('table-flows').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(0);
    await h.page.getByTestId('chart-flows').locator('canvas').waitFor();
    await expect(h.page.getByTestId('xlsx-months').getAttribute('href')).resolves.toContain('table=months');
    await shot('consortium');
  });

  it('speaks English and fits a phone', async () => {
    await h.page.evaluate(() => localStorage.setItem('yilian.lang', 'en'));
    await h.page.setViewportSize({ width: 375, height: 740 });
    await h.page.goto(`${h.baseUrl}/dashboards/commission`);
    await rows().first().waitFor();
    await h.page.getByText('Consortia overview').first().waitFor();
    await expect(h.page.getByTestId('commission-xlsx').getAttribute('href')).resolves.toContain('lang=en');
    await shot('commission-phone-en');
    expect(pageErrors).toEqual([]);
  });
});
