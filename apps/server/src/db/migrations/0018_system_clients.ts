import { sql, type Kysely } from 'kysely';

// System clients (SMART Backend Services): a hospital system that calls the FHIR API with its own
// key pair. Yilian keeps the public keys (a JWKS), the scopes, and an account in `users` the client
// acts through (so authorship, foreign keys and the audit trail work as for a person); that account
// is marked a system account and can never sign in with a password. Access tokens are opaque and
// short-lived, stored as their SHA-256 like sessions, so a revoked client is refused at once by every
// server. The ids (jti) of the signed assertions are kept until they expire, so no assertion is
// accepted twice, whichever server it reaches.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column system_account boolean not null default false;

    create table system_clients (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      institution_id uuid not null references institutions(id),
      user_id uuid not null unique references users(id),
      scopes text not null,
      jwks jsonb not null,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      keys_rotated_at timestamptz,
      revoked_at timestamptz,
      revoked_by uuid references users(id) on delete set null,
      revoke_reason text,
      last_token_at timestamptz,
      last_token_ip text,
      last_used_at timestamptz,
      last_used_ip text,
      updated_at timestamptz not null default now()
    );
    create index system_clients_institution on system_clients (institution_id);

    create table client_tokens (
      id text primary key,
      client_id uuid not null references system_clients(id) on delete cascade,
      scopes text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text
    );
    create index client_tokens_client on client_tokens (client_id);
    create index client_tokens_expires on client_tokens (expires_at);

    create table client_assertion_jtis (
      client_id uuid not null references system_clients(id) on delete cascade,
      jti text not null,
      expires_at timestamptz not null,
      primary key (client_id, jti)
    );
    create index client_assertion_jtis_expires on client_assertion_jtis (expires_at);
  `.execute(db);
}
