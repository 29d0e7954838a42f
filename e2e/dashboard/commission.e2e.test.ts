import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, startHarness, type Harness } from '../harness.js';

// The health commission's view, in the browser: the 南通市 supervisor lands on the ranking of the
// consortia in the region, opens one consortium's dashboard (its referral chart and the table
// beside it), and exports the ranking; the downloaded xlsx holds the rows the table showed.
// Screenshots go to test-results/.

describe('health-commission supervisor, 南通市', () => {
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
    await h.page.waitForTimeout(1500); // the charts' entrance animation, for the picture
    return h.screenshot(`dashboard-${name}`);
  };
  const rows = () => h.page.getByTestId('commission-table').locator('tbody tr.ant-table-row');

  it('lands on the ranking of the consortia in the region, with figures and a trend', async () => {
    await signInThroughForm(h, 'nantong.supervisor');
    await h.page.waitForURL(/\/dashboards\/commission/);
    await rows().first().waitFor();
    const names = await h.page.getByTestId('commission-open').allInnerTexts();
    expect(names.length).toBeGreaterThan(1); // 海门 and the generated county consortia of 南通
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
    const answered = h.page.waitForResponse((r) => r.url().includes('rankBy=downShare') && r.ok());
    await h.page.locator('.ant-select-item-option').filter({ hasText: '下转占比' }).click();
    await answered;
    await h.page.locator('[data-testid="commission-table"][data-loading="false"]').waitFor();
    const cells = await rows().evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
    // Highest share first (none last); equal shares share a rank, the next rank skips (1, 1, 3).
    const shares = cells.map((c) => (c[5]!.includes('%') ? Number(c[5]!.replace(/[^\d.]/g, '')) : -1));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    cells.forEach((c, i) => {
      const rank = Number(c[0]);
      if (i === 0) expect(rank).toBe(1);
      else expect(rank).toBe(shares[i] === shares[i - 1] ? Number(cells[i - 1]![0]) : i + 1);
    });
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
    await rows()
      .first()
      .waitFor()
      .catch(async (e: unknown) => {
        await h.screenshot('dashboard-commission-phone-en-failed');
        throw e;
      });
    await h.page.getByText('Consortia overview').first().waitFor();
    await expect(h.page.getByTestId('commission-xlsx').getAttribute('href')).resolves.toContain('lang=en');
    await shot('commission-phone-en');
    expect(pageErrors).toEqual([]);
  });
});
