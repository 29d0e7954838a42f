import type { ColumnType, Generated } from 'kysely';
import type { ClientJwks } from '@yilian/domain';

type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;

/** A hospital system calling the FHIR API with its own keys (migration 0018). */
export interface SystemClientsTable {
  id: Generated<string>;
  name: string;
  institutionId: string;
  /** The service account (users.system_account) the client acts through. */
  userId: string;
  /** Registered SMART scopes, space-separated as OAuth writes them. */
  scopes: string;
  jwks: ColumnType<ClientJwks, string, string>;
  createdBy: string | null;
  createdAt: Created;
  keysRotatedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  lastTokenAt: string | null;
  lastTokenIp: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  updatedAt: Timestamp;
}

/** An access token: only its SHA-256 is kept. */
export interface ClientTokensTable {
  id: string;
  clientId: string;
  scopes: string;
  createdAt: Created;
  expiresAt: string;
  ip: string | null;
}

/** The jti of each accepted client assertion, until the assertion expires. */
export interface ClientAssertionJtisTable {
  clientId: string;
  jti: string;
  expiresAt: string;
}
