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

// The closed loop of a two-way referral, in the browser, as the three people do it:
// the 叙永县人民医院 doctor refers a patient up to 西南医科大学附属医院 心血管内科; a doctor there
// finds it in the inbox, accepts it, books a reserved slot, records the arrival and completes it
// with a discharge summary; back at 叙永 the referring doctor reads the receipt (回执) and prints
// the slip. Screenshots of each step go to test-results/.

const RECEIVER = '西南医科大学附属医院';
const DEPARTMENT = '心血管内科';
// 510524 is 叙永县; born 1958-03-12; 003 is odd, so male.
const ID_NUMBER = withCheckDigit('51052419580312003');
const WRONG_CHECK = ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith('0') ? '1' : '0');
const PATIENT = '罗德明';
const DISCHARGE =
  '冠脉造影示前降支近段狭窄 90%，植入支架 1 枚。术后恢复好，出院：阿司匹林、替格瑞洛、阿托伐他汀，1 个月后心内科门诊复查。';

describe('two-way referral, from 叙永 to 西南医大附院 and back', () => {
  let h: Harness;
  let referralId = '';
  let referralCode = '';
  /** Script errors and console errors on any page of the story (failed requests aside). */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
    h.page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
    // The story needs the demo's referral accounts. Say plainly which one is missing, and what the
    // server answered, rather than fail later on a sign-in page.
    for (const username of ['xuyong.doctor', 'swmu.doctor']) {
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

  /** A picture once the lists have stopped loading. */
  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    return h.screenshot(`referral-${name}`);
  };
  const detail = () => h.page.getByTestId('referral-detail');
  async function waitForStatus(status: string) {
    await h.page
      .locator(`[data-testid="referral-detail"][data-status="${status}"]`)
      .waitFor({ timeout: 15_000 });
  }
  /** Opens an antd Select by its field id, types, and picks the option with this text. */
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
  async function dialogOk(dialog: Locator) {
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  it('the 叙永 doctor writes an up-referral and sends it', async () => {
    await signInThroughForm(h, 'xuyong.doctor');
    // A clinician lands on the referrals waiting for them.
    await h.page.waitForURL(/\/referrals\/inbox/);
    await h.page.getByTestId('referral-table').waitFor();
    await shot('01-xuyong-inbox');

    await h.page.getByTestId('nav-referralNew').click();
    await h.page.getByTestId('referral-form').waitFor();
    await h.page.getByTestId('field-urgency').getByText('加急').click();
    await pick('toInstitutionId', '西南医科', RECEIVER);
    await pick('toDepartmentId', '心血管', DEPARTMENT);
    await h.page.locator('#patient_name').fill(PATIENT);

    // A wrong check digit is caught as it is typed.
    await h.page.locator('#patient_idNumber').fill(WRONG_CHECK);
    await h.page.getByText('身份证号码校验位不正确').waitFor();
    // The right number fills birth date and sex.
    await h.page.locator('#patient_idNumber').fill(ID_NUMBER);
    await expect.poll(() => h.page.locator('#patient_birthDate').inputValue()).toBe('1958-03-12');
    await expect.poll(() => h.page.getByText('身份证号码校验位不正确').count()).toBe(0);
    await expect(
      h.page.getByTestId('field-sex').locator('.ant-radio-button-wrapper-checked').innerText(),
    ).resolves.toBe('男');
    await h.page.locator('#patient_phone').fill('13808301234');

    await pick('icd10Code', 'I20', '不稳定型心绞痛');
    await expect(h.page.locator('#diagnosisName').inputValue()).resolves.toBe('不稳定型心绞痛');
    await h.page
      .locator('#reason')
      .fill('反复胸痛 3 天，心电图 ST 段压低，本院不能开展冠脉造影，需上级医院介入评估。');
    await h.page
      .locator('#summary')
      .fill(
        '男，68 岁。3 天前活动后胸骨后压榨样疼痛，持续 10 余分钟，含服硝酸甘油可缓解。肌钙蛋白阴性。已予阿司匹林、氯吡格雷、阿托伐他汀。',
      );
    await shot('02-new-referral-form');

    await h.page.getByTestId('referral-send').click();
    await h.page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    await waitForStatus('requested');
    referralId = (await detail().getAttribute('data-id'))!;
    referralCode = (await h.page.getByTestId('referral-code').innerText()).trim();
    expect(referralCode).toMatch(/^ZZ\d{8}-\d{6}$/);
    // Masked for everyone, the deadline running, and the sender may only cancel.
    await expect(h.page.getByTestId('patient-id-number').innerText()).resolves.not.toContain(ID_NUMBER);
    await h.page.getByTestId('deadline-left').waitFor();
    await h.page.getByTestId('action-cancel').waitFor();
    await expect(h.page.getByTestId('action-accept').count()).resolves.toBe(0);
    await shot('03-sent');
  });

  it('the new-referral form fits a phone (375 px), the green channel in red', async () => {
    await h.page.setViewportSize({ width: 375, height: 812 });
    await h.page.goto(`${h.baseUrl}/referrals/new`);
    await h.page.getByTestId('referral-form').waitFor();
    await h.page.getByTestId('field-urgency').getByText('绿色通道').click();
    await h.page.getByTestId('green-channel-box').waitFor();
    await h.page.getByTestId('field-green-category').getByText('胸痛').click();
    const width = await h.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(376);
    const send = h.page.getByTestId('referral-send');
    // Sending on the green channel is a red button.
    await expect
      .poll(() => send.evaluate((b) => getComputedStyle(b).backgroundColor))
      .toBe('rgb(207, 19, 34)');
    await shot('04-new-referral-form-phone');
    await h.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('a 西南医大附院 doctor accepts it, books a slot, records the arrival and completes it', async () => {
    await signOut();
    await signInThroughForm(h, 'swmu.doctor');
    await h.page.waitForURL(/\/referrals\/inbox/);
    const row = h.page.locator(`[data-testid="referral-row"][data-code="${referralCode}"]`);
    await row.waitFor();
    await expect(row.getByTestId('status-tag').getAttribute('data-value')).resolves.toBe('requested');
    // The new referral is in the bell too.
    await expect.poll(() => h.page.getByTestId('notification-bell').getAttribute('data-unread')).toBe('1');
    await shot('05-swmu-inbox');

    await row.click();
    await waitForStatus('requested');
    await h.page.getByTestId('action-receive').waitFor();
    await h.page.getByTestId('action-reject').waitFor();

    // The receiver may see the full identity number, after a warning that the look is recorded.
    await h.page.getByTestId('reveal').click();
    await h.page.getByTestId('confirm-reveal').click();
    await expect.poll(() => h.page.getByTestId('patient-id-number').innerText()).toBe(ID_NUMBER);

    await h.page.getByTestId('action-accept').click();
    const dialog = h.page.getByRole('dialog');
    await dialog.getByText('接收转诊').first().waitFor();
    await dialogOk(dialog);
    await waitForStatus('accepted');

    await h.page.getByTestId('action-book').click();
    await h.page.getByTestId('slot-picker').waitFor();
    await h.page.getByTestId('slot-option').first().click();
    await shot('06-book-slot');
    await dialogOk(dialog);
    await waitForStatus('booked');
    await h.page.getByTestId('referral-booking').waitFor();

    await h.page.getByTestId('action-arrive').click();
    await h.page.getByTestId('confirm-action').click();
    await waitForStatus('in_progress');

    await h.page.getByTestId('action-complete').click();
    await h.page.getByTestId('field-discharge-summary').fill(DISCHARGE);
    await dialogOk(dialog);
    await waitForStatus('completed');
    await h.page.getByTestId('referral-receipt').waitFor();
    const actions = await h.page
      .locator('[data-testid="referral-timeline"] [data-testid="timeline-event"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(['created', 'submit', 'accept', 'book', 'arrive', 'complete']);
    await shot('07-completed');
  });

  it('back at 叙永, the referring doctor reads the receipt and prints the slip', async () => {
    await signOut();
    await signInThroughForm(h, 'xuyong.doctor');
    await h.page.waitForURL(/\/referrals\/inbox/);
    // Accepted, booked, completed: three notifications wait.
    await expect.poll(() => h.page.getByTestId('notification-bell').getAttribute('data-unread')).toBe('3');
    await h.page.getByTestId('notification-bell').click();
    const receiptNote = h.page.locator('[data-testid="notification-item"][data-kind="referral.complete"]');
    await receiptNote.waitFor();
    await h.page.waitForTimeout(400); // the drawer's slide-in, for the picture
    await shot('08-xuyong-notifications');
    await h.page.getByTestId('notifications-read-all').click();
    await expect.poll(() => h.page.getByTestId('notification-bell').getAttribute('data-unread')).toBe('0');
    await receiptNote.click();
    await h.page.waitForURL(new RegExp(`/referrals/${referralId}$`));
    await waitForStatus('completed');
    const receipt = h.page.getByTestId('referral-receipt');
    await receipt.waitFor();
    await expect(receipt.getByTestId('receipt-summary').innerText()).resolves.toContain('植入支架 1 枚');
    await shot('09-xuyong-receipt');

    await h.page.goto(`${h.baseUrl}/referrals/${referralId}/print`);
    const slip = h.page.getByTestId('referral-slip');
    await slip.waitFor();
    await slip.getByText('双向转诊单').first().waitFor();
    await expect(slip.getByText('双向转诊单').count()).resolves.toBe(1);
    await expect(h.page.getByTestId('slip-to').innerText()).resolves.toContain(RECEIVER);
    await expect(h.page.getByTestId('slip-receipt').innerText()).resolves.toContain('植入支架');
    await shot('10-slip');
    // On paper: A4, no toolbar.
    await h.page.emulateMedia({ media: 'print' });
    await expect(h.page.getByTestId('print-now').isVisible()).resolves.toBe(false);
    const pdf = path.join(OUTPUT, 'referral-slip.pdf');
    await h.page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(fs.statSync(pdf).size).toBeGreaterThan(10_000);
    await h.page.emulateMedia({ media: 'screen' });
  });

  it('a notification arrives live, without reloading', async () => {
    await h.page.goto(`${h.baseUrl}/referrals/outbox`);
    await h.page.getByTestId('referral-table').waitFor();
    // Everything was read above: the count starts from nothing.
    await expect.poll(() => h.page.getByTestId('notification-bell').getAttribute('data-unread')).toBe('0');

    // The 叙永 doctor's session (the browser's cookies) sends another referral; the receiver,
    // signed in elsewhere, rejects it. The open page hears of it over the event stream.
    const sent = await h.page.request.post(`${h.baseUrl}/api/v1/referrals`, {
      data: {
        direction: 'up',
        urgency: 'routine',
        toInstitutionId: await institutionId(RECEIVER),
        patient: {
          name: '王淑芬',
          sex: 'female',
          birthDate: '1962-07-01',
          idType: 'resident_id',
          idNumber: withCheckDigit('51052419620701002'),
        },
        icd10Code: 'I10',
        diagnosisName: '原发性高血压',
        reason: '血压控制不佳',
        summary: '三药联合血压仍 170/100 mmHg',
        submit: true,
      },
    });
    expect(sent.status()).toBe(201);
    const second = (await sent.json()) as { id: string; code: string };
    const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'swmu.doctor', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const rejected = await fetch(`${h.baseUrl}/api/v1/referrals/${second.id}/reject`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '本科室床位已满，建议转市人民医院' }),
    });
    expect(rejected.status).toBe(200);

    await expect
      .poll(() => h.page.getByTestId('notification-bell').getAttribute('data-unread'), { timeout: 15_000 })
      .toBe('1');
    await h.page.locator('.ant-notification-notice').filter({ hasText: '转诊被拒绝' }).waitFor();
    // The list was refetched too: this referral's row shows its new state (the demo history holds
    // other rejected referrals, so the row is found by its code).
    await h.page
      .locator(
        `[data-testid="referral-row"][data-code="${second.code}"] [data-testid="status-tag"][data-value="rejected"]`,
      )
      .waitFor();
    await h.page.waitForTimeout(400); // the toast's entrance, for the picture
    await shot('11-live-notification');
  });

  it('raised no script errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });

  async function institutionId(name: string): Promise<string> {
    const res = await h.page.request.get(`${h.baseUrl}/api/v1/institutions`, { params: { q: name } });
    const page = (await res.json()) as { items: { id: string; name: string }[] };
    return page.items.find((i) => i.name === name)!.id;
  }
});
