import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../test/db.js';
import { runYilian } from '../../test/cli.js';
import { buildConsortium, buildInstitution } from '../../test/factories.js';
import { getToken, jwksOf, newClientKey } from '../../test/system-client.js';

// `yilian create-client` registers a hospital system from the shell and prints its id alone, so a
// script can keep it; the HIS then gets a token with its key, as after a registration on the web.
describe.each(DATABASES)('yilian create-client (%s)', (kind) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase(kind);
    const c = await buildConsortium(d.db);
    const inst = await buildInstitution(d.db, { consortiumId: c.id });
    await d.db.updateTable('institutions').set({ code: 'CLI-HIS' }).where('id', '=', inst.id).execute();
    if (kind === 'pglite') await d.close(); // one process at a time on a PGlite folder
  });
  afterAll(async () => d?.drop());

  it('prints the client id, which then gets a token; a private key in the JWKS is refused', async () => {
    const key = await newClientKey('ES384');
    const good = path.join(d.dataDir, 'jwks.json');
    const bad = path.join(d.dataDir, 'bad-jwks.json');
    fs.writeFileSync(good, JSON.stringify(jwksOf(key)));
    fs.writeFileSync(bad, JSON.stringify({ keys: [{ ...key.jwk, d: 'AAAA' }] }));
    const args = [
      '--name',
      '县医院 HIS',
      '--institution',
      'CLI-HIS',
      '--scopes',
      'system/ServiceRequest.crs system/Task.rs',
    ];

    const refused = await runYilian(d.env, 'create-client', ...args, '--jwks', bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/jwks\.keys\.0\.d: is part of a private key/);

    const r = await runYilian(d.env, 'create-client', ...args, '--jwks', good);
    expect(r.code, r.out).toBe(0);
    const id = /^([0-9a-f-]{36})$/m.exec(r.out)?.[1];
    expect(id).toBeDefined();

    const database = await openDatabase(
      kind === 'pglite' ? { dataDir: d.dataDir } : { databaseUrl: d.env.DATABASE_URL, dataDir: d.dataDir },
    );
    const app = await buildApp(loadConfig({ YILIAN_DATA_DIR: d.dataDir, LOG_LEVEL: 'silent' }), database);
    try {
      const answer = await getToken(app, id!, key, 'system/ServiceRequest.rs system/Task.rs');
      expect(answer.scope).toBe('system/ServiceRequest.rs system/Task.rs');
      const created = await database.db
        .selectFrom('auditLog')
        .select('actorName')
        .where('action', '=', 'client.created')
        .where('entityId', '=', id!)
        .executeTakeFirst();
      expect(created?.actorName).toBe('system');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
