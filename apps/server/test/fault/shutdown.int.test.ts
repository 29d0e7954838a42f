import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, freshDatabase, type TestDatabase } from '../db.js';
import { buildReferralWorld, PASSWORD, referralBody, residentId, type ReferralWorld } from '../factories.js';
import { httpSignIn, startServer, type ServerProcess } from './server-process.js';
import { checkpointStore, readCheckpoints } from '../../src/audit/checkpoint.js';

// Graceful shutdown and the request log, on a real server process: SIGTERM while a request is
// still arriving lets that request finish before the process exits 0; and the log it wrote has a
// request id on every request line and none of the patient's identifiers that went through it.

/** A sign-in whose body arrives in two halves, the second only when `rest` is called. */
function slowRequest(url: string, body: string) {
  const { hostname, port } = new URL(url);
  let res: (v: { status: number; body: string }) => void;
  const done = new Promise<{ status: number; body: string }>((r) => (res = r));
  const req = http.request(
    {
      hostname,
      port,
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (r) => {
      let text = '';
      r.on('data', (d) => (text += d));
      r.on('end', () => res({ status: r.statusCode!, body: text }));
    },
  );
  req.on('error', (err) => res({ status: -1, body: String(err) }));
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { rest: () => req.end(body.slice(half)), done };
}

describe.each(DATABASES)('graceful shutdown and the log (%s)', (kind) => {
  let db: TestDatabase;
  let w: ReferralWorld;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildReferralWorld(db.db);
    await db.close();
  });
  afterAll(async () => {
    if (server) await server.kill('SIGKILL');
    await db?.drop();
  }, 180_000);

  it('finishes the request in flight on SIGTERM, exits 0, and logs no patient identifiers', async () => {
    server = await startServer(db.env);
    const cookie = await httpSignIn(server.url, w.users.countyDoctor.username, PASSWORD);
    const { idNumber } = residentId(7);
    const body = referralBody({ institutionId: w.city.id }, 7);
    const created = await fetch(`${server.url}/api/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    // Searches carry identifiers in the URL, which the log does write.
    for (const q of [idNumber, '13812345678', '患者7'])
      expect(
        (await fetch(`${server.url}/api/v1/referrals?q=${encodeURIComponent(q)}`, { headers: { cookie } }))
          .status,
      ).toBe(200);
    expect(
      (await fetch(`${server.url}/fhir/R4/Patient?identifier=${idNumber}`, { headers: { cookie } })).status,
    ).toBe(200);

    const slow = slowRequest(
      server.url,
      JSON.stringify({ username: w.users.cityDoctor.username, password: PASSWORD }),
    );
    await new Promise((r) => setTimeout(r, 200));
    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(server.proc.exitCode).toBeNull(); // still waiting for the request in flight
    slow.rest();
    const answer = await slow.done;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).username).toBe(w.users.cityDoctor.username);
    expect(await server.exited).toBe(0);

    const log = server.output();
    server = undefined;
    expect(log).toContain('shutting down: finishing requests in flight');
    const lines = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; req?: { url: string } });
    const requestLines = lines.filter((l) => l.req);
    expect(requestLines.length).toBeGreaterThan(5);
    for (const l of requestLines) expect(l.reqId).toMatch(/^[\w-]{8,64}$/);
    for (const secret of [
      idNumber,
      idNumber.slice(0, 17),
      '13812345678',
      '患者7',
      encodeURIComponent('患者7'),
    ])
      expect(log).not.toContain(secret);
    expect(log).not.toContain('yilian_session=');

    // On the way out it signed a checkpoint of the audit trail that holds the sign-in finished
    // after SIGTERM (the trail's 4th row, after a sign-in and the referral's two).
    const read = readCheckpoints(checkpointStore({ dataDir: db.dataDir }));
    expect(read.problems).toEqual([]);
    expect(read.checkpoints.at(-1)!.rows).toBeGreaterThanOrEqual(4);
    expect(log).not.toContain('audit checkpoint failed');
  }, 180_000);
});
