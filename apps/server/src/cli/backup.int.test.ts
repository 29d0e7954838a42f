import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../audit/audit.js';
import type { Db } from '../context.js';
import { openDatabase, type Database } from '../db/connection.js';
import { buildTestApp, multipart, signIn, type TestApp } from '../../test/app.js';
import { runYilian } from '../../test/cli.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../test/db.js';
import { buildReferralWorld, buildWorld, PASSWORD, referralBody } from '../../test/factories.js';
import { appTables } from './backup.js';

// Backup and restore through `npm run yilian`, on each database: a restored database holds the
// same rows in every table and the same documents, its audit chain verifies, and it goes on
// working (identity columns continue after the restored rows).

async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await appTables(db)) {
    const r = await sql<{
      r: string;
    }>`select to_jsonb(x)::text as r from ${sql.table(t)} x order by 1`.execute(db);
    out[t] = r.rows.map((x) => x.r);
  }
  return out;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe.each(DATABASES)('backup and restore (%s)', (kind) => {
  let t: TestApp;
  let target: TestDatabase;
  let reopened: Database | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-backup-'));
  const file = path.join(dir, 'yilian.backup.gz');
  let before: Record<string, string[]>;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    const w = await buildWorld(db, '320614');
    const rw = await buildReferralWorld(db);
    const county = await signIn(t.app, rw.users.countyDoctor.username, PASSWORD);
    for (let i = 1; i <= 3; i++)
      expect(
        (await county.post('/api/v1/referrals', referralBody({ institutionId: rw.city.id }, i))).statusCode,
      ).toBe(201);
    const office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    const up = await office.inject({
      method: 'PUT',
      url: `/api/v1/agreements/${w.agreement.id}/document`,
      ...multipart('file', '协议.pdf', 'application/pdf', PDF),
    });
    expect(up.statusCode).toBeLessThan(300);
    before = await snapshot(db);
    // The CLI is another process: PGlite's folder may be open in one process at a time.
    await t.app.close();
    await t.database.close();
    target = await freshDatabase(kind);
    await target.close();
  });
  afterAll(async () => {
    await reopened?.close();
    await t?.database.drop();
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('backs up every table and document, and restores them on another database with a valid audit chain', async () => {
    const backup = await runYilian(t.database.env, 'backup', file);
    expect(backup.out).toMatch(/Backed up \d+ rows of \d+ tables and 1 documents/);
    expect(backup.code).toBe(0);
    const restore = await runYilian(target.env, 'restore', file);
    expect(restore.out).toContain('Audit trail intact');
    expect(restore.out).toContain('Signed a checkpoint of the restored trail');
    expect(restore.code).toBe(0);

    reopened = await openDatabase({
      databaseUrl: target.env.DATABASE_URL || undefined,
      dataDir: target.dataDir,
    });
    const after = await snapshot(reopened.db);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before))
      expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    expect(before.audit_log!.length).toBeGreaterThan(3);
    expect(before.referrals).toHaveLength(3);

    const docs = (d: string) => fs.readdirSync(path.join(d, 'files'), { recursive: true }).map(String).sort();
    expect(docs(target.dataDir)).toEqual(docs(t.database.dataDir));
    const pdf = docs(target.dataDir).find((f) => f.endsWith('.pdf'))!;
    expect(fs.readFileSync(path.join(target.dataDir, 'files', pdf))).toEqual(PDF);

    // It goes on: the next audit row takes the next id and extends the restored chain.
    await reopened.db.transaction().execute((trx) =>
      recordAudit(
        trx,
        { userId: null, username: 'test', ip: null },
        {
          action: 'auth.logout',
          entityType: 'user',
          entityId: null,
          consortiumId: null,
        },
      ),
    );
    const chain = await verifyAuditChain(reopened.db);
    expect(chain).toMatchObject({ ok: true, rows: before.audit_log!.length + 1 });
    await reopened.close();
    reopened = undefined;
  }, 180_000);

  it('refuses to restore over records without --yes, and refuses a file that is not a backup', async () => {
    const again = await runYilian(target.env, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.out).toContain('--yes');
    const junk = path.join(dir, 'junk.gz');
    fs.writeFileSync(junk, '');
    const bad = await runYilian(target.env, 'restore', junk, '--yes');
    expect(bad.code).toBe(1);
    const over = await runYilian(target.env, 'restore', file, '--yes');
    expect(over.code).toBe(0);
    // The trail restored over starts a new series of checkpoints; the old one is kept beside it.
    expect(over.out).toMatch(/checkpoints of the trail before the restore are kept in .*before-restore/);
    expect((await runYilian(target.env, 'audit', 'verify')).code).toBe(0);
  }, 180_000);
});
