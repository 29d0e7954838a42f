import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { signIn } from '../../test/app.js';
import { DATABASES, freshDatabase, type TestDatabase } from '../../test/db.js';
import { runYilian } from '../../test/cli.js';
import { buildConsortium, buildInstitution } from '../../test/factories.js';

describe.each(DATABASES)('the yilian command (%s)', (kind) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase(kind);
    const c = await buildConsortium(d.db, { code: 'CLI-C' });
    const inst = await buildInstitution(d.db, { consortiumId: c.id });
    await d.db.updateTable('institutions').set({ code: 'CLI-I' }).where('id', '=', inst.id).execute();
    // A hospital of another consortium: the shell may not open accounts for it under CLI-C.
    const other = await buildInstitution(d.db, { consortiumId: (await buildConsortium(d.db)).id });
    await d.db.updateTable('institutions').set({ code: 'CLI-X' }).where('id', '=', other.id).execute();
    if (kind === 'pglite') await d.close(); // one process at a time on a PGlite folder
  });
  afterAll(async () => d?.drop());

  it('migrate reports an up-to-date database', async () => {
    const r = await runYilian(d.env, 'migrate');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/up to date/);
  });

  it('create-user refuses missing scope and bad input with a clear message', async () => {
    const noScope = await runYilian(
      d.env,
      'create-user',
      '--username',
      'x.office',
      '--password',
      'Good-pass-2026',
      '--role',
      'consortium_office',
    );
    expect(noScope.code).toBe(1);
    expect(noScope.out).toMatch(/--consortium is required/);
    const badRole = await runYilian(
      d.env,
      'create-user',
      '--username',
      'x',
      '--password',
      'Good-pass-2026',
      '--role',
      'king',
    );
    expect(badRole.code).toBe(2);
    const foreign = await runYilian(
      d.env,
      'create-user',
      '--username',
      'planted.doctor',
      '--password',
      'Good-pass-2026',
      '--role',
      'clinician',
      '--consortium',
      'CLI-C',
      '--institution',
      'CLI-X',
    );
    expect(foreign.code).toBe(1);
    expect(foreign.out).toMatch(/CLI-X is not a member of consortium CLI-C/);
    const weak = await runYilian(
      d.env,
      'create-user',
      '--username',
      'weak.user2026',
      '--password',
      'Weak.User2026', // long enough, letters and digits, but the username itself
      '--role',
      'platform_admin',
    );
    expect(weak.code).toBe(2);
    expect(weak.out).toMatch(/password/);
  });

  it('create-user makes an account that can sign in over HTTP', async () => {
    const r = await runYilian(
      d.env,
      'create-user',
      '--username',
      'cli.doctor',
      '--password',
      'Cli-pass-2026',
      '--role',
      'clinician',
      '--consortium',
      'CLI-C',
      '--institution',
      'CLI-I',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Created clinician cli.doctor/);
    const again = await runYilian(
      d.env,
      'create-user',
      '--username',
      'CLI.doctor',
      '--password',
      'Cli-pass-2026',
      '--role',
      'viewer',
      '--consortium',
      'CLI-C',
    );
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/taken/);

    const database = await openDatabase(
      kind === 'pglite' ? { dataDir: d.dataDir } : { databaseUrl: d.env.DATABASE_URL, dataDir: d.dataDir },
    );
    const app = await buildApp(loadConfig({ YILIAN_DATA_DIR: d.dataDir, LOG_LEVEL: 'silent' }), database);
    try {
      const c = await signIn(app, 'cli.doctor', 'Cli-pass-2026');
      const me = (await c.get('/api/v1/auth/me')).json();
      expect(me).toMatchObject({ role: 'clinician', consortiumName: expect.any(String) });
    } finally {
      await app.close();
      await database.close();
    }
  });
});
