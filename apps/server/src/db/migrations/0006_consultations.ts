import { sql, type Kysely } from 'kysely';

// Remote consultation (远程会诊) and remote reading of images and ECGs.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table referral_rules add column consultation_hours integer not null default 24;
    create sequence consultation_code_seq;
    create table consultations (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      consortium_id uuid not null references consortia(id),
      kind text not null,
      status text not null,
      requesting_institution_id uuid not null references institutions(id),
      requested_by_id uuid references users(id) on delete set null,
      requested_by text not null,
      center_institution_id uuid not null references institutions(id),
      center_department_id uuid references departments(id),
      patient_id uuid not null references patients(id),
      icd10_code text,
      case_summary text not null,
      question text not null,
      expert_staff_ids jsonb not null default '[]',
      scheduled_at timestamptz,
      video_link text,
      opinion text,
      signed_by text,
      signed_at timestamptz,
      reject_reason text,
      cancel_reason text,
      rating integer,
      rating_comment text,
      deadline_at timestamptz,
      requested_at timestamptz not null,
      accepted_at timestamptz,
      reported_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index consultations_requesting on consultations (requesting_institution_id, requested_at);
    create index consultations_center on consultations (center_institution_id, requested_at);
    create index consultations_deadline on consultations (deadline_at) where deadline_at is not null;
    create table consultation_attachments (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations(id) on delete cascade,
      consortium_id uuid not null,
      file_key text not null,
      name text not null,
      content_type text not null,
      size integer not null,
      uploaded_by text,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}
