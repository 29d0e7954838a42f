import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { withCheckDigit } from '../../packages/domain/src/id-number.js';
import {
  DEMO_PASSWORD,
  OUTPUT,
  signInThroughForm,
  signOutThroughMenu,
  startHarness,
  type Harness,
} from '../harness.js';

// A remote consultation (远程会诊), in the browser, as the two sides do it: the doctor at
// 海门市常乐镇卫生院 (a township health centre) asks 海门市中医院 for a consultation, on a phone;
// the centre's doctor at 海门市中医院 accepts it and assigns an expert, schedules the video
// session, writes the opinion and signs the report; back at 常乐 the requester reads the signed
// report, rates it and opens the printable 远程会诊报告. Screenshots of each step go to test-results/.

const CENTRE = '海门市中医院';
// 320684 is 海门市; born 1955-06-18; 005 is odd, so male.
const ID_NUMBER = withCheckDigit('32068419550618005');
const PATIENT = '施根林';
const CASE =
  '男，70 岁。突发右侧肢体无力伴言语不清 6 小时，头颅 CT 未见出血。既往高血压 15 年。本院无 MRI 及神经内科专科医师。';
const QUESTION = '请协助明确诊断，是否需要转上级医院进一步治疗？';
const OPINION =
  '考虑急性缺血性脑卒中（左侧大脑中动脉供血区）。已超溶栓时间窗，建议：阿司匹林联合氯吡格雷双抗 21 天，强化降脂，控制血压；尽快完善头颅 MRI+DWI，如症状加重即转我院神经内科。';
