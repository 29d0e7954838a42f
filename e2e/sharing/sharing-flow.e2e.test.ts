import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../packages/domain/src/id-number.js';
import { signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// Shared equipment and mutual recognition of results (检查检验结果互认), in the browser: the
// 常乐 doctor books a head CT on 海门市中医院's CT; the hospital confirms and completes it with
// a result; when the CT is ordered again for the same patient the earlier result is shown and
// reused, and nothing is booked. Screenshots go to test-results/.

const ID_NUMBER = withCheckDigit('32068419620304006');
const PATIENT = '陆桂英';
const CT = '64排螺旋CT';

/** The next Monday-to-Friday after today (the demo CT opens on weekdays). */
function nextWeekday(): string {
  const d = new Date(Date.now() + 8 * 3600_000); // China time
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

describe('shared CT and mutual recognition, 常乐 and 海门市中医院', () => {
  let h: Harness;
  let resourceUrl = '';
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
    return h.screenshot(`sharing-${name}`);
  };
  const signOut = () => signOutThroughMenu(h);
  async function fillPatientAndExam() {
    const drawer = h.page.getByTestId('booking-drawer');
    await drawer.locator('#patient_name').fill(PATIENT);
    await drawer.locator('#patient_idNumber').fill(ID_NUMBER);
    await expect.poll(() => drawer.locator('#patient_birthDate').inputValue()).toBe('1962-03-04');
    await drawer.locator('#examCode').fill('CT-HEAD');
    await drawer.locator('#examName').fill('头颅 CT 平扫');
  }
  async function openCtDay() {
    await h.page.getByTestId('nav-sharingResources').click();
    await h.page.getByTestId('resource-link').filter({ hasText: CT }).first().click();
    await h.page.getByTestId('resource-detail').waitFor();
    resourceUrl = h.page.url().split('?')[0]!;
    await h.page.goto(`${resourceUrl}?date=${nextWeekday()}`);
    await h.page.getByTestId('slot').first().waitFor();
  }

  it('the 常乐 doctor books a head CT at 海门市中医院', async () => {
    await signInThroughForm(h, 'changle.doctor');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-sharingResources').waitFor();
    await openCtDay();
    await shot('01-resource-slots');
    await h.page.locator('[data-testid="slot"]:not([disabled])').first().click();
    await fillPatientAndExam();
    await shot('02-booking-form');
    await h.page.getByTestId('booking-submit').click();
    // No earlier result: booked straight away.
    await h.page.getByTestId('booking-drawer').getByText('已预约').first().waitFor();
    await h.page.getByTestId('booking-drawer').getByRole('button', { name: '关闭' }).click();
    await h.page.getByTestId('nav-sharingBookings').click();
    await h.page.getByTestId('booking-table').getByText(PATIENT).waitFor();
    await shot('03-our-bookings');
    await signOut();
  });

  it('海门市中医院 confirms it and completes it with the result', async () => {
    await signInThroughForm(h, 'haimen.doctor');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-sharingAtOurs').click();
    await h.page.getByTestId('booking-table').getByText(PATIENT).waitFor();
    await h.page.getByTestId('booking-action-confirm').first().click();
    await h.page.getByTestId('confirm-action').click();
    await h.page.locator('[data-testid="booking-status"][data-value="confirmed"]').first().waitFor();
    await h.page.getByTestId('booking-action-complete').first().click();
    await h.page.locator('#resultSummary').fill('颅内未见出血及占位，脑室系统未见扩张。');
    await shot('04-complete-with-result');
    await h.page.getByTestId('action-submit').click();
    await h.page.locator('[data-testid="booking-status"][data-value="completed"]').first().waitFor();
    await shot('05-at-our-resources');
    await signOut();
  });

  it('ordered again, the earlier result is shown and reused: nothing is booked', async () => {
    await signInThroughForm(h, 'changle.doctor');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-sharingResources').waitFor();
    await openCtDay();
    await h.page.locator('[data-testid="slot"]:not([disabled])').first().click();
    await fillPatientAndExam();
    await h.page.getByTestId('booking-submit').click();
    const prompt = h.page.getByTestId('recognition-prompt');
    await prompt.waitFor();
    await expect(prompt.getByTestId('recognition-result').first().innerText()).resolves.toContain(
      '颅内未见出血',
    );
    await shot('06-recognition-prompt');
    await prompt.getByTestId('recognition-reuse').click();
    await h.page.getByTestId('recognition-reused').waitFor();
    await shot('07-result-reused');
    await h.page.getByTestId('booking-drawer').getByRole('button', { name: '关闭' }).click();

    await h.page.getByTestId('nav-sharingFigures').click();
    await h.page.getByTestId('utilisation-table').waitFor();
    await h.page.locator('.ant-statistic').first().waitFor();
    await shot('08-figures');
  });

  it('had no script errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
