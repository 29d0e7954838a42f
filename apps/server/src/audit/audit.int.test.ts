import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../test/app.js';
import { DATABASES } from '../../test/db.js';
import { runYilian } from '../../test/cli.js';
import { buildWorld, PASSWORD, type World } from '../../test/factories.js';
import { verifyAuditChain } from './audit.js';

async function tamper(t: TestApp, statement: ReturnType<typeof sql>) {
  const db = t.database.db;
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await statement.execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
}

describe.each(DATABASES)('audit trail (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let office: Client;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildWorld(t.database.db, '320614');
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('records who, what, when, where from, and before/after with each change', async () => {
    const res = await office.patch(`/api/v1/departments/${w.leadDept.id}`, {
      name: '心血管内科',
      phone: '0513-82212404',
    });
    expect(res.statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', w.leadDept.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      action: 'department.updated',
      actorId: w.users.consortium_office.id,
      actorName: w.users.consortium_office.username,
      ip: '127.0.0.1',
      before: { name: w.leadDept.name, phone: null },
      after: { name: '心血管内科', phone: '0513-82212404' },
    });
    expect(Date.now() - Date.parse(row.at)).toBeLessThan(60_000);
    const listed = await office.get(`/api/v1/audit?entityId=${w.leadDept.id}`);
    expect(listed.json().items[0].after.phone).toBe('051****2404'); // masked on screen
  });

  it('a refused change leaves neither the change nor an audit row', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('auditLog')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect((await office.del(`/api/v1/departments/${w.leadDept.id}`)).statusCode).toBe(409); // it has staff
    expect(await count()).toBe(before);
    expect(
      await t.database.db
        .selectFrom('departments')
        .select('id')
        .where('id', '=', w.leadDept.id)
        .executeTakeFirst(),
    ).toBeTruthy();
  });

  it('never stores a password hash in the trail', async () => {
    await office.post('/api/v1/users', {
      username: 'audit.viewer',
      displayName: '审计',
      password: 'Audit-pass-2026',
      role: 'viewer',
      institutionId: w.member.id,
    });
    const row = await t.database.db
      .selectFrom('auditLog')
      .select('after')
      .where('action', '=', 'user.created')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.after)).not.toMatch(/argon2|passwordHash/);
  });

  it('refuses UPDATE and DELETE on the trail', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('verify passes on an intact chain and names the first edited row', async () => {
    const intact = await verifyAuditChain(t.database.db);
    expect(intact.ok).toBe(true);
    expect(intact.rows).toBeGreaterThanOrEqual(3);
    const target = await t.database.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'department.updated')
      .executeTakeFirstOrThrow();
    await tamper(t, sql`update audit_log set after = '{"name":"伪造"}'::jsonb where id = ${target.id}`);
    const broken = await verifyAuditChain(t.database.db);
    expect(broken).toMatchObject({ ok: false, firstBad: { id: target.id } });
    expect(broken.firstBad!.reason).toMatch(/edited/);
  });

  it('`npm run yilian -- audit verify` exits non-zero and names the row', async () => {
    const target = await t.database.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'department.updated')
      .executeTakeFirstOrThrow();
    // PGlite is one process's database: let go of it while the CLI reads it.
    if (kind === 'pglite') await t.database.close();
    const result = await runYilian(t.database.env, 'audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.out).toContain(`row ${target.id}`);
  });
});

describe.each(DATABASES)('audit verify after a deleted row (%s)', (kind) => {
  it('names the row after the gap', async () => {
    const t = await buildTestApp(kind);
    try {
      const w = await buildWorld(t.database.db, '320614');
      const office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
      for (const name of ['一', '二', '三'])
        await office.patch(`/api/v1/departments/${w.leadDept.id}`, { name: `科室${name}` });
      const rows = await t.database.db.selectFrom('auditLog').select('id').orderBy('id').execute();
      const victim = rows[rows.length - 2]!.id;
      await tamper(t, sql`delete from audit_log where id = ${victim}`);
      const result = await verifyAuditChain(t.database.db);
      expect(result).toMatchObject({ ok: false, firstBad: { id: rows[rows.length - 1]!.id } });
      if (kind === 'pglite') await t.database.close();
      const cli = await runYilian(t.database.env, 'audit', 'verify');
      expect(cli.code).toBe(1);
    } finally {
      await t.close();
    }
  });
});
