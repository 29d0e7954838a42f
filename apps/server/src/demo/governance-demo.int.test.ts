import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../test/app.js';
import { DATABASES } from '../../test/db.js';
import { DEMO_PASSWORD, loadDemoIfEmpty } from './seed.js';

// The demo holds one meeting of each consortium of the reports and the ledger it started: the five
// proposals of the 西苑医院山西医院 work-group meeting are five problems, linked to the meeting.

describe.each(DATABASES)('governance demo (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    await loadDemoIfEmpty(t.database.db);
  });
  afterAll(async () => t?.close());

  it('has a meeting and its problems for each consortium', async () => {
    const rows = await t.database.db
      .selectFrom('meetings as m')
      .innerJoin('consortia as c', 'c.id', 'm.consortiumId')
      .select(['c.code', 'm.title', 'm.status'])
      .select((eb) =>
        eb
          .selectFrom('problems as p')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('p.meetingId', '=', 'm.id')
          .as('problems'),
      )
      .orderBy('c.code')
      .execute();
    expect(rows.map((r) => [r.code, Number(r.problems)])).toEqual([
      ['HAIMEN-TCM', 2],
      ['SWMU-XUYONG', 2],
      ['WMU2-QINGTIAN', 3],
      ['XIYUAN-NRMC', 5],
    ]);
    expect(rows.every((r) => r.status === 'minutes_published')).toBe(true);
  });

  it('shows the 西苑 office its ledger with the five proposals, and numbering goes on from the demo', async () => {
    const office = await signIn(t.app, 'xiyuan.office', DEMO_PASSWORD);
    const meetings = (await office.get('/api/v1/meetings')).json();
    const m = meetings.items.find((x: { title: string }) => x.title === '西苑医院山西医院工作组座谈会');
    expect(m).toMatchObject({ problems: 5, signedIn: 2 });
    const list = (await office.get(`/api/v1/problems?meetingId=${m.id}&pageSize=10`)).json();
    expect(list.items.map((p: { number: string }) => p.number).sort()).toEqual([
      '2023-001',
      '2023-002',
      '2023-003',
      '2023-004',
      '2023-005',
    ]);
    expect(list.items.map((p: { title: string }) => p.title.slice(0, 4)).sort()).toEqual(
      ['党建引领', '制度意识', '目标导向', '重点突破', '问题导向'].sort(),
    );
    const one = (await office.get(`/api/v1/problems/${list.items[0].id}`)).json();
    expect(one.entries[0]).toMatchObject({ action: 'create', toStatus: 'raised' });
    const figures = (await office.get('/api/v1/problem-figures')).json();
    expect(figures).toMatchObject({ total: 5, closed: 1, overdue: 1 });
    // Another consortium's office sees none of it.
    const haimen = await signIn(t.app, 'haimen.office', DEMO_PASSWORD);
    expect((await haimen.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await haimen.get('/api/v1/problems')).json().total).toBe(2);
  });
});
