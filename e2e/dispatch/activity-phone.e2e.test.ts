import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { OUTPUT, signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// A stationed expert on a phone (375 × 667): 西苑医院's expert, in the fourth batch at 西苑医院山西医院,
// logs this morning's clinic — the posting and today are filled in, the kinds are big buttons, the
// number pad opens for the count — and finds it at the top of their own list. Screenshots go to
// test-results/.

const PATIENTS = 137; // not a count the demo data uses (its clinics see 12–35 patients)

describe('an expert logs a clinic session on a phone', () => {
  let h: Harness;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ width: 375, height: 667 });
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
    h.page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
  });
  afterAll(async () => h?.close());

  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    return h.screenshot(`activity-phone-${name}`);
  };
  /** The phone's screen as the expert sees it, once the drawer has slid in. */
  const screen = async (name: string) => {
    await h.page.waitForTimeout(400);
    await h.page.screenshot({ path: path.join(OUTPUT, `activity-phone-${name}.png`) });
  };

  it('opens the form with the current posting and today, in one column with large targets', async () => {
    await signInThroughForm(h, 'xiyuan.expert');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.goto(`${h.baseUrl}/activities`);
    await h.page.getByTestId('activity-table').waitFor();
    await h.page.getByTestId('record-activity').click();
    const form = h.page.getByTestId('activity-form');
    await form.waitFor();
    const posting = form.getByTestId('activity-posting');
    await expect.poll(() => posting.textContent()).toContain('西苑医院山西医院');
    await expect.poll(() => posting.textContent()).toContain('（当前）');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await expect.poll(() => form.locator('#activityDate').inputValue()).toBe(today);
    // The clinic is chosen already; every kind is a button at least 44 px high (a fingertip).
    const clinic = form.locator('.activity-kinds label').filter({ hasText: '坐诊' });
    await expect.poll(() => clinic.getAttribute('class')).toContain('checked');
    for (const box of await form
      .locator('.activity-kinds label')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(box).toBeGreaterThanOrEqual(44);
    const width = await h.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375 + 1);
    await screen('01-form');
  });

  it('saves the clinic and shows it in the expert’s own list', async () => {
    const form = h.page.getByTestId('activity-form');
    await form.locator('#count').fill(String(PATIENTS));
    await form.locator('#note').fill('专家门诊（上午），康复科');
    await screen('02-filled');
    await h.page.getByTestId('form-submit').click();
    await form.waitFor({ state: 'hidden' });
    const row = h.page.getByTestId('activity-table').locator('tr', { hasText: `${PATIENTS} 接诊人次` });
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('坐诊');
    await shot('03-list');
    expect(pageErrors).toEqual([]);
  });

  it("the office reads the work per batch and the year's figures; the lead shows its training", async () => {
    await h.page.setViewportSize({ width: 1280, height: 800 });
    await signOutThroughMenu(h);
    await signInThroughForm(h, 'xiyuan.office');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.goto(`${h.baseUrl}/activities/summary?by=batch`);
    const fourth = h.page.getByTestId('summary-table').locator('tr', { hasText: '第四批专家组' });
    await fourth.first().waitFor();
    await shot('04-summary-by-batch');
    await h.page.goto(`${h.baseUrl}/personnel/figures`);
    await h.page
      .getByTestId('figures-table')
      .locator('tr', { hasText: '西苑医院山西医院' })
      .first()
      .waitFor();
    await shot('05-figures');
    await signOutThroughMenu(h);
    await signInThroughForm(h, 'swmu.office');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.goto(`${h.baseUrl}/training/programmes`);
    await h.page.getByTestId('programme-link').filter({ hasText: '心血管内科' }).first().click();
    const trainees = h.page.getByTestId('enrolment-table');
    await trainees.locator('tr', { hasText: '已返岗' }).first().waitFor();
    await shot('06-programme');
    expect(pageErrors).toEqual([]);
  });
});
