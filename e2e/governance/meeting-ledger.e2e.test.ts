import ExcelJS from 'exceljs';
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// A meeting and its ledger in the browser. 西苑's office plans a hybrid work-group meeting and
// invites the stationed expert, starts it and shows the door's QR code; it raises a problem in
// the meeting and assigns it to the expert. The expert signs in by the code, finds the problem in
// 我的待办, starts it, reports progress and resolves it. The office, who raised it, confirms and
// closes it, publishes the minutes, and downloads the ledger, read back with exceljs.

describe('meeting and problem ledger', () => {
  let h: Harness;
  const pageErrors: string[] = [];
  let meetingUrl = '';
  let doorUrl = '';
  let problemUrl = '';
  const TITLE = `工作组座谈会 ${dayjs().format('MMDDHHmmss')}`;
  const PROBLEM = '康复中心开业前人员培训未落实';

  beforeAll(async () => {
    h = await startHarness();
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => h?.close());

  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    return h.screenshot(`governance-${name}`);
  };
  const signOut = () => signOutThroughMenu(h);
  /** Types into an antd Select (searching on the server) and picks the option with the text. */
  async function pick(
    select: ReturnType<Harness['page']['getByTestId']>,
    search: string,
    option: string | RegExp,
  ) {
    await select.click();
    await h.page.keyboard.type(search);
    await h.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
  }
  async function act(action: string, fill?: () => Promise<void>) {
    await h.page.getByTestId(`action-${action}`).click();
    if (fill) await fill();
    await h.page.getByTestId('action-submit').click();
  }
  const status = (testId: string, text: string) =>
    h.page.getByTestId(testId).filter({ hasText: text }).first().waitFor();

  it('the office plans the meeting, starts it and shows the door code', async () => {
    await signInThroughForm(h, 'xiyuan.office');
    await h.page.getByTestId('nav-meetings').click();
    await h.page.getByTestId('meeting-table').getByText('西苑医院山西医院工作组座谈会').waitFor();
    await h.page.getByTestId('new-meeting').click();
    const form = h.page.getByTestId('meeting-form');
    await form.getByTestId('meeting-title').fill(TITLE);
    await form.getByTestId('meeting-room').fill('行政楼三楼会议室');
    await form.getByTestId('meeting-link').fill('https://meeting.example.cn/j/1128');
    // A picker with a time needs its OK (Enter would submit the whole form).
    await form.getByTestId('meeting-starts').click();
    await h.page.keyboard.type(dayjs().add(1, 'hour').format('YYYY-MM-DD HH:mm'));
    await h.page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
    await form.getByTestId('agenda-title').first().fill('各工作组汇报工作与问题');
    await pick(form.getByTestId('meeting-invitees'), '驻晋', '西苑医院驻晋专家');
    await h.page.keyboard.press('Escape');
    await shot('01-new-meeting');
    await h.page.getByTestId('form-submit').filter({ visible: true }).click();
    await h.page.getByTestId('meeting-heading').filter({ hasText: TITLE }).waitFor();
    meetingUrl = h.page.url();
    await status('meeting-status', '待召开');
    await act('start');
    await status('meeting-status', '进行中');
    await h.page.getByTestId('show-qr').click();
    await h.page.getByTestId('door-qr').waitFor();
    const url = h.page.getByTestId('door-url');
    await url.waitFor();
    doorUrl = (await url.getAttribute('data-url'))!;
    expect(doorUrl).toContain('/check-in?token=');
    await shot('02-door-qr');
    await h.page.keyboard.press('Escape');
  });

  it('a problem is raised in the meeting and assigned to the expert', async () => {
    await h.page.getByTestId('raise-problem').click();
    const form = h.page.getByTestId('problem-form');
    await form.getByTestId('problem-title').fill(PROBLEM);
    await form
      .getByTestId('problem-description')
      .fill('现代康复中心开业前，康复治疗师和护理人员的岗前培训计划尚未制定。');
    await pick(form.getByTestId('problem-affected'), '山西', '西苑医院山西医院');
    await h.page.keyboard.press('Escape');
    await h.page.getByTestId('form-submit').click();
    await h.page.getByTestId('meeting-problems').getByText(PROBLEM).waitFor();
    await shot('03-meeting-problem');
    await h.page
      .getByTestId('meeting-problems')
      .getByTestId('problem-link')
      .filter({ hasText: PROBLEM })
      .click();
    await status('problem-status', '已提出');
    problemUrl = h.page.url();
    await h.page.getByTestId('problem-meeting').filter({ hasText: TITLE }).waitFor(); // linked both ways
    await act('assign', async () => {
      const dialog = h.page.getByTestId('problem-action-dialog');
      await pick(dialog.getByTestId('assign-department'), '康复', /康复医学科 · 西苑医院山西医院/);
      await pick(dialog.getByTestId('assign-responsible'), '驻晋', '西苑医院驻晋专家');
      await dialog.getByTestId('assign-deadline').click();
      await h.page.keyboard.type(dayjs().add(30, 'day').format('YYYY-MM-DD'));
      await h.page.keyboard.press('Tab');
    });
    await status('problem-status', '已交办');
    await shot('04-assigned');
    await signOut();
  });

  it('the expert signs in by the code, and works and resolves the problem from 我的待办', async () => {
    await signInThroughForm(h, 'xiyuan.expert');
    await h.page.getByTestId('nav-myWork').click();
    const work = h.page.getByTestId('my-work');
    await work.getByText(PROBLEM).waitFor();
    await work.getByText(TITLE).waitFor();
    await shot('05-my-work');
    await h.page.goto(doorUrl);
    await h.page.getByTestId('check-in-done').waitFor();
    await shot('06-checked-in');
    await h.page.goto(problemUrl);
    await act('start');
    await status('problem-status', '整改中');
    await h.page.getByTestId('entry-input').fill('已制定岗前培训计划，首批12人进入培训');
    await h.page.getByTestId('add-progress').click();
    await h.page.getByTestId('problem-history').getByText('首批12人进入培训').waitFor();
    await act('resolve', async () => {
      await h.page.getByTestId('resolve-measures').fill('岗前培训计划已执行，考核合格后上岗');
    });
    await status('problem-status', '已整改');
    await shot('07-resolved');
    await signOut();
  });

  it('the raiser confirms, the office closes it and publishes the minutes', async () => {
    await signInThroughForm(h, 'xiyuan.office');
    await h.page.getByTestId('nav-myWork').click();
    await h.page.getByTestId('my-work').getByText('待我确认整改结果').first().waitFor();
    await h.page.goto(problemUrl);
    await act('verify', async () => {
      await h.page.getByTestId('action-note').fill('已现场核实培训记录');
    });
    await status('problem-status', '已确认');
    await act('close');
    await status('problem-status', '已销号');
    await shot('08-closed');
    await h.page.goto(meetingUrl);
    await h.page
      .getByTestId('minutes-input')
      .fill('各工作组汇报了工作与问题，康复中心人员培训问题纳入台账并已销号。');
    await h.page.getByTestId('save-minutes').click();
    await h.page.getByTestId('save-minutes').and(h.page.locator('[disabled]')).waitFor();
    await act('finish');
    await status('meeting-status', '已召开');
    await act('publish');
    await status('meeting-status', '纪要已发布');
    await h.page
      .getByTestId('my-invitation')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await shot('09-published');
  });

  it('the ledger downloads as xlsx with the problem in the ledger layout', async () => {
    await h.page.getByTestId('nav-problems').click();
    await h.page.getByTestId('problem-table').getByText(PROBLEM).waitFor();
    await h.page.getByTestId('ledger-figures').waitFor();
    await shot('10-ledger');
    const href = await h.page.getByTestId('ledger-export').getAttribute('href');
    const res = await h.page.request.get(`${h.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.body()) as never);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '序号',
      '问题',
      '类别',
      '责任部门',
      '整改措施',
      '完成时限',
      '进展情况',
      '状态',
    ]);
    const rows = sheet
      .getRows(2, sheet.rowCount - 1)!
      .map((r) => (r.values as unknown[]).slice(1).map(String));
    const mine = rows.find((r) => r[1]!.includes(PROBLEM));
    expect(mine).toBeDefined();
    expect(mine!.slice(2)).toEqual([
      '共性',
      expect.stringContaining('康复医学科'),
      '岗前培训计划已执行，考核合格后上岗',
      dayjs().add(30, 'day').format('YYYY-MM-DD'),
      '已制定岗前培训计划，首批12人进入培训',
      '已销号',
    ]);
    // The five proposals of the work-group meeting are there too.
    expect(rows.filter((r) => r[0]!.startsWith('2023-')).length).toBe(5);
  });

  it('a quarterly series (例会) is planned by its rule, once a quarter for a year', async () => {
    // 海门's council adopted a 例会制度: the office plans the series on a phone, and the rule in
    // force is offered and already chosen for a regular series.
    await signOut();
    await signInThroughForm(h, 'haimen.office');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.setViewportSize({ width: 375, height: 800 });
    await h.page.goto(`${h.baseUrl}/meetings`);
    await h.page.getByTestId('new-series').click();
    const drawer = h.page.locator('.ant-drawer-open');
    await drawer.locator('input#title').fill('医联体季度例会');
    await drawer.locator('input#room').fill('行政楼三楼会议室');
    await expect
      .poll(() => h.page.getByTestId('series-rule').innerText())
      .toContain('海门市中医院医联体例会制度（试行）');
    expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    await shot('11-series-phone');
    await h.page.getByTestId('form-submit').filter({ visible: true }).click();
    await h.page.getByText('已排期 4 次会议').waitFor();
    await h.page.setViewportSize({ width: 1280, height: 800 });
    const planned = h.page.getByTestId('meeting-link').filter({ hasText: '医联体季度例会' });
    await planned.first().waitFor();
    await shot('12-series');
    // Each planned meeting names the rule it follows, linked to the document.
    await planned.first().click();
    await expect
      .poll(() => h.page.getByTestId('meeting-rule').innerText())
      .toBe('海门市中医院医联体例会制度（试行）');
    await shot('13-series-meeting-rule');
    expect(pageErrors).toEqual([]);
  });
});
