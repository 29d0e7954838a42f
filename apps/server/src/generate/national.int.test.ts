import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../test/app.js';
import { runYilian } from '../../test/cli.js';
import { DATABASES } from '../../test/db.js';
import { buildUser, PASSWORD } from '../../test/factories.js';
import { generateNational } from './national.js';

// A small slice of the national figures: every referral stays inside its consortium, the
// rollups add up to the referrals, and the commission dashboard sees the generated consortia.

describe.each(DATABASES)('generated national data (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('generates consortia, members, patients and referrals that hang together', async () => {
    const progress: string[] = [];
    const result = await generateNational(
      t.database.db,
      { userId: null, username: 'test', ip: null },
      { fraction: 0.0002, referrals: 3000, batch: 1000, tag: 'GT1', now: new Date('2030-06-30T00:00:00Z') },
      (m) => progress.push(m),
    );
    expect(result).toMatchObject({ consortia: 4, institutions: 4 * 59, patients: 200, referrals: 3000 });
    expect(progress.filter((m) => m.startsWith('referrals:'))).toHaveLength(3);
    const db = t.database.db;
    const counts = await sql<{ c: number; i: number; m: number; r: number }>`
      select (select count(*) from consortia where code like 'GT1-%')::int as c,
             (select count(*) from institutions where code like 'GT1-%')::int as i,
             (select count(*) from memberships mm join consortia c on c.id = mm.consortium_id where c.code like 'GT1-%')::int as m,
             (select count(*) from referrals where code like 'GT1-%')::int as r`.execute(db);
    expect(counts.rows[0]).toEqual({ c: 4, i: 236, m: 236, r: 3000 });
    // Both ends of every referral are members of the referral's consortium.
    const strays = await sql<{ n: number }>`
      select count(*)::int as n from referrals r
       where r.code like 'GT1-%' and not (
         exists (select 1 from memberships m where m.consortium_id = r.consortium_id and m.institution_id = r.from_institution_id) and
         exists (select 1 from memberships m where m.consortium_id = r.consortium_id and m.institution_id = r.to_institution_id))`.execute(
      db,
    );
    expect(strays.rows[0]!.n).toBe(0);
    const rolled = await sql<{ n: number }>`select sum(submitted)::int as n from referral_rollup_month rm
      join consortia c on c.id = rm.consortium_id where c.code like 'GT1-%'`.execute(db);
    expect(rolled.rows[0]!.n).toBe(3000);
    const audit = await db
      .selectFrom('auditLog')
      .select('entityId')
      .where('action', '=', 'data.generated')
      .execute();
    expect(audit.map((a) => a.entityId)).toEqual(['GT1']);
  });

  it('lets the platform see the generated consortia ranked in the commission view', async () => {
    const admin = await buildUser(t.database.db, 'platform_admin');
    const c = await signIn(t.app, admin.username, PASSWORD);
    const res = await c.get('/api/v1/dashboards/commission?from=2029-07&to=2030-06&q=GT1');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.consortia).toHaveLength(4);
    expect(d.consortia.reduce((n: number, x: { referrals: number }) => n + x.referrals, 0)).toBe(3000);
    expect(d.consortia[0].rank).toBe(1);
  });

  it('refuses bad options from the shell', async () => {
    const res = await runYilian(t.database.env, 'generate', '--fraction', '2');
    expect(res.code).toBe(2);
    expect(res.out).toContain('--fraction must be a number in (0, 1]');
  });
});
