import { sql, type Kysely } from 'kysely';

// Meetings (series, agenda, invitations with sign-in, resolutions, work reports) and the problem
// ledger (问题清单台账) with its per-consortium, per-year numbering.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table meeting_series (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      title text not null,
      kind text not null,
      recurrence text not null,
      weekday integer,
      day_of_month integer,
      time text not null,
      duration_minutes integer not null,
      mode text not null,
      room text,
      link text,
      organizer_institution_id uuid references institutions(id),
      rule_document_id text,
      invitee_user_ids jsonb not null default '[]',
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create table meetings (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      series_id uuid references meeting_series(id),
      rule_document_id text,
      title text not null,
      kind text not null,
      mode text not null,
      room text,
      link text,
      starts_at timestamptz not null,
      ends_at timestamptz,
      organizer_institution_id uuid references institutions(id),
      description text,
      status text not null,
      minutes text,
      minutes_published_at timestamptz,
      cancel_reason text,
      check_in_token text,
      check_in_expires_at timestamptz,
      created_by_id uuid references users(id) on delete set null,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index meetings_consortium on meetings (consortium_id, starts_at);
    -- A series plans each occurrence once, however often it is asked to.
    create unique index meetings_series_start on meetings (series_id, starts_at) where series_id is not null;
    create table meeting_agenda_items (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings(id) on delete cascade,
      consortium_id uuid not null,
      position integer not null,
      title text not null,
      presenter text,
      presenter_user_id uuid references users(id) on delete set null,
      minutes integer
    );
    create table meeting_invitations (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings(id) on delete cascade,
      consortium_id uuid not null,
      user_id uuid not null references users(id) on delete cascade,
      rsvp text not null default 'pending',
      rsvp_note text,
      responded_at timestamptz,
      signed_in_at timestamptz,
      sign_in_method text,
      unique (meeting_id, user_id)
    );
    create index meeting_invitations_user on meeting_invitations (user_id);
    create table meeting_resolutions (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings(id) on delete cascade,
      consortium_id uuid not null,
      position integer not null,
      text text not null,
      created_at timestamptz not null default now()
    );
    create table meeting_reports (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings(id) on delete cascade,
      consortium_id uuid not null,
      institution_id uuid not null references institutions(id),
      period text not null,
      title text not null,
      sections jsonb not null default '[]',
      file_key text,
      file_name text,
      content_type text,
      file_size integer,
      submitted_by text not null,
      created_at timestamptz not null default now()
    );
    create table ledger_counters (
      consortium_id uuid not null references consortia(id),
      year integer not null,
      last integer not null,
      primary key (consortium_id, year)
    );
    create table problems (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      number text not null,
      title text not null,
      description text not null,
      source text not null,
      meeting_id uuid references meetings(id),
      category text not null,
      affected_institution_ids jsonb not null default '[]',
      priority text not null,
      owner_department_id uuid references departments(id),
      co_owner_department_ids jsonb not null default '[]',
      responsible_user_id uuid references users(id) on delete set null,
      deadline date,
      status text not null,
      escalated_at timestamptz,
      measures text,
      raised_by_id uuid references users(id) on delete set null,
      raised_by text not null,
      raised_at timestamptz not null,
      resolved_at timestamptz,
      verified_at timestamptz,
      verified_by text,
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (consortium_id, number)
    );
    create index problems_meeting on problems (meeting_id) where meeting_id is not null;
    create index problems_responsible on problems (responsible_user_id, status);
    create index problems_deadline on problems (deadline) where escalated_at is null;
    create table problem_entries (
      id uuid primary key default gen_random_uuid(),
      seq bigserial not null,
      problem_id uuid not null references problems(id) on delete cascade,
      consortium_id uuid not null,
      kind text not null,
      at timestamptz not null,
      actor_id uuid references users(id) on delete set null,
      actor_name text not null,
      action text,
      from_status text,
      to_status text,
      note text
    );
    create index problem_entries_problem on problem_entries (problem_id, seq);
  `.execute(db);
}
