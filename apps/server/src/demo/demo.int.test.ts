import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@yilian/domain';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { signIn } from '../../test/app.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../test/db.js';
import { verifyAuditChain } from '../audit/audit.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoIfEmpty } from './seed.js';
import { DEMO_CONSORTIA } from './demo-data.js';

describe.each(DATABASES)('demo data (%s)', (kind) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase(kind);
  });
  afterAll(async () => d?.drop());

  it('loads the four consortia of the reports into an empty database, once', async () => {
    expect(await loadDemoIfEmpty(d.db)).toBe(true);
    expect(await loadDemoIfEmpty(d.db)).toBe(false);
    const consortia = await d.db.selectFrom('consortia').select(['code', 'name']).orderBy('code').execute();
    // The reports' four, and five generated county consortia in 南通 for the commission's ranking.
    const ofReports = consortia.filter((c) => !c.code.startsWith('NTDEMO-'));
    expect(ofReports.map((c) => c.name).sort()).toEqual(DEMO_CONSORTIA.map((c) => c.name).sort());
    expect(consortia.length - ofReports.length).toBe(5);
    const names = (await d.db.selectFrom('institutions').select('name').execute()).map((r) => r.name);
    for (const n of [
      '中国中医科学院西苑医院',
      '西苑医院山西医院',
      '海门市中医院',
      '海门市第二人民医院',
      '海门市第三人民医院',
      '叙永县人民医院',
      '青田县人民医院',
    ]) {
      expect(names).toContain(n);
    }
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('invents its staff: no name of a person in the reports', async () => {
    const real = [
      '李秋艳',
      '徐浩',
      '王培利',
      '史大卓',
      '戴海强',
      '陆郭春',
      '陈飞',
      '姜新峰',
      '刘勤',
      '朱锋',
      '王建明',
      '蒋袁磊',
      '徐勇',
      '江涌',
      '褚茂平',
      '吴吕伟',
    ];
    const staff = (await d.db.selectFrom('staff').select('name').execute()).map((r) => r.name);
    expect(staff.length).toBeGreaterThan(100);
    for (const name of real) expect(staff).not.toContain(name);
  });

  it('has one demo account per role, each able to sign in', async () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
    // Every account the README lists is one the demo creates.
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z0-9.]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    const app = await buildApp(loadConfig({ YILIAN_DATA_DIR: d.dataDir, LOG_LEVEL: 'silent' }), d);
    try {
      for (const a of DEMO_ACCOUNTS) {
        const c = await signIn(app, a.username, DEMO_PASSWORD);
        expect((await c.get('/api/v1/consortia')).statusCode).toBe(200);
      }
      const office = await signIn(app, 'haimen.office', DEMO_PASSWORD);
      const list = (await office.get('/api/v1/consortia')).json();
      expect(list.items.map((c: { name: string }) => c.name)).toEqual(['海门市中医院医联体']);
      const overview = (await office.get(`/api/v1/consortia/${list.items[0].id}/overview`)).json();
      expect(overview.structure.lead.map((m: { institutionName: string }) => m.institutionName)).toEqual([
        '海门市中医院',
      ]);
      expect(overview.structure.backbone).toHaveLength(2);
      expect(overview.counts.institutions).toBe(7);
      expect(overview.counts.midLevelOrHigherStaff).toBeGreaterThan(0);
      expect(overview.counts.midLevelOrHigherStaff).toBeLessThan(overview.counts.staff);
      const supervisor = await signIn(app, 'nantong.supervisor', DEMO_PASSWORD);
      // 海门 and the five generated county consortia of 南通, nothing outside the prefecture.
      const seen = (await supervisor.get('/api/v1/consortia?pageSize=50'))
        .json()
        .items.map((c: { code: string }) => c.code);
      expect(seen.filter((code: string) => !code.startsWith('NTDEMO-'))).toEqual(['HAIMEN-TCM']);
      expect(seen).toHaveLength(6);
      const ranking = (await supervisor.get('/api/v1/dashboards/commission')).json();
      expect(ranking.consortia).toHaveLength(6);
      expect(ranking.consortia.every((c: { referrals: number }) => c.referrals > 0)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('in production, a demo account must change its published password at first sign-in', async () => {
    const app = await buildApp(
      loadConfig({ YILIAN_DATA_DIR: d.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production' }),
      d,
    );
    try {
      const c = await signIn(app, 'qingtian.viewer', DEMO_PASSWORD);
      expect((await c.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
      expect((await c.get('/api/v1/consortia')).statusCode).toBe(403);
      const changed = await c.post('/api/v1/auth/password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: 'Qingtian-own-2026',
      });
      expect(changed.statusCode).toBe(200);
      expect((await c.get('/api/v1/consortia')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
