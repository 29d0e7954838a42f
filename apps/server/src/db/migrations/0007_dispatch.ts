import { sql, type Kysely } from 'kysely';

// Expert dispatch (人员下沉): assistance programmes, batches and their postings; the demand host
// sites file, the expert pool and home-department staffing the planner draws on; rotation plans
// with one version per solve. consortium_id on every table (the Citus distribution key).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dispatch_programmes (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      sending_institution_id uuid not null references institutions(id),
      host_institution_id uuid not null references institutions(id),
      name text not null,
      start_date date not null,
      end_date date,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint dispatch_programme_dates check (end_date is null or end_date >= start_date)
    );
    create index dispatch_programmes_consortium on dispatch_programmes (consortium_id);
    create table dispatch_batches (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      programme_id uuid not null references dispatch_programmes(id),
      number integer not null,
      name text not null,
      start_date date not null,
      end_date date not null,
      leader_staff_id uuid references staff(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint dispatch_batch_dates check (end_date >= start_date),
      constraint dispatch_batch_number unique (programme_id, number)
    );
    create table dispatch_postings (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      batch_id uuid not null references dispatch_batches(id),
      staff_id uuid not null references staff(id),
      host_institution_id uuid not null references institutions(id),
      role text not null check (role in ('clinical','management','research','medical_technical','nursing')),
      start_date date not null,
      end_date date not null,
      is_leader boolean not null default false,
      host_position text,
      plan_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint dispatch_posting_dates check (end_date >= start_date)
    );
    create index dispatch_postings_batch on dispatch_postings (batch_id);
    create index dispatch_postings_staff on dispatch_postings (staff_id, start_date);
    create index dispatch_postings_host on dispatch_postings (host_institution_id, start_date);
    create table dispatch_demands (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      host_institution_id uuid not null references institutions(id),
      specialty text not null,
      role text not null default 'clinical',
      start_date date not null,
      end_date date not null,
      min_title_rank integer not null check (min_title_rank between 1 and 4),
      priority integer not null check (priority between 1 and 5),
      count integer not null check (count >= 1),
      note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint dispatch_demand_dates check (end_date >= start_date)
    );
    create index dispatch_demands_consortium on dispatch_demands (consortium_id, start_date);
    create table expert_profiles (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      staff_id uuid not null references staff(id),
      specialty text not null,
      max_weeks_per_year numeric not null check (max_weeks_per_year >= 0),
      available_from date,
      available_to date,
      -- [{ start, end, reason }]: leave, exams, duty at home the planner must keep free
      unavailable jsonb not null default '[]',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint expert_profile_once unique (consortium_id, staff_id)
    );
    create table department_staffing (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      department_id uuid not null references departments(id),
      min_staffing integer check (min_staffing >= 0),
      max_away integer check (max_away >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint department_staffing_once unique (consortium_id, department_id),
      constraint department_staffing_rule check (min_staffing is not null or max_away is not null)
    );
    create table dispatch_plans (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      name text not null,
      horizon_start date not null,
      horizon_end date not null,
      period_kind text not null,
      host_institution_ids jsonb,
      weights jsonb not null,
      time_limit_seconds integer not null default 20,
      -- [{ expertId, demandId }] the planner fixed; each solve keeps them
      locks jsonb not null default '[]',
      status text not null default 'draft',
      current_version integer not null default 0,
      applied_version integer,
      applied_batch_id uuid references dispatch_batches(id),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint dispatch_plan_horizon check (horizon_end >= horizon_start)
    );
    create index dispatch_plans_consortium on dispatch_plans (consortium_id);
    create table dispatch_plan_versions (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      plan_id uuid not null references dispatch_plans(id) on delete cascade,
      version integer not null,
      status text not null,
      input jsonb not null,
      result jsonb,
      progress jsonb,
      solved_by text not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      constraint dispatch_plan_version_once unique (plan_id, version)
    );
    alter table dispatch_postings add constraint dispatch_posting_plan foreign key (plan_id) references dispatch_plans(id) on delete set null;
  `.execute(db);
}
