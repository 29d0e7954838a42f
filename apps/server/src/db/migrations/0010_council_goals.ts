import { sql, type Kysely } from 'kysely';

// Governance: the council (理事会) and the documents it adopts by vote; yearly goals split into
// tasks, and key projects with milestones and readiness checklists. consortium_id on every table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table council_members (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      institution_id uuid not null references institutions(id),
      user_id uuid references users(id) on delete set null,
      staff_id uuid references staff(id) on delete set null,
      name text not null,
      position text not null,
      term_start date not null,
      term_end date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint council_members_term check (term_end is null or term_end >= term_start)
    );
    create index council_members_consortium on council_members (consortium_id, term_start);
    -- How a vote on a kind of document passes: a share of the members in office must vote, and a
    -- share of the votes cast must be for. A missing row means the default of the kind.
    create table council_vote_rules (
      consortium_id uuid not null references consortia(id),
      document_kind text not null,
      quorum_num integer not null,
      quorum_den integer not null,
      pass_num integer not null,
      pass_den integer not null,
      pass_strict boolean not null,
      updated_at timestamptz not null default now(),
      primary key (consortium_id, document_kind),
      constraint council_vote_rules_fractions check (
        quorum_num >= 0 and quorum_den > 0 and quorum_num <= quorum_den
        and pass_num >= 0 and pass_den > 0 and pass_num <= pass_den)
    );
    create table council_documents (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      kind text not null,
      title text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index council_documents_consortium on council_documents (consortium_id, kind);
    create table document_versions (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      document_id uuid not null references council_documents(id) on delete cascade,
      version_no integer not null,
      status text not null,
      body text not null,
      note text,
      file_key text,
      file_name text,
      file_size integer,
      file_type text,
      effective_on date,
      superseded_on date,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (document_id, version_no)
    );
    -- At most one version of a document in force: the database keeps the rule under races.
    create unique index document_versions_one_in_force on document_versions (document_id)
      where status = 'in_force';
    create table document_votes (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      version_id uuid not null references document_versions(id) on delete cascade,
      round integer not null,
      opened_at timestamptz not null,
      opened_by text not null,
      office_date date not null,
      quorum_num integer not null,
      quorum_den integer not null,
      pass_num integer not null,
      pass_den integer not null,
      pass_strict boolean not null,
      closed_at timestamptz,
      closed_by text,
      eligible integer,
      votes_for integer,
      votes_against integer,
      votes_abstain integer,
      outcome text,
      unique (version_id, round)
    );
    create unique index document_votes_one_open on document_votes (version_id) where closed_at is null;
    create table document_ballots (
      vote_id uuid not null references document_votes(id) on delete cascade,
      consortium_id uuid not null references consortia(id),
      member_id uuid not null references council_members(id),
      choice text not null,
      cast_by_id uuid references users(id) on delete set null,
      cast_at timestamptz not null,
      primary key (vote_id, member_id)
    );

    create table goals (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      year integer not null,
      title text not null,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index goals_consortium on goals (consortium_id, year);
    create table goal_tasks (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      goal_id uuid not null references goals(id) on delete cascade,
      title text not null,
      description text,
      owner_kind text not null,
      owner_user_id uuid references users(id),
      owner_department_id uuid references departments(id),
      owner_institution_id uuid references institutions(id),
      due_on date not null,
      progress integer not null default 0,
      weight integer not null default 1,
      progress_note text,
      done_on date,
      constraint goal_tasks_one_owner check (
        (owner_kind = 'user' and owner_user_id is not null and owner_department_id is null and owner_institution_id is null)
        or (owner_kind = 'department' and owner_department_id is not null and owner_user_id is null and owner_institution_id is null)
        or (owner_kind = 'institution' and owner_institution_id is not null and owner_user_id is null and owner_department_id is null)),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint goal_tasks_progress check (progress between 0 and 100),
      constraint goal_tasks_weight check (weight between 1 and 100)
    );
    create index goal_tasks_goal on goal_tasks (goal_id);
    create index goal_tasks_due on goal_tasks (consortium_id, due_on);
    create table key_projects (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      institution_id uuid not null references institutions(id),
      goal_id uuid references goals(id) on delete set null,
      kind text not null,
      title text not null,
      description text,
      target_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index key_projects_consortium on key_projects (consortium_id);
    create table project_milestones (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      project_id uuid not null references key_projects(id) on delete cascade,
      title text not null,
      due_on date not null,
      done_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index project_milestones_project on project_milestones (project_id, due_on);
    create table checklist_items (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      project_id uuid not null references key_projects(id) on delete cascade,
      position integer not null,
      chapter text not null,
      standard_ref text,
      title text not null,
      owner_department_id uuid references departments(id),
      owner_user_id uuid references users(id) on delete set null,
      done boolean not null default false,
      done_at timestamptz,
      note text,
      evidence_key text,
      evidence_name text,
      evidence_size integer,
      evidence_type text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index checklist_items_project on checklist_items (project_id, position);
  `.execute(db);
}
