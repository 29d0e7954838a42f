import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../test/app.js';
import { DATABASES } from '../../test/db.js';
import { runYilian } from '../../test/cli.js';
import { buildWorld, PASSWORD, type World } from '../../test/factories.js';
import { auditHash, GENESIS_HASH, verifyAuditChain, type HashedFields } from './audit.js';
import { checkpointStore, readCheckpoints, writeCheckpoint, type CheckpointStore } from './checkpoint.js';

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
      // Phones, like identity and insurance numbers, enter the trail masked: it can never be erased.
      after: { name: '心血管内科', phone: '051****2404' },
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

describe.each(DATABASES)('audit verify against signed checkpoints (%s)', (kind) => {
  // The database owner tampers with the trail; the checkpoints, signed with a key the database does
  // not hold and kept in a file outside it, give the game away.
  let t: TestApp;
  let office: Client;
  let w: World;
  let store: CheckpointStore;
  let forged: { id: number; after: unknown };
  const ids = async () =>
    (await t.database.db.selectFrom('auditLog').select('id').orderBy('id').execute()).map((r) => r.id);
  const verify = async () => verifyAuditChain(t.database.db, readCheckpoints(store).checkpoints);

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildWorld(t.database.db, '320614');
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    for (const name of ['一', '二', '三'])
      await office.patch(`/api/v1/departments/${w.leadDept.id}`, { name: `科室${name}` });
    store = checkpointStore({ dataDir: t.database.dataDir });
  });
  afterAll(async () => t?.close());

  it('a deleted row in the middle is named by the row after the gap', async () => {
    await office.patch(`/api/v1/departments/${w.leadDept.id}`, { name: '科室四' });
    const rows = await ids();
    const victim = rows[rows.length - 2]!;
    const before = await verifyAuditChain(t.database.db);
    expect(before.ok).toBe(true);
    await tamper(t, sql`delete from audit_log where id = ${victim}`);
    const result = await verifyAuditChain(t.database.db);
    expect(result).toMatchObject({ ok: false, firstBad: { id: rows[rows.length - 1]! } });
    // Put the chain back together as a careful forger would: re-link and re-hash the tail.
    await rehashFrom(t, victim);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('an edit with every later row re-hashed passes the bare chain but not the signed checkpoint', async () => {
    const cp = (await writeCheckpoint(t.database.db, store, new Date()))!;
    const rows = await ids();
    expect(cp).toMatchObject({ chain: 'global', rows: rows.length, lastId: rows[rows.length - 1] });
    const target = rows[rows.length - 3]!;
    const row = await t.database.db
      .selectFrom('auditLog')
      .select('after')
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    forged = { id: target, after: row.after };
    await rehashFrom(t, target, { name: '伪造' });
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true); // the blind spot without checkpoints
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBad!.id).toBe(cp.lastId);
    expect(result.firstBad!.reason).toMatch(/differs from the signed checkpoint/);
  });

  it('deleting the newest rows is caught by the latest checkpoint, and `audit verify` names them', async () => {
    await office.patch(`/api/v1/departments/${w.leadDept.id}`, { name: '科室五' });
    const rows = await ids();
    // Undo the forgery of the last test (the same content re-hashes to the same chain).
    await rehashFrom(t, forged.id, forged.after);
    expect((await verify()).ok).toBe(true);
    const cp = (await writeCheckpoint(t.database.db, store, new Date()))!;
    const newest = rows[rows.length - 1]!;
    expect(cp.lastId).toBe(newest);
    await tamper(t, sql`delete from audit_log where id = ${newest}`);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true); // the blind spot without checkpoints
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBad: { id: newest } });
    expect(result.firstBad!.reason).toMatch(/rows deleted after the checkpoint/);

    if (kind === 'pglite') await t.database.close();
    const cli = await runYilian(t.database.env, 'audit', 'verify');
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`row ${newest}`);
    expect(cli.out).toMatch(/rows deleted after the checkpoint/);
  });

  it('a checkpoint file edited by hand fails verify, naming the line', async () => {
    const lines = fs.readFileSync(store.file, 'utf8').trimEnd().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!);
    lines[lines.length - 1] = JSON.stringify({ ...last, rows: last.rows - 1, lastId: last.lastId - 1 });
    fs.writeFileSync(store.file, lines.join('\n') + '\n');
    const read = readCheckpoints(store);
    expect(read.problems).toEqual([expect.stringMatching(new RegExp(`line ${lines.length}: bad signature`))]);
    const cli = await runYilian(t.database.env, 'audit', 'verify');
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/bad signature/);
  });
});

/**
 * What a database owner who knows the hash function can do: change the row `fromId` (its `after`,
 * when given) and recompute the link and hash of it and every row after it.
 */
async function rehashFrom(t: TestApp, fromId: number, after?: unknown) {
  const db = t.database.db;
  const prev = await db
    .selectFrom('auditLog')
    .select('hash')
    .where('id', '<', fromId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = await db.selectFrom('auditLog').selectAll().where('id', '>=', fromId).orderBy('id').execute();
  let prevHash = prev?.hash ?? GENESIS_HASH;
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  for (const row of rows) {
    const fields = { ...(row as HashedFields), prevHash };
    if (row.id === fromId && after !== undefined) fields.after = after;
    const hash = auditHash(fields);
    await db
      .updateTable('auditLog')
      .set({ after: JSON.stringify(fields.after), prevHash, hash } as never)
      .where('id', '=', row.id)
      .execute();
    prevHash = hash;
  }
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
}
