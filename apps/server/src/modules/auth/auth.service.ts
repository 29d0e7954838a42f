import { DEMO_PASSWORD, ROLE_PERMISSIONS, type LoginBody, type Me } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import { actorOf, type Actor, type Principal, type Services } from '../../context.js';
import { AppError, invalid } from '../../errors.js';
import { lockedUntilOf, releaseAttempt, reserveAttempt, type Attempt } from './attempts.js';
import { checkNewPassword, dummyHash, hashPassword, verifyPassword } from './password.js';
import { newSessionToken } from './session.repository.js';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  me: Me;
}

const WRONG = () => new AppError('invalid_credentials', 'Wrong username or password');
const LOCKED = (until: string | null) =>
  new AppError(
    'account_locked',
    until
      ? `Account locked until ${until} after repeated wrong passwords`
      : 'Account locked after repeated wrong passwords; try again shortly',
  );

/** Takes a place for one password check (attempts.ts); a 423 when the account is locked. */
async function reserveOrRefuse(s: Services, user: { id: string; lockedUntil: string | null }) {
  if (user.lockedUntil && Date.parse(user.lockedUntil) > Date.now()) throw LOCKED(user.lockedUntil);
  const attempt = await reserveAttempt(s, user.id);
  if (!attempt) throw LOCKED(await lockedUntilOf(s.db, user.id));
  return attempt;
}

/** A wrong password: its place stays taken; audited, and a 423 when it was the last place. */
async function recordFailure(
  s: Services,
  actor: Actor,
  user: { id: string; consortiumId: string | null },
  attempt: Attempt,
  via: 'sign_in' | 'password_change',
): Promise<AppError | null> {
  const lock = attempt.lockedUntil !== null;
  await s.db.transaction().execute(async (trx) =>
    recordAudit(trx, actor, {
      action: lock ? 'auth.locked' : 'auth.login_failed',
      entityType: 'user',
      entityId: user.id,
      consortiumId: user.consortiumId,
      after: {
        failedLogins: attempt.place,
        lockedUntil: attempt.lockedUntil,
        ...(via === 'password_change' ? { via } : {}),
      },
    }),
  );
  return lock ? LOCKED(attempt.lockedUntil) : null;
}

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
  // A system client's account (0018) never signs in with a password, whatever its hash says.
  if (!user || user.disabled || user.systemAccount) {
    await verifyPassword(await dummyHash(), body.password);
    throw WRONG();
  }
  const actor = { userId: user.id, username: user.username, ip };
  const attempt = await reserveOrRefuse(s, user);
  if (!(await verifyPassword(user.passwordHash, body.password)))
    throw (await recordFailure(s, actor, user, attempt, 'sign_in')) ?? WRONG();
  // On a production server the published demo password is for one sign-in only.
  const mustChangePassword =
    user.mustChangePassword || (s.config.production && body.password === DEMO_PASSWORD);
  const { token, id } = newSessionToken();
  // Sessions expire by the wall clock (findPrincipalBySession), whatever clock a test sets.
  const expiresAt = new Date(Date.now() + s.config.sessionHours * 3600_000);
  const now = new Date().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await releaseAttempt(trx, user.id, attempt);
    await trx
      .updateTable('users')
      .set({ lastLoginAt: now, mustChangePassword })
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
    mustChangePassword,
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

/**
 * Changes the password and ends every other session of the user. A wrong current password counts
 * towards the lockout like a wrong sign-in: a session alone cannot guess its way to the account.
 */
export async function changePassword(
  s: Services,
  p: Principal,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
  ip: string | null,
): Promise<void> {
  checkNewPassword(s.config, newPassword, p.username, 'newPassword');
  if (currentPassword === newPassword) throw invalid('newPassword', 'must differ from the current password');
  const user = await s.db
    .selectFrom('users')
    .select(['id', 'passwordHash', 'lockedUntil', 'consortiumId'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  const attempt = await reserveOrRefuse(s, user);
  if (!(await verifyPassword(user.passwordHash, currentPassword)))
    throw (
      (await recordFailure(s, actorOf(p, ip), user, attempt, 'password_change')) ??
      invalid('currentPassword', 'is wrong')
    );
  const passwordHash = await hashPassword(newPassword);
  await s.db.transaction().execute(async (trx) => {
    await releaseAttempt(trx, p.userId, attempt);
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
