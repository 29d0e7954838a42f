import { sql, type Kysely } from 'kysely';

// Accounts and server-side sessions. A session row holds the SHA-256 of the cookie token, so a
// copy of the database does not hand out live sessions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      display_name text not null,
      password_hash text not null,
      role text not null,
      consortium_id uuid references consortia(id) on delete restrict,
      institution_id uuid references institutions(id) on delete restrict,
      region_code char(6),
      staff_id uuid references staff(id) on delete set null,
      disabled boolean not null default false,
      must_change_password boolean not null default false,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_username on users (lower(username));
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      ip text,
      user_agent text
    );
    create index sessions_user on sessions (user_id);
  `.execute(db);
}
