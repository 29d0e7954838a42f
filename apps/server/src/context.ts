import type { Permission, Role } from '@yilian/domain';
import { ROLE_PERMISSIONS } from '@yilian/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from './config.js';
import type { DbKind } from './db/connection.js';
import type { DB } from './db/schema.js';
import type { FileStore } from './storage/file-store.js';
import type { NotificationBus } from './modules/notification/bus.js';

/** The signed-in user as every service sees it: who, and the scope they act in. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  consortiumId: string | null;
  institutionId: string | null;
  regionCode: string | null;
  mustChangePassword: boolean;
  /**
   * A system client (a hospital system with a bearer token) acting through its service account;
   * null for people (absent only on principals built outside a request, e.g. a computation's).
   * Its role is the account's ('clinician'), its scope the account's institution, and what it may
   * do is `permissions`, from the scopes its token was granted.
   */
  clientId?: string | null;
  /** When set, what the principal may do instead of its role's permissions (a system client's scopes). */
  permissions?: readonly Permission[];
  /** The SMART scopes a system client's token was granted (system/ServiceRequest.crs …). */
  scopes?: readonly string[];
}

/** Who makes a change, for the audit trail. */
export interface Actor {
  userId: string | null;
  username: string | null;
  ip: string | null;
}

export const systemActor: Actor = { userId: null, username: 'system', ip: null };

export function actorOf(p: Principal | null, ip: string | null): Actor {
  return { userId: p?.userId ?? null, username: p?.username ?? null, ip };
}

export function hasPermission(p: Principal, permission: Permission): boolean {
  return (p.permissions ?? ROLE_PERMISSIONS[p.role]).includes(permission);
}

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

/** What services need from the running app; tests build it through buildApp. */
export interface Services {
  db: Db;
  dbKind: DbKind;
  config: Config;
  files: FileStore;
  /** The clock every deadline reads; tests replace it with a fake one. */
  now: () => Date;
  /** Live delivery of committed notifications to this process's subscribers (SSE). */
  bus: NotificationBus;
}
