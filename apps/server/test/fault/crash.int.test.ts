import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit.js';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../db.js';
import { buildReferralWorld, PASSWORD, referralBody, type ReferralWorld } from '../factories.js';
import { httpSignIn, startServer, type ServerProcess } from './server-process.js';

// Crash without loss: a real server process takes referrals from concurrent clients and is killed
// with SIGKILL mid-stream. After a restart, every referral whose creation was acknowledged (201)
// is there, and nothing is half done: every referral has its patient, its history event and its
// audit row, and the audit chain verifies.

const CLIENTS = 8;

describe.each(DATABASES)('crash without loss (%s)', (kind) => {
  let db: TestDatabase;
  let w: ReferralWorld;
  let server: ServerProcess | undefined;
  let reopened: Database | undefined;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildReferralWorld(db.db);
    await db.close(); // PGlite's folder may be open in one process at a time: the server's now
  });
  afterAll(async () => {
    if (server) await server.kill('SIGKILL');
    await reopened?.close();
    await db?.drop();
  }, 180_000);

  it('keeps every acknowledged write through SIGKILL and restart, and no half-done change', async () => {
    server = await startServer(db.env);
    const cookie = await httpSignIn(server.url, w.users.countyDoctor.username, PASSWORD);
    const acknowledged: string[] = [];
    let n = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const body = referralBody({ institutionId: w.city.id }, ++n);
        try {
          const res = await fetch(`${server!.url}/api/v1/referrals`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify(body),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          else expect.fail(`create answered ${res.status}: ${await res.text()}`);
        } catch {
          return; // the connection died with the server: that write was never acknowledged
        }
      }
    };
    const running = Array.from({ length: CLIENTS }, client);
    // Kill once a good number of writes are through, while more are in flight.
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    expect(await server.kill('SIGKILL')).toBe('SIGKILL');
    stop = true;
    await Promise.all(running);
    const acked = [...acknowledged];

    server = await startServer(db.env);
    const again = await httpSignIn(server.url, w.users.cityDoctor.username, PASSWORD);
    const one = await fetch(`${server.url}/api/v1/referrals/${acked[0]}`, { headers: { cookie: again } });
    expect(one.status).toBe(200);
    expect(await server.kill('SIGTERM')).toBe(0);
    server = undefined;

    reopened = await openDatabase({ databaseUrl: db.env.DATABASE_URL || undefined, dataDir: db.dataDir });
    const rdb = reopened.db;
    const present = new Set(
      (await rdb.selectFrom('referrals').select('id').execute()).map((r) => r.id as string),
    );
    expect(acked.filter((id) => !present.has(id))).toEqual([]);
    expect(present.size).toBeGreaterThanOrEqual(acked.length);
    // Nothing half done: each referral came with its patient, its first event and its audit row.
    const orphans = await sql<{ id: string; why: string }>`
      select r.id, 'no audit row' as why from referrals r
        where not exists (select 1 from audit_log a where a.entity_type = 'referral' and a.entity_id = r.id::text)
      union all
      select r.id, 'no event' from referrals r
        where not exists (select 1 from referral_events e where e.referral_id = r.id)
      union all
      select r.id, 'no patient' from referrals r
        where not exists (select 1 from patients p where p.id = r.patient_id)
      union all
      select a.entity_id::uuid, 'audit row without referral' from audit_log a
        where a.action = 'referral.created'
          and not exists (select 1 from referrals r where r.id::text = a.entity_id)`.execute(rdb);
    expect(orphans.rows).toEqual([]);
    expect((await verifyAuditChain(rdb)).ok).toBe(true);
    console.log(
      `crash (${kind}): ${acked.length} acknowledged before SIGKILL, ${present.size} present after restart`,
    );
  }, 180_000);
});