const VIDEO = 'https://meeting.example.cn/j/20260601';
// A one-pixel PNG: the ECG photo the township doctor attaches.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('remote consultation, from 常乐镇卫生院 to 海门市中医院 and back', () => {
  let h: Harness;
  let consultationUrl = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
    h.page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
    // The story needs both demo accounts. Say plainly which one is missing, and what the server
    // answered, rather than fail later on a sign-in page.
    for (const username of ['changle.doctor', 'haimen.doctor']) {
      const res = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (!res.ok)
        throw new Error(
          `demo account ${username} cannot sign in: POST /api/v1/auth/login -> ${res.status} ${await res.text()}`,
        );
    }
  });
  afterAll(async () => h?.close());

  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    return h.screenshot(`consultation-${name}`);
  };
  async function waitForStatus(status: string) {
    await h.page
      .locator(`[data-testid="consultation-detail"][data-status="${status}"]`)
      .waitFor({ timeout: 15_000 });
  }
  const openDropdown = () => h.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  async function pick(fieldId: string, search: string, option: string) {
    const input = h.page.locator(`#${fieldId}`);
    await input.click();
    await input.fill(search);
    await openDropdown().locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  }
  const signOut = () => signOutThroughMenu(h);
  async function submitDialog(dialog: Locator) {
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden' });
  }
  const dialog = () => h.page.locator('.ant-modal').filter({ has: h.page.getByTestId('action-submit') });

  it('the 常乐 doctor asks 海门市中医院 for a consultation, on a phone', async () => {
    await signInThroughForm(h, 'changle.doctor');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-consultationNew').click();
    await h.page.getByTestId('consultation-form').waitFor();

    // The form as it is on a phone (375 px): one column, the send button at hand.
    await h.page.setViewportSize({ width: 375, height: 812 });
    await pick('centerInstitutionId', '中医院', CENTRE);
    await h.page.locator('#patient_name').fill(PATIENT);
    await h.page.locator('#patient_idNumber').fill(ID_NUMBER);
    await expect.poll(() => h.page.locator('#patient_birthDate').inputValue()).toBe('1955-06-18');
    await h.page.locator('#patient_phone').fill('13962812345');
    await pick('icd10Code', 'I63', '脑梗死');
    await h.page.locator('#caseSummary').fill(CASE);
    await h.page.locator('#question').fill(QUESTION);
    await h.page.locator('#question').blur();
    // Nothing sticks out sideways on a phone.
    const overflow = await h.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('01-request-form-375');
    await h.page.setViewportSize({ width: 1280, height: 800 });

    await h.page.getByTestId('consultation-send').click();
    await h.page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    consultationUrl = h.page.url();
    await waitForStatus('requested');
    await expect(h.page.getByTestId('case-summary').innerText()).resolves.toBe(CASE);

    // The ECG photo goes with it.
    await h.page
      .getByTestId('consultation-attachments')
      .locator('input[type=file]')
      .setInputFiles({ name: '心电图.png', mimeType: 'image/png', buffer: PNG });
    await h.page.getByTestId('attachment-link').filter({ hasText: '心电图.png' }).waitFor();
    await shot('02-requested');
    // The requester can only cancel while it waits.
    await h.page.getByTestId('action-cancel').waitFor();
    await expect(h.page.getByTestId('action-cancel').count()).resolves.toBe(1);
    await expect(h.page.getByTestId('action-accept').count()).resolves.toBe(0);
    await signOut();
  });

  it('the centre at 海门市中医院 accepts it and assigns an expert', async () => {
    await signInThroughForm(h, 'haimen.doctor');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-consultationIncoming').click();
    await h.page.getByTestId('consultation-table').waitFor();
    const row = h.page.getByTestId('consultation-link').filter({ hasText: PATIENT });
    await row.waitFor();
    await shot('03-centre-incoming');
    await row.click();
    await waitForStatus('requested');
    await h.page.getByTestId('attachment-link').filter({ hasText: '心电图.png' }).waitFor();

    await h.page.getByTestId('action-accept').click();
    const d = dialog();
    await d.waitFor();
    // Submitting without an expert is refused on the spot.
    await d.getByTestId('action-submit').click();
    await d.getByText('请至少指派一名专家').waitFor();
    // A physician of the centre (主任医师), picked from the centre's staff.
    await h.page.locator('#expertStaffIds').click();
    const option = openDropdown()
      .locator('.ant-select-item-option')
      .filter({ hasText: '· 主任医师 ·' })
      .first();
    await option.waitFor();
    const expertLabel = (await option.innerText()).split(' · ')[0]!.trim();
    const chosen = d.locator('.ant-select-selection-item');
    for (let i = 0; i < 3 && (await chosen.count()) === 0; i++) {
      await option.click();
      await chosen
        .first()
        .waitFor({ timeout: 2_000 })
        .catch(() => undefined);
    }
    await expect(chosen.first().innerText()).resolves.toContain(expertLabel);
    await h.page.keyboard.press('Escape');
    await shot('04-accept-with-expert');
    await submitDialog(d);
    await waitForStatus('accepted');
    await expect(h.page.getByTestId('consultation-experts').innerText()).resolves.toContain(expertLabel);
  });

  it('the centre schedules the video session, writes and signs the report', async () => {
    await h.page.getByTestId('action-schedule').click();
    const d = dialog();
    await d.waitFor();
    // Not a link: refused before it is sent.
    await h.page.locator('#videoLink').fill('meeting room 3');
    await d.getByTestId('action-submit').click();
    await d.getByText('请输入以 http:// 或 https:// 开头的链接').waitFor();
    await h.page.locator('#videoLink').fill(VIDEO);
    await submitDialog(d);
    await waitForStatus('scheduled');
    await expect(h.page.getByTestId('open-video').getAttribute('href')).resolves.toBe(VIDEO);
    await shot('05-scheduled');

    await h.page.getByTestId('action-report').click();
    await dialog().waitFor();
    await h.page.locator('#opinion').fill(OPINION);
    await submitDialog(dialog());
    await waitForStatus('reported');
    await expect(h.page.getByTestId('opinion-text').innerText()).resolves.toBe(OPINION);

    await h.page.getByTestId('action-sign').click();
    await h.page.getByTestId('confirm-action').click();
    await waitForStatus('completed');
    await h.page.getByTestId('signed-tag').waitFor();
    await h.page.getByTestId('confirm-action').waitFor({ state: 'detached' });
    await shot('06-signed');
    await signOut();
  });

  it('the 常乐 doctor reads the signed report, rates it and prints it', async () => {
    await signInThroughForm(h, 'changle.doctor');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-consultationRequested').click();
    await h.page.getByTestId('consultation-table').waitFor();
    await h.page
      .getByTestId('consultation-table')
      .locator('[data-testid="status-tag"][data-value="completed"]')
      .first()
      .waitFor();
    await h.page.getByTestId('consultation-link').filter({ hasText: PATIENT }).click();
    expect(h.page.url()).toBe(consultationUrl);
    await waitForStatus('completed');
    await expect(h.page.getByTestId('opinion-text').innerText()).resolves.toBe(OPINION);
    await expect(h.page.getByTestId('signed-tag').innerText()).resolves.toContain('海门市中医院会诊中心医师');

    await h.page.getByTestId('action-rate').click();
    await dialog().waitFor();
    // Four stars of five.
    await h.page.getByTestId('field-rating').locator('.ant-rate-star').nth(3).click();
    await submitDialog(dialog());
    await h.page.getByTestId('action-rate').waitFor({ state: 'detached' });
    await expect(
      h.page.getByTestId('consultation-rating').locator('.ant-rate-star-full').count(),
    ).resolves.toBe(4);
    await shot('07-requester-sees-report');

    await h.page.getByTestId('print-report').click();
    const report = h.page.getByTestId('consultation-report');
    await report.waitFor();
    await expect(report.locator('h1').innerText()).resolves.toBe('远程会诊报告');
    await expect(h.page.getByTestId('report-opinion').innerText()).resolves.toBe(OPINION);
    await expect(h.page.getByTestId('report-signed-by').innerText()).resolves.toBe(
      '海门市中医院会诊中心医师',
    );
    await shot('08-print-report');
    // And as paper: the toolbar is gone.
    await h.page.emulateMedia({ media: 'print' });
    await expect(h.page.getByTestId('print-now').isVisible()).resolves.toBe(false);
    await h.page.pdf({ path: path.join(OUTPUT, 'consultation-report.pdf'), format: 'A4' });
    await h.page.emulateMedia({ media: 'screen' });
    expect(fs.existsSync(path.join(OUTPUT, 'consultation-08-print-report.png'))).toBe(true);
  });

  it('had no script errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
