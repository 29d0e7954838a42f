import { sql, type Kysely } from 'kysely';

// The registry: consortia, institutions and how they belong together.
// Citus plan: consortium-keyed tables (memberships, agreements, and every workflow table to come)
// are distributed by consortium_id; institutions, departments and staff are shared across
// consortia (an institution may join several) and become reference tables.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consortia (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      kind text not null,
      region_code char(6) not null,
      established_on date,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table institutions (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null unique,
      short_name text,
      kind text not null,
      level text not null,
      grade text not null,
      region_code char(6) not null,
      address text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index institutions_region on institutions (region_code);
    create table memberships (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id) on delete restrict,
      institution_id uuid not null references institutions(id) on delete restrict,
      role text not null,
      joined_on date not null,
      left_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (consortium_id, institution_id)
    );
    create index memberships_institution on memberships (institution_id);
    create table agreements (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id) on delete restrict,
      title text not null,
      parties jsonb not null,
      signed_on date not null,
      effective_on date,
      expires_on date,
      summary text,
      document_key text,
      document_name text,
      document_size integer,
      document_type text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index agreements_consortium on agreements (consortium_id);
    create table departments (
      id uuid primary key default gen_random_uuid(),
      institution_id uuid not null references institutions(id) on delete restrict,
      name text not null,
      kind text not null,
      phone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (institution_id, name)
    );
    create table staff (
      id uuid primary key default gen_random_uuid(),
      institution_id uuid not null references institutions(id) on delete restrict,
      department_id uuid references departments(id) on delete restrict,
      name text not null,
      sex text,
      title text not null,
      specialty text,
      phone text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index staff_institution on staff (institution_id);
    create index staff_department on staff (department_id);
  `.execute(db);
}
