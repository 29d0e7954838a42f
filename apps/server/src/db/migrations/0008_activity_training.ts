import { sql, type Kysely } from 'kysely';

// The work stationed experts log at their host site, and training up (进修, courses, management
// rotation) with enrolments, sessions and attendance. consortium_id on every table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table expert_activities (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      posting_id uuid not null references dispatch_postings(id),
      batch_id uuid not null references dispatch_batches(id),
      staff_id uuid not null references staff(id),
      -- the expert's own institution and the site: the two parties that see the entry
      home_institution_id uuid not null references institutions(id),
      host_institution_id uuid not null references institutions(id),
      kind text not null check (kind in ('clinic','ward_round','lecture','surgery_demo','case_discussion','teaching')),
      activity_date date not null,
      count integer not null check (count >= 0 and count <= 2000),
      procedure_name text,
      topic text,
      note text,
      recorded_by_id uuid references users(id) on delete set null,
      recorded_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index expert_activities_host on expert_activities (host_institution_id, activity_date);
    create index expert_activities_staff on expert_activities (staff_id, activity_date);
    create index expert_activities_consortium on expert_activities (consortium_id, activity_date);
    create table training_programmes (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      provider_institution_id uuid not null references institutions(id),
      kind text not null check (kind in ('further_study','course','management_rotation')),
      name text not null,
      department_id uuid references departments(id),
      specialty text,
      seats integer check (seats > 0),
      -- places taken by accepted trainees; the CHECK is what makes a full programme refuse more
      seats_taken integer not null default 0,
      duration_months integer,
      start_date date not null,
      end_date date,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint training_programme_seats check (seats_taken >= 0 and (seats is null or seats_taken <= seats)),
      constraint training_programme_dates check (end_date is null or end_date >= start_date)
    );
    create index training_programmes_consortium on training_programmes (consortium_id, start_date);
    create table training_enrolments (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      programme_id uuid not null references training_programmes(id),
      staff_id uuid not null references staff(id),
      institution_id uuid not null references institutions(id),
      status text not null,
      applied_on date not null,
      accepted_on date,
      started_on date,
      completed_on date,
      returned_on date,
      works_independently boolean,
      reason text,
      note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint training_enrolment_once unique (programme_id, staff_id)
    );
    create index training_enrolments_institution on training_enrolments (institution_id, status);
    create table training_sessions (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      programme_id uuid not null references training_programmes(id) on delete cascade,
      session_date date not null,
      topic text not null,
      location text,
      created_at timestamptz not null default now()
    );
    create index training_sessions_programme on training_sessions (programme_id, session_date);
    create table training_attendance (
      consortium_id uuid not null references consortia(id),
      session_id uuid not null references training_sessions(id) on delete cascade,
      enrolment_id uuid not null references training_enrolments(id) on delete cascade,
      present boolean not null,
      recorded_at timestamptz not null default now(),
      primary key (session_id, enrolment_id)
    );
  `.execute(db);
}
