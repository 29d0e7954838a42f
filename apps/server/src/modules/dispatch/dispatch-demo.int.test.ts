import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanInstance, PlanResult } from '@yilian/domain';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { signIn } from '../../../test/app.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../../test/db.js';
import { DEMO_PASSWORD, loadDemoIfEmpty } from '../../demo/seed.js';
import { checkHardRules } from '../planning/rules.js';

// The demo's dispatch: 西苑医院's fourth batch at its 山西 branch three weeks in, with a team leader
// and a seconded executive vice-president; the 济宁 batch coming; a rotation plan solved within
// every hard rule.

describe.each(DATABASES)('dispatch demo (%s)', (kind) => {
  let d: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    d = await freshDatabase(kind);
    await loadDemoIfEmpty(d.db);
    app = await buildApp(loadConfig({ YILIAN_DATA_DIR: d.dataDir, LOG_LEVEL: 'silent' }), d);
  });
  afterAll(async () => {
    await app?.close();
    await d?.drop();
  });

  it('the 山西 branch sees the fourth batch stationed now, and who comes next', async () => {
    const office = await signIn(app, 'xiyuan.office', DEMO_PASSWORD);
    const batches = (await office.get('/api/v1/dispatch/batches?q=第四批')).json();
    expect(batches.total).toBe(1);
    const b4 = batches.items[0];
    expect(b4.leaderName).toBeTruthy();
    const sx = b4.hostInstitutionId;
    const view = (await office.get(`/api/v1/dispatch/host-view?institutionId=${sx}`)).json();
    const roles = view.current.map((p: { role: string }) => p.role).sort();
    expect(roles).toEqual(['clinical', 'clinical', 'management', 'medical_technical', 'research']);
    expect(
      view.current.find((p: { hostPosition: string | null }) => p.hostPosition === '执行副院长'),
    ).toBeTruthy();
    expect(view.current.filter((p: { isLeader: boolean }) => p.isLeader)).toHaveLength(1);
    expect(view.upcoming.map((p: { role: string }) => p.role)).toEqual(['nursing']);
    // Three weeks in.
    expect(Date.parse(view.today) - Date.parse(b4.startDate)).toBe(21 * 86_400_000);
    const expert = await signIn(app, 'xiyuan.expert', DEMO_PASSWORD);
    const mine = (await expert.get('/api/v1/dispatch/postings?activeOn=' + view.today)).json();
    expect(mine.total).toBeGreaterThan(0);
  });

  it('the half-year plan is solved and keeps every hard rule', async () => {
    const office = await signIn(app, 'xiyuan.office', DEMO_PASSWORD);
    const plans = (await office.get('/api/v1/dispatch/plans')).json();
    expect(plans.items[0].status).toBe('solved');
    const v = (await office.get(`/api/v1/dispatch/plans/${plans.items[0].id}/versions/1`)).json() as {
      input: PlanInstance;
      result: PlanResult;
    };
    expect(v.result.coverage.filled).toBeGreaterThan(0);
    expect(v.input.periods).toHaveLength(6);
    expect(checkHardRules(v.input, v.result.assignments)).toEqual([]);
  });
});
