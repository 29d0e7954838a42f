import { sql, type Kysely } from 'kysely';

// Indicators and assessment. The library (national indicators and Yilian's computed figures)
// lives in code (packages/domain/src/indicators); only a consortium's own indicators, the forms
// members report and the assessment schemes are rows, each carrying its consortium key.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table custom_indicators (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      code text not null,
      name_zh text not null,
      name_en text not null,
      definition text not null,
      numerator text,
      denominator text,
      kind text not null,
      unit text not null default '',
      factor double precision not null default 1,
      direction text not null,
      part boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (consortium_id, code)
    );
    create table report_forms (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      institution_id uuid not null references institutions(id),
      period text not null,
      state text not null default 'draft',
      submitted_at timestamptz,
      submitted_by text,
      reviewed_at timestamptz,
      reviewed_by text,
      review_comment text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (consortium_id, institution_id, period)
    );
    create index report_forms_period on report_forms (consortium_id, period);
    create table report_values (
      form_id uuid not null references report_forms(id) on delete cascade,
      consortium_id uuid not null,
      code text not null,
      numerator double precision,
      denominator double precision,
      note text,
      primary key (form_id, code)
    );
    create table assessment_schemes (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      name text not null,
      year integer not null,
      state text not null default 'draft',
      items jsonb not null,
      published_at timestamptz,
      published_by text,
      snapshot jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index assessment_schemes_consortium on assessment_schemes (consortium_id, year);
  `.execute(db);
}
