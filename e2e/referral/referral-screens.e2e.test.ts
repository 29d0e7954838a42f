import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../packages/domain/src/id-number.js';
import { signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// The other referral screens: reserved capacity at the receiving hospital, the consortium office's
// deadlines, and a down-referral whose follow-ups the county hospital records.

describe('referral capacity, deadlines and follow-ups in the browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  /** A picture once the lists have stopped loading. */
  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    return h.screenshot(`referral-screens-${name}`);
  };
  async function pick(fieldId: string, search: string, option: string) {
    const input = h.page.locator(`#${fieldId}`);
    await input.click();
    await input.fill(search);
    await h.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
  }
  const signOut = () => signOutThroughMenu(h);

  it('the 西南医大附院 administrator publishes reserved beds for a week in one form', async () => {
    await signInThroughForm(h, 'swmu.admin');
    await h.page.getByTestId('nav-capacity').click();
    await h.page.getByTestId('capacity-table').locator('tbody tr.ant-table-row').first().waitFor();
    await expect(h.page.getByTestId('capacity-booked').first().innerText()).resolves.toMatch(/^\d+\/\d+$/);

    await h.page.getByTestId('publish-capacity').click();
    const form = h.page.getByTestId('capacity-form');
    await pick('departmentId', '心血管', '心血管内科');
    await form.getByText('预留床位').click();
    const labels = h.page.locator('#labels');
    await labels.click();
    await labels.fill('胸痛中心监护床');
    await labels.press('Enter');
    await h.page.keyboard.press('Escape');
    // Two labels over the working days of the coming week.
    // Wait for the preview: the form recounts after the labels change.
    await form.getByText(/将发布 \d+ 条（\d+ 天 × 2 个名目）/).waitFor();
    await shot('01-publish');
    await form.getByTestId('form-submit').click();
    await h.page.getByText(/已发布 \d+ 条/).waitFor();
    await h.page.getByTestId('capacity-form').waitFor({ state: 'hidden' });

    const rows = h.page
      .locator('[data-testid="capacity-table"] tbody tr')
      .filter({ hasText: '胸痛中心监护床' });
    await rows.first().waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThan(0);
    await shot('02-capacity');

    // Unbooked, so it may go.
    await rows.first().getByRole('button', { name: /删除/ }).click();
    await h.page.getByTestId('confirm-delete').click();
    await expect.poll(() => rows.count()).toBe(before - 1);
  });

  it('the consortium office shortens the green-channel deadline', async () => {
    await signOut();
    await signInThroughForm(h, 'swmu.office');
    await h.page.getByTestId('consortium-overview').waitFor();
    await h.page.getByTestId('tab-referral-rules').click();
    const minutes = h.page.getByTestId('rule-greenMinutes');
    await minutes.waitFor();
    await expect(minutes.inputValue()).resolves.toBe('15');
    await minutes.fill('10');
    await h.page.getByTestId('save-rules').click();
    await h.page.getByText('已保存').first().waitFor();
    await h.page.reload();
    await h.page.getByTestId('rule-greenMinutes').waitFor();
    await expect(h.page.getByTestId('rule-greenMinutes').inputValue()).resolves.toBe('10');
    await shot('03-rules');

    // The office reads every referral of the consortium, and acts on none.
    await h.page.getByTestId('nav-referralAll').click();
    await h.page.getByTestId('referral-table').waitFor();
    await expect(h.page.getByTestId('create-referral').count()).resolves.toBe(0);
  });

  it('a down-referral with a follow-up plan, recorded at 叙永', async () => {
    await signOut();
    await signInThroughForm(h, 'swmu.doctor');
    await h.page.getByTestId('nav-referralNew').click();
    await h.page.getByTestId('referral-form').waitFor();
    await h.page.getByTestId('field-direction').getByText('下转').click();
    await pick('toInstitutionId', '叙永', '叙永县人民医院');
    await h.page.locator('#patient_name').fill('杨秀英');
    await h.page.locator('#patient_idNumber').fill(withCheckDigit('51052419510908002'));
    await pick('icd10Code', '脑梗', '脑梗死');
    await h.page.locator('#reason').fill('急性期治疗结束，转回县医院康复');
    await h.page
      .locator('#summary')
      .fill('右侧肢体无力 5 天，头颅 MRI 左侧基底节区急性梗死，经溶栓及抗血小板治疗后肌力恢复至 4 级。');
    // A down-referral without a plan is refused on the spot.
    await h.page.getByTestId('referral-send').click();
    await h.page.getByText('下转须填写康复或随访计划').waitFor();
    await h.page.locator('#plan').fill('康复训练每日 1 次；阿司匹林 100 mg qd；控制血压 <140/90 mmHg。');
    await h.page.getByTestId('add-follow-up').click();
    await h.page.locator('#followUps_0_title').fill('出院 2 周复查血压、肌力');
    await shot('04-down-referral');
    await h.page.getByTestId('referral-send').click();
    await h.page.locator('[data-testid="referral-detail"][data-status="requested"]').waitFor();

    await signOut();
    await signInThroughForm(h, 'xuyong.doctor');
    await h.page.locator('[data-testid="referral-row"]').filter({ hasText: '杨秀英' }).click();
    await h.page.getByTestId('action-accept').click();
    await h.page.getByRole('dialog').getByTestId('action-submit').click();
    await h.page.locator('[data-testid="referral-detail"][data-status="accepted"]').waitFor();

    await h.page.getByTestId('nav-followUps').click();
    const task = h.page
      .locator('[data-testid="follow-up-table"] tbody tr.ant-table-row')
      .filter({ hasText: '杨秀英' });
    await task.waitFor();
    await expect(task.innerText()).resolves.toContain('出院 2 周复查血压、肌力');
    await shot('05-follow-ups');
    await task.getByTestId('record-follow-up').click();
    const dialog = h.page.getByRole('dialog');
    await dialog.locator('textarea').fill('血压 132/82 mmHg，右侧肌力 4+ 级，继续康复训练。');
    await dialog.getByRole('button', { name: '记录随访' }).click();
    await h.page.getByText('随访已记录').waitFor();
    await expect.poll(() => task.count()).toBe(0);
    await h.page.getByText('已完成', { exact: true }).click();
    await h.page
      .locator('[data-testid="follow-up-table"] tbody tr.ant-table-row')
      .filter({ hasText: '132/82' })
      .waitFor();
  });

  it('the lists fit a phone and speak English', async () => {
    await h.page.setViewportSize({ width: 375, height: 812 });
    await h.page.goto(`${h.baseUrl}/referrals/inbox`);
    await h.page.getByTestId('referral-table').waitFor();
    const width = await h.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(376);
    await shot('06-inbox-phone');
    await h.page.getByTestId('referral-link').first().click();
    await h.page.getByTestId('referral-detail').waitFor();
    expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    await shot('07-detail-phone');

    await h.page.setViewportSize({ width: 1280, height: 800 });
    await h.page.evaluate(() => localStorage.setItem('yilian.lang', 'en'));
    await h.page.reload();
    await h.page.getByTestId('referral-detail').waitFor();
    const text = await h.page.locator('body').innerText();
    expect(text).toMatch(/Accepted/);
    expect(text).toMatch(/Timeline/);
    expect(text).not.toMatch(/处理经过/);
    await shot('08-detail-english');
  });
});
