import fs from 'node:fs';
import { systemClientCreate } from '@yilian/domain';
import { systemActor, type Db } from '../context.js';
import { AppError } from '../errors.js';
import { registerClient } from '../modules/client/client.service.js';

export interface ShellClient {
  name?: string;
  institutionCode?: string;
  scopes?: string;
  jwksFile?: string;
}

/**
 * `yilian create-client`: registers a system client from the shell, as the web does (same checks,
 * same audit row, by `system`), its institution named by code and its public keys read from a JWKS
 * file. Answers the client id, or every problem at once.
 */
export async function createClientFromShell(
  db: Db,
  c: ShellClient,
): Promise<{ id: string } | { error: string }> {
  if (!c.name || !c.institutionCode || !c.scopes || !c.jwksFile)
    return { error: 'create-client needs --name, --institution, --scopes and --jwks' };
  let jwks: unknown;
  try {
    jwks = JSON.parse(fs.readFileSync(c.jwksFile, 'utf8'));
  } catch (e) {
    return { error: `--jwks: cannot read a JSON document from ${c.jwksFile} (${(e as Error).message})` };
  }
  const institution = await db
    .selectFrom('institutions')
    .select('id')
    .where('code', '=', c.institutionCode)
    .executeTakeFirst();
  if (!institution) return { error: `No institution with code ${c.institutionCode}` };
  const parsed = systemClientCreate.safeParse({
    name: c.name,
    institutionId: institution.id,
    scopes: c.scopes.split(/[\s,]+/).filter(Boolean),
    jwks,
  });
  if (!parsed.success)
    return {
      error: parsed.error.issues
        .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
        .join('\n'),
    };
  try {
    return await registerClient(
      db,
      systemActor,
      { ...parsed.data, institutionId: institution.id },
      new Date(),
    );
  } catch (e) {
    if (e instanceof AppError) return { error: e.message };
    throw e;
  }
}
