import { roleNeedsConsortium, roleNeedsInstitution, roleNeedsRegion, type Role } from '@yilian/domain';
import { recordAudit } from '../audit/audit.js';
import { systemActor, type Db } from '../context.js';
import { hashPassword } from '../modules/auth/password.js';
import { regionByCode } from '../modules/region/regions.js';

export interface ShellUser {
  username: string;
  password: string;
  role: Role;
  consortiumCode?: string;
  institutionCode?: string;
  regionCode?: string;
  displayName?: string;
}

/** Creates an account from the shell, resolving consortium and institution by code. */
export async function createUserFromShell(db: Db, u: ShellUser): Promise<{ id: string } | { error: string }> {
  const consortium = u.consortiumCode
    ? await db.selectFrom('consortia').select('id').where('code', '=', u.consortiumCode).executeTakeFirst()
    : undefined;
  if (u.consortiumCode && !consortium) return { error: `No consortium with code ${u.consortiumCode}` };
  if (roleNeedsConsortium(u.role) && !consortium) return { error: `--consortium is required for ${u.role}` };
  const institution = u.institutionCode
    ? await db
        .selectFrom('institutions')
        .select('id')
        .where('code', '=', u.institutionCode)
        .executeTakeFirst()
    : undefined;
  if (u.institutionCode && !institution) return { error: `No institution with code ${u.institutionCode}` };
  if (roleNeedsInstitution(u.role) && !institution)
    return { error: `--institution is required for ${u.role}` };
  // As the API does: an account sits at an institution of its own consortium, never another's.
  if (institution && consortium) {
    const member = await db
      .selectFrom('memberships')
      .select('id')
      .where('consortiumId', '=', consortium.id)
      .where('institutionId', '=', institution.id)
      .executeTakeFirst();
    if (!member)
      return { error: `Institution ${u.institutionCode} is not a member of consortium ${u.consortiumCode}` };
  }
  if (roleNeedsRegion(u.role) && (!u.regionCode || !regionByCode(u.regionCode))) {
    return { error: `--region (a GB/T 2260 code) is required for ${u.role}` };
  }
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', u.username.toLowerCase()))
    .executeTakeFirst();
  if (taken) return { error: `Username ${u.username} is taken` };
  const passwordHash = await hashPassword(u.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        username: u.username,
        displayName: u.displayName ?? u.username,
        passwordHash,
        role: u.role,
        consortiumId: consortium?.id ?? null,
        institutionId: institution?.id ?? null,
        regionCode: roleNeedsRegion(u.role) ? (u.regionCode ?? null) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, systemActor, {
      action: 'user.created',
      entityType: 'user',
      entityId: row.id,
      consortiumId: row.consortiumId,
      after: row,
    });
    return { id: row.id };
  });
}
