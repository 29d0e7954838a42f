import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, startHarness, type Harness } from '../harness.js';

// The 西苑医院 regional-centre office plans the next quarter's expert rotation in the browser:
// it writes the plan, solves it (the solve runs in the background while the page shows its
// progress), locks one assignment in the grid, solves again and sees the lock held in version 2.
// Screenshots go to test-results/.

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** The demo files demand from the first of next month (China time) for half a year. */
function quarter(): [string, string] {
  const now = new Date(Date.now() + 8 * 3600_000);
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 4, 1) - DAY;
  return [iso(start), iso(end)];
}
const PLAN = '季度专家轮派（浏览器测试）';

describe('rotation plan: build, solve, lock, solve again', () => {
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
    return h.screenshot(`dispatch-${name}`);
  };

  it('the office reads the fourth batch and the demo plan solved at start', async () => {
    await signInThroughForm(h, 'xiyuan.office');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-dispatchBatches').click();
    await h.page.getByTestId('batch-link').filter({ hasText: '第四批专家组' }).click();
    await h.page.getByTestId('member-table').getByText('执行副院长').waitFor();
    await shot('00-batch-members');
    await h.page.getByTestId('nav-dispatchPlans').click();
    await h.page.getByTestId('plan-link').filter({ hasText: '下半年专家轮派计划' }).click();
    await expect.poll(() => h.page.getByTestId('plan-cell').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('00-demo-plan');
  });

  it('the office writes a plan for the quarter', async () => {
    await h.page.getByTestId('nav-dispatchPlans').click();
    await h.page.getByTestId('plan-table').waitFor();
    await h.page.getByTestId('create-plan').click();
    const form = h.page.getByTestId('plan-form');
    await form.locator('#name').fill(PLAN);
    const [start, end] = quarter();
    const inputs = form.locator('.ant-picker-range input');
    await inputs.nth(0).click();
    await inputs.nth(0).fill(start);
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill(end);
    await shot('01-plan-form');
    // Enter in the end date confirms the range, and the form submits on Enter.
    await inputs.nth(1).press('Enter');
    await form.waitFor({ state: 'hidden' });
    await h.page.getByTestId('plan-link').filter({ hasText: PLAN }).click();
    await h.page.getByTestId('plan-solve').waitFor();
    await shot('02-plan-draft');
  });

  it('solves it in the background and shows the grid', async () => {
    await h.page.getByTestId('plan-solve').click();
    await h.page.getByTestId('plan-grid').waitFor({ timeout: 60_000 });
    await expect.poll(() => h.page.getByTestId('plan-cell').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => h.page.getByTestId('version-select').innerText()).toContain('第 1 版');
    await shot('03-plan-solved');
  });

  it('locks one assignment, solves again, and the lock holds', async () => {
    const cell = h.page.locator('[data-testid="plan-cell"][data-locked="false"]').first();
    const expert = await cell.getAttribute('data-expert');
    const period = await cell.getAttribute('data-period');
    const site = await cell.innerText();
    await cell.click();
    const same = h.page.locator(
      `[data-testid="plan-cell"][data-expert="${expert}"][data-period="${period}"]`,
    );
    await expect.poll(() => same.getAttribute('data-locked')).toBe('true');
    await shot('04-plan-locked');
    await h.page.getByTestId('plan-solve').click();
    await expect
      .poll(() => h.page.getByTestId('version-select').innerText(), { timeout: 60_000 })
      .toContain('第 2 版');
    await expect.poll(() => same.getAttribute('data-locked')).toBe('true');
    expect((await same.innerText()).trim()).toBe(site.trim());
    await shot('05-plan-resolved-lock-held');
    await h.page.getByRole('tab', { name: '版本对比' }).click();
    await h.page.getByText('未变').first().waitFor();
    await shot('06-plan-compare');
    await h.page.getByRole('tab', { name: /未满足的需求/ }).click();
    await shot('07-plan-unmet');
    expect(pageErrors).toEqual([]);
  });
});
