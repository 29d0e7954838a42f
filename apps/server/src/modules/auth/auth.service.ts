import { ROLE_PERMISSIONS, type LoginBody, type Me } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import { actorOf, type Principal, type Services } from '../../context.js';
import { AppError, invalid } from '../../errors.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import { newSessionToken } from './session.repository.js';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  me: Me;
}

const WRONG = () => new AppError('invalid_credentials', 'Wrong username or password');

/** Checks the password, counts failures, locks after too many, and opens a session. */
export async function login(
  s: Services,
  body: LoginBody,
  ip: string | null,
  userAgent: string | null,
): Promise<LoginResult> {
  const user = await s.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', body.username.toLowerCase()))
    .executeTakeFirst();
  if (!user || user.disabled) {
    await verifyPassword(await dummyHash(), body.password);
    throw WRONG();
  }
  const actor = { userId: user.id, username: user.username, ip };
  if (user.lockedUntil && Date.parse(user.lockedUntil) > Date.now()) {
    throw new AppError(
      'account_locked',
      `Account locked until ${user.lockedUntil} after repeated failed sign-ins`,
    );
  }
  if (!(await verifyPassword(user.passwordHash, body.password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= s.config.loginMaxFailures;
    const lockedUntil = lock ? new Date(Date.now() + s.config.lockMinutes * 60_000).toISOString() : null;
    await s.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failedLogins: lock ? 0 : failures, lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, actor, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        consortiumId: user.consortiumId,
        after: { failedLogins: failures, lockedUntil },
      });
    });
    if (lock)
      throw new AppError(
        'account_locked',
        `Account locked until ${lockedUntil} after ${failures} failed sign-ins`,
      );
    throw WRONG();
  }
  const { token, id } = newSessionToken();
  const expiresAt = new Date(Date.now() + s.config.sessionHours * 3600_000);
  const now = new Date().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id,
        userId: user.id,
        expiresAt: expiresAt.toISOString(),
        ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      consortiumId: user.consortiumId,
    });
  });
  const me = await describe(s, {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    consortiumId: user.consortiumId,
    institutionId: user.institutionId,
    regionCode: user.regionCode,
    mustChangePassword: user.mustChangePassword,
  });
  return { token, expiresAt, me };
}

export async function logout(s: Services, p: Principal, sessionId: string, ip: string | null): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await recordAudit(trx, actorOf(p, ip), {
      action: 'auth.logout',
      entityType: 'user',
      entityId: p.userId,
      consortiumId: p.consortiumId,
    });
  });
}

/** Changes the password and ends every other session of the user. */
export async function changePassword(
  s: Services,
  p: Principal,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
  ip: string | null,
): Promise<void> {
  const user = await s.db
    .selectFrom('users')
    .select(['passwordHash'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, currentPassword)))
    throw invalid('currentPassword', 'is wrong');
  if (currentPassword === newPassword) throw invalid('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(newPassword);
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date().toISOString() })
      .where('id', '=', p.userId)
      .execute();
    await trx.deleteFrom('sessions').where('userId', '=', p.userId).where('id', '!=', sessionId).execute();
    await recordAudit(trx, actorOf(p, ip), {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: p.userId,
      consortiumId: p.consortiumId,
    });
  });
}

export async function describe(s: Services, p: Principal): Promise<Me> {
  const [consortium, institution] = await Promise.all([
    p.consortiumId
      ? s.db.selectFrom('consortia').select('name').where('id', '=', p.consortiumId).executeTakeFirst()
      : undefined,
    p.institutionId
      ? s.db.selectFrom('institutions').select('name').where('id', '=', p.institutionId).executeTakeFirst()
      : undefined,
  ]);
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    permissions: [...ROLE_PERMISSIONS[p.role]],
    consortiumId: p.consortiumId,
    consortiumName: consortium?.name ?? null,
    institutionId: p.institutionId,
    institutionName: institution?.name ?? null,
    regionCode: p.regionCode,
    mustChangePassword: p.mustChangePassword,
  };
}
