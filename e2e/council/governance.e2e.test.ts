import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, signOutThroughMenu, startHarness, type Harness } from '../harness.js';

// Governance in the browser. 海门's office sees its council and the three documents it adopted;
// it puts the draft 考核办法 to the vote, votes, and so does the 二院 administrator; two of ten
// seats is no quorum, so closing returns it to draft. 西苑's office reports progress on a task
// of its goal; 叙永's office ticks an item of the 3A checklist. Screenshots go to test-results/.

describe('council, documents, goals and key projects', () => {
  let h: Harness;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    h.page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => h?.close());

  const shot = async (name: string) => {
    await h.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden' });
    return h.screenshot(`council-${name}`);
  };
  const signOut = () => signOutThroughMenu(h);
  const openDocument = async (title: string) => {
    await h.page.getByTestId('nav-councilDocuments').click();
    await h.page.getByTestId('document-link').filter({ hasText: title }).click();
    await h.page.getByTestId('versions').waitFor();
  };
  /** Votes, and waits for the count of ballots to show it. */
  const vote = async (choice: 'for' | 'against' | 'abstain', castAfter: number) => {
    await h.page.getByTestId(`ballot-${choice}`).click();
    await expect.poll(() => h.page.getByTestId('vote-cast').innerText()).toBe(String(castAfter));
  };

  it('海门: the council in office and the documents it adopted', async () => {
    await signInThroughForm(h, 'haimen.office');
    await h.page.getByTestId('nav-council').click();
    await h.page
      .getByTestId('member-position')
      .filter({ hasText: /^理事长$/ })
      .waitFor();
    expect(await h.page.getByTestId('member-position').count()).toBe(10);
    await shot('01-council');
    await h.page.getByTestId('nav-councilDocuments').click();
    await h.page.getByTestId('document-table').getByText('海门市中医院医联体章程（试行）').waitFor();
    expect(await h.page.getByTestId('document-status').filter({ hasText: '生效' }).count()).toBe(3);
    await shot('02-documents');
  });

  it('the draft assessment method is put to the vote; two of ten vote, no quorum, back to draft', async () => {
    await openDocument('考核办法');
    await h.page.getByTestId('action-open_vote').click();
    await h.page.getByTestId('confirm-action').click();
    await h.page.getByTestId('vote-panel').waitFor();
    await vote('for', 1);
    await vote('against', 1); // a second vote changes the first
    await signOut();
    await signInThroughForm(h, 'haimen2.admin');
    await h.page.getByTestId('nav-councilDocuments').waitFor();
    await openDocument('考核办法');
    await vote('abstain', 2);
    await h.page.getByTestId('vote-quorum').filter({ hasText: '未达法定人数' }).waitFor();
    await shot('03-vote-open');
    await signOut();
    await signInThroughForm(h, 'haimen.office');
    await h.page.getByTestId('nav-councilDocuments').waitFor();
    await openDocument('考核办法');
    await h.page.getByTestId('action-close_vote').click();
    await h.page.getByTestId('confirm-action').click();
    await h.page.getByTestId('vote-outcome').filter({ hasText: '未达法定人数' }).waitFor();
    await h.page.getByTestId('version-1-status').filter({ hasText: '草案' }).waitFor();
    await shot('04-vote-closed');
    await signOut();
  });

  it('西苑: the goal with its tasks, progress reported, the overdue filter and the xlsx', async () => {
    await signInThroughForm(h, 'xiyuan.office');
    await h.page.getByTestId('nav-goals').click();
    await h.page.getByTestId('goal-title').filter({ hasText: '西苑医院山西医院' }).waitFor();
    await h.page.getByTestId('task-table').getByText('梳理短板问题').waitFor();
    await shot('05-goals');
    // The overdue filter keeps the task past its date and nothing else.
    await h.page.goto(`${h.baseUrl}/goals?status=overdue`);
    await h.page.getByTestId('task-table').getByText('梳理短板问题').waitFor();
    await expect.poll(() => h.page.getByTestId('task-status').allInnerTexts()).toEqual(['已逾期']);
    await h.page.goto(`${h.baseUrl}/goals`);
    await h.page.getByTestId('task-table').getByText('梳理短板问题').waitFor();
    const row = h.page.getByTestId('task-table').locator('tr', { hasText: '梳理短板问题' });
    await row.getByTestId('report-progress').click();
    await h.page.getByRole('dialog').getByRole('spinbutton').fill('100');
    await h.page.getByTestId('progress-save').click();
    await row.getByTestId('task-status').filter({ hasText: '已完成' }).waitFor();
    const href = await h.page.getByTestId('tasks-export').getAttribute('href');
    const xlsx = await h.page.request.get(`${h.baseUrl}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await signOut();
  });

  it('叙永: the 3A checklist; ticking an item moves the progress', async () => {
    await signInThroughForm(h, 'swmu.office');
    await h.page.getByTestId('nav-keyProjects').click();
    await h.page.getByTestId('project-link').filter({ hasText: '三级甲等' }).click();
    await h.page.getByTestId('checklist').getByText('第一部分 前置要求').first().waitFor();
    await h.page.getByTestId('item-done').first().click();
    await h.page.getByTestId('checklist').locator('.ant-checkbox-checked').first().waitFor();
    await expect.poll(() => h.page.getByTestId('project-progress').innerText()).not.toBe('0%');
    await shot('06-project');
    const href = await h.page.getByTestId('checklist-export').getAttribute('href');
    const xlsx = await h.page.request.get(`${h.baseUrl}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });

  it('speaks English: the vote panel and the checklist', async () => {
    await h.page.evaluate(() => localStorage.setItem('yilian.lang', 'en'));
    await h.page.reload();
    await h.page.getByText('Readiness checklist').waitFor();
    await h.page.getByText('Key projects').first().waitFor();
    await shot('07-project-en');
    expect(pageErrors).toEqual([]);
  });
});
