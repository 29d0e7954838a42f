import {
  roleNeedsConsortium,
  roleNeedsInstitution,
  roleNeedsRegion,
  type Page,
  type Role,
  type User,
  type UserCreate,
  type UserListQuery,
  type UserUpdate,
} from '@yilian/domain';
import type { Actor, Db, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { soleMemberOf } from '../../scope.js';
import { audited, changedFields, deleteAudited, insertAudited } from '../shared/audited.js';

const target = (consortiumId: string | null) => ({
  table: 'users' as const,
  entityType: 'user',
  consortiumId,
});
import { checkNewPassword, hashPassword } from '../auth/password.js';
import { regionByCode } from '../region/regions.js';
import { findUser, listUsers, type UserRecord } from './user.repository.js';

const ASSIGNABLE: Partial<Record<Role, readonly Role[]>> = {
  platform_admin: [
    'platform_admin',
    'commission_supervisor',
    'consortium_office',
    'institution_admin',
    'clinician',
    'dispatched_expert',
    'viewer',
  ],
  consortium_office: ['consortium_office', 'institution_admin', 'clinician', 'dispatched_expert', 'viewer'],
  institution_admin: ['institution_admin', 'clinician', 'dispatched_expert', 'viewer'],
};

function present({ lockedUntil, ...u }: UserRecord): User {
  return { ...u, locked: !!lockedUntil && Date.parse(lockedUntil) > Date.now() };
}

export async function list(s: Services, p: Principal, q: UserListQuery): Promise<Page<User>> {
  const page = await listUsers(s.db, p, q);
  return { ...page, items: page.items.map(present) };
}

async function getRecord(s: Services, p: Principal, id: string) {
  const u = await findUser(s.db, p, id);
  if (!u) throw notFound('user');
  return u;
}

export async function get(s: Services, p: Principal, id: string): Promise<User> {
  return present(await getRecord(s, p, id));
}

/** The scope attributes a role needs, checked against the records and the creator's own scope. */
async function resolveScope(db: Db, p: Principal, body: UserCreate) {
  if (!ASSIGNABLE[p.role]?.includes(body.role)) throw invalid('role', 'you cannot give this role');
  let consortiumId = roleNeedsConsortium(body.role) ? (body.consortiumId ?? null) : null;
  let institutionId =
    roleNeedsInstitution(body.role) || body.role === 'viewer' ? (body.institutionId ?? null) : null;
  const regionCode = roleNeedsRegion(body.role) ? (body.regionCode ?? null) : null;
  if (p.role !== 'platform_admin') consortiumId = p.consortiumId;
  if (p.role === 'institution_admin') institutionId = p.institutionId;
  if (roleNeedsConsortium(body.role) && !consortiumId)
    throw invalid('consortiumId', 'is required for this role');
  if (roleNeedsInstitution(body.role) && !institutionId)
    throw invalid('institutionId', 'is required for this role');
  if (roleNeedsRegion(body.role) && (!regionCode || !regionByCode(regionCode)))
    throw invalid('regionCode', 'a GB/T 2260 code is required for this role');
  if (
    consortiumId &&
    !(await db.selectFrom('consortia').select('id').where('id', '=', consortiumId).executeTakeFirst())
  ) {
    throw invalid('consortiumId', 'no such consortium');
  }
  if (institutionId) {
    const member = await db
      .selectFrom('memberships')
      .select('id')
      .where('institutionId', '=', institutionId)
      .where('consortiumId', '=', consortiumId ?? '')
      .executeTakeFirst();
    if (!member) throw invalid('institutionId', 'is not a member of the consortium');
    // An office opens accounts only at institutions that belong to its consortium alone; a shared
    // institution's accounts are its own administrator's to manage.
    if (p.role === 'consortium_office' && !(await soleMember(db, p.consortiumId!, institutionId)))
      throw invalid(
        'institutionId',
        'belongs to another consortium as well: its administrator manages its accounts',
      );
  }
  if (body.staffId) await checkStaff(db, body.staffId, institutionId);
  return { consortiumId, institutionId, regionCode };
}

async function soleMember(db: Db, consortiumId: string, institutionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('institutions as i')
    .select('i.id')
    .where('i.id', '=', institutionId)
    .where(soleMemberOf(consortiumId, 'i.id'))
    .executeTakeFirst();
  return !!row;
}

async function checkStaff(db: Db, staffId: string, institutionId: string | null) {
  const staff = await db
    .selectFrom('staff')
    .select('institutionId')
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!staff || staff.institutionId !== institutionId)
    throw invalid('staffId', "is not staff of the user's institution");
}

export async function create(s: Services, p: Principal, actor: Actor, body: UserCreate): Promise<User> {
  const scope = await resolveScope(s.db, p, body);
  const taken = await s.db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', body.username.toLowerCase()))
    .executeTakeFirst();
  if (taken) throw conflict('The username is taken');
  checkNewPassword(s.config, body.password, body.username, 'password');
  const passwordHash = await hashPassword(body.password);
  const id = await insertAudited(s, actor, target(scope.consortiumId), {
    username: body.username,
    displayName: body.displayName,
    role: body.role,
    staffId: body.staffId ?? null,
    passwordHash,
    // A password someone else chose is only for the first sign-in.
    mustChangePassword: true,
    ...scope,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: UserUpdate,
): Promise<User> {
  const current = await getRecord(s, p, id);
  if (!ASSIGNABLE[p.role]?.includes(current.role))
    throw forbidden('You cannot change an account of this role');
  if (id === p.userId && patch.disabled) throw invalid('disabled', 'you cannot disable your own account');
  if (patch.staffId) await checkStaff(s.db, patch.staffId, current.institutionId);
  const { password, unlock, note, ...fields } = patch;
  const diff = changedFields(current, fields);
  const values: Record<string, unknown> = { ...fields };
  if (unlock) Object.assign(values, { lockedUntil: null, failedLogins: 0 });
  if (password) checkNewPassword(s.config, password, current.username, 'password');
  if (password)
    Object.assign(values, { passwordHash: await hashPassword(password), mustChangePassword: true });
  if (Object.keys(values).length === 0) return present(current);
  await audited(s, actor, async (trx) => {
    await trx
      .updateTable('users')
      .set({ ...values, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    // A reset password or a disabled account ends the user's sessions.
    if (password || patch.disabled) await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    return {
      result: null,
      event: {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        consortiumId: current.consortiumId,
        before: diff.before,
        after: {
          ...diff.after,
          ...(unlock ? { unlocked: true } : {}),
          ...(password ? { passwordReset: true } : {}),
          ...(note ? { note } : {}),
        },
      },
    };
  });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getRecord(s, p, id);
  if (!ASSIGNABLE[p.role]?.includes(current.role))
    throw forbidden('You cannot delete an account of this role');
  if (id === p.userId) throw invalid('id', 'you cannot delete your own account');
  await deleteAudited(s, actor, { ...target(current.consortiumId), id, before: current });
}
