import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// The 海门市中医院医联体 office signs in and lands on its consortium overview: lead, backbone and
// member institutions from the report, with the counts.
describe('consortium overview in the browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('the 海门 office signs in and sees its structure', async () => {
    await signInThroughForm(h, 'haimen.office');
    const overview = h.page.getByTestId('consortium-overview');
    await overview.waitFor({ timeout: 30_000 });
    await expect(overview.getByText('海门市中医院医联体').first().isVisible()).resolves.toBe(true);
    const lead = h.page.getByTestId('structure-lead');
    await lead.getByText('海门市中医院', { exact: true }).first().waitFor();
    const backbone = h.page.getByTestId('structure-backbone');
    await backbone.getByText('海门市第二人民医院').first().waitFor();
    await backbone.getByText('海门市第三人民医院').first().waitFor();
    await h.page.getByTestId('structure-member').getByText('海门市常乐镇卫生院').first().waitFor();
    const file = await h.screenshot('consortium-overview-haimen');
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  it('is usable at phone width', async () => {
    await h.page.setViewportSize({ width: 375, height: 812 });
    await h.page.reload();
    await h.page.getByTestId('consortium-overview').waitFor();
    const width = await h.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375 + 1);
    await h.screenshot('consortium-overview-haimen-phone');
  });

  it('membership takes both sides: 西苑 invites 海门市第二人民医院, whose administrator accepts', async () => {
    await h.page.setViewportSize({ width: 1280, height: 800 });
    await signOutThroughMenu(h);
    await signInThroughForm(h, 'xiyuan.office');
    await h.page.getByTestId('consortium-overview').waitFor({ timeout: 30_000 });
    await h.page.goto(`${h.baseUrl}/invitations`);
    await h.page.getByTestId('invite-open').click();
    await h.page.getByTestId('invite-code').fill('HM-PH2');
    await h.page.getByTestId('invite-submit').click();
    await h.page.getByText('已向“海门市第二人民医院”发出邀请').waitFor();
    const sent = h.page.getByTestId('invitation-table').locator('tr', { hasText: '海门市第二人民医院' });
    await sent.getByText('待答复').waitFor();
    await h.page.getByTestId('invite-submit').waitFor({ state: 'hidden' });
    await h.screenshot('invitation-sent-xiyuan');

    // The hospital's administrator finds the invitation waiting in 我的待办 and answers it.
    await signOutThroughMenu(h);
    await signInThroughForm(h, 'haimen2.admin');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.goto(`${h.baseUrl}/my-work`);
    await h.page.locator('[data-testid="my-work-item"][data-kind="invitation"] a').first().click();
    await h.page.waitForURL((u) => u.pathname === '/invitations');
    const row = h.page.getByTestId('invitation-table').locator('tr', { hasText: '西苑医院' });
    await row.getByTestId('invitation-accept').click();
    await h.page.getByTestId('invitation-confirm').click();
    await h.page.getByText('已接受邀请，成员关系已生效').waitFor();
    await row.getByText('已接受').waitFor();
    await h.page.getByTestId('invitation-confirm').waitFor({ state: 'hidden' });
    await h.screenshot('invitation-accepted-haimen2');
    await signOutThroughMenu(h);
    await signInThroughForm(h, 'haimen.office');
    await h.page.getByTestId('consortium-overview').waitFor({ timeout: 30_000 });
  });

  it('switches to English', async () => {
    await h.page.setViewportSize({ width: 1280, height: 800 });
    await h.page.evaluate(() => localStorage.setItem('yilian.lang', 'en'));
    await h.page.reload();
    await h.page.getByTestId('consortium-overview').waitFor();
    const text = await h.page.locator('body').innerText();
    expect(text).toMatch(/Lead|Backbone|Members/);
  });
});
