import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// Reported data and assessment, in the browser: the 海门 office adds an indicator of its own and
// makes last month's forms; 海门二院's administrator fills its form on a phone, is told which
// input is wrong (a share above its whole), corrects it, imports the rest from the filled sheet
// and submits; the office approves it (then it is read-only), builds an assessment scheme with
// the scoring preview, reads the ranking with a member's breakdown and publishes it.
// Screenshots go to test-results/.

/** Last month, as the generate dialog proposes it (the browser's clock, China time). */
function lastMonth(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}
const PERIOD = lastMonth();

describe('report forms and an assessment scheme, 海门', () => {
  let h: Harness;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
    h.page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
  });
  afterAll(async () => h?.close());

  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    await h.page.evaluate(() => window.scrollTo(0, 0)); // a full-page picture from the top
    await h.page.waitForTimeout(300);
    return h.screenshot(`assessment-${name}`);
  };
  const signOut = () => signOutThroughMenu(h);
  const confirm = () => h.page.locator('.ant-popover:visible .ant-btn-primary').click();

  it('the office keeps an indicator of its own beside the library', async () => {
    await signInThroughForm(h, 'haimen.office');
    await h.page.getByTestId('nav-indicators').click();
    await h.page.getByTestId('indicator-table').locator('tbody tr.ant-table-row').first().waitFor();
    await h.page.getByTestId('filter-source').click();
    await h.page.locator('.ant-select-item-option').filter({ hasText: '成员填报' }).click();
    await h.page.waitForURL(/source=reported/);
    await h.page.getByTestId('create-indicator').click();
    const drawer = h.page.getByTestId('indicator-form');
    await drawer.locator('#code').fill('HM_FAMILY_DOC');
    await drawer.locator('#nameZh').fill('家庭医生签约服务覆盖率');
    await drawer.locator('#nameEn').fill('Family doctor contract coverage');
    await drawer.locator('#definition').fill('签约居民数占常住人口数的比例');
    await drawer.locator('#numerator').fill('签约居民数');
    await drawer.locator('#denominator').fill('常住人口数');
    await drawer.getByTestId('form-submit').click();
    await h.page.getByTestId('indicator-table').getByText('家庭医生签约服务覆盖率').waitFor();
    await shot('01-indicators');
  });

  it("the office makes last month's forms for every member", async () => {
    await h.page.getByTestId('nav-reportForms').click();
    await h.page.getByTestId('generate-forms').click();
    await h.page.locator('.ant-modal:visible .ant-btn-primary').click();
    await h.page.locator('.ant-message').getByText('新生成').waitFor();
    await expect
      .poll(() => h.page.getByTestId('report-form-table').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(1);
    await signOut();
  });

  it('a member fills its form on a phone; the wrong input is marked; the sheet fills the rest; it submits', async () => {
    await h.page.setViewportSize({ width: 375, height: 740 });
    await signInThroughForm(h, 'haimen2.admin');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.goto(`${h.baseUrl}/report-forms?period=${PERIOD}`);
    const links = h.page.getByTestId('report-form-link');
    await links.first().waitFor();
    expect(await links.count()).toBe(1); // its own form only
    expect(await links.first().innerText()).toBe('海门市第二人民医院');
    await links.first().click();
    await h.page.getByTestId('report-entry').waitFor();
    await h.page.locator('[data-testid="entry-numerator-NCC07"] input').fill('500');
    await h.page.locator('[data-testid="entry-denominator-NCC07"] input').fill('100');
    await h.page.getByTestId('save-form').click();
    const error = h.page.getByTestId('entry-numerator-NCC07').getByTestId('entry-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('denominator');
    await shot('02-member-error-phone');

    await h.page.locator('[data-testid="entry-numerator-NCC07"] input').fill('60');
    await expect.poll(() => h.page.getByTestId('entry-value-NCC07').innerText()).toBe('60 %');
    await expect.poll(() => error.count()).toBe(0);
    // The rest comes from the sheet, filled offline: what the member does not have this month
    // it says so in a note, as the form asks; the import goes through the same checks.
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.getByTestId('download-sheet').click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      if (row.getCell(1).text === 'NCC07') {
        row.getCell(3).value = 60;
        row.getCell(4).value = 100;
      } else row.getCell(5).value = '本期未统计';
    });
    const filled = path.join(os.tmpdir(), `yilian-form-${Date.now()}.xlsx`);
    await book.xlsx.writeFile(filled);
    await h.page.locator('input[type="file"]').setInputFiles(filled);
    await h.page.locator('.ant-message').getByText('已导入').waitFor();
    fs.rmSync(filled);
    await expect.poll(() => h.page.getByTestId('entry-value-NCC07').innerText()).toBe('60 %');
    await expect(h.page.locator('[data-testid="entry-note-NCC01"] input').inputValue()).resolves.toBe(
      '本期未统计',
    );
    await h.page.getByTestId('submit-form').click();
    await confirm();
    await h.page.locator('[data-testid="report-state"][data-value="submitted"]').waitFor();
    await shot('03-member-submitted-phone');
  });

  it("the member's own dashboard exports its monthly table, written in the browser", async () => {
    await h.page.goto(`${h.baseUrl}/`);
    await h.page.getByTestId('user-menu').waitFor();
    const me = (await (await h.page.request.get(`${h.baseUrl}/api/v1/auth/me`)).json()) as {
      institutionId: string;
    };
    await h.page.goto(`${h.baseUrl}/dashboards/institutions/${me.institutionId}`);
    const months = h.page.getByTestId('table-months').locator('tbody tr.ant-table-row');
    await months.first().waitFor();
    const shown = await months.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent));
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.getByTestId('xlsx-months').click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('月份');
    const read: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) read.push(row.getCell(1).text);
    });
    expect(read).toEqual(shown);
    await shot('03b-member-dashboard-phone');
    await signOut();
    await h.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the office approves it, and then it is read-only', async () => {
    await signInThroughForm(h, 'haimen.office');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.goto(`${h.baseUrl}/report-forms?state=submitted&period=${PERIOD}`);
    await h.page.getByTestId('report-form-link').filter({ hasText: '海门市第二人民医院' }).click();
    await h.page.getByTestId('approve-form').click();
    await confirm();
    await h.page.locator('[data-testid="report-state"][data-value="approved"]').waitFor();
    await expect(h.page.locator('[data-testid="entry-numerator-NCC07"] input').isDisabled()).resolves.toBe(
      true,
    );
    expect(await h.page.getByTestId('save-form').count()).toBe(0);
    await shot('04-approved');
  });

  it('builds a scheme with the scoring preview, reads the ranking and publishes it', async () => {
    await h.page.getByTestId('nav-assessmentSchemes').click();
    await h.page.getByTestId('create-scheme').click();
    const drawer = h.page.getByTestId('scheme-form');
    await drawer.locator('#name').fill('2026 年度成员单位考核');
    await drawer.getByTestId('scheme-item-code').click();
    await h.page.keyboard.type('NCC07');
    await h.page.locator('.ant-select-item-option').filter({ hasText: 'NCC07' }).click();
    await drawer.locator('#items_0_target').fill('80');
    await drawer.locator('#items_0_floor').fill('40');
    await drawer.getByTestId('scheme-try').locator('input').fill('60');
    await expect.poll(() => drawer.getByTestId('scheme-try-marks').innerText()).toBe('得 5 / 10 分');
    await shot('05-scheme-preview');
    await drawer.getByTestId('form-submit').click();
    await h.page.getByTestId('scheme-link').filter({ hasText: '2026 年度成员单位考核' }).click();

    const rows = h.page.getByTestId('result-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    // Every member is ranked; 海门二院's marks are those the preview gives for its approved value
    // (it reports by quarter, so last quarter's form counts): the line from 40 % to 80 %.
    expect(await rows.count()).toBeGreaterThan(1);
    const member = rows.filter({ hasText: '海门市第二人民医院' });
    await member.locator('.ant-table-row-expand-icon').click();
    const line = h.page.getByTestId('result-breakdown').locator('tbody tr.ant-table-row').first();
    await line.waitFor();
    const cells = await line.locator('td').allInnerTexts();
    const value = Number(cells[3]!.replace(/[^\d.]/g, ''));
    expect(value).toBeGreaterThan(40);
    const marks = Math.round(Math.min(10, ((value - 40) / 40) * 10) * 100) / 100;
    expect(cells[4]).toBe(`${marks} / 10`);
    expect(await member.getByTestId('result-total').innerText()).toBe(String(marks));
    await h.page.getByTestId('publish-scheme').click();
    await confirm();
    await h.page.locator('[data-testid="scheme-state"][data-value="published"]').waitFor();
    await shot('06-results-published');
    expect(pageErrors).toEqual([]);
  });
});
