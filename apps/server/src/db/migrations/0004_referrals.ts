import { sql, type Kysely } from 'kysely';

// Two-way referral. Every table carries consortium_id (the Citus distribution key).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table patients (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      name text not null,
      sex text not null,
      birth_date date not null,
      id_type text not null,
      id_number text not null,
      phone text,
      insurance_no text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (consortium_id, id_type, id_number)
    );
    create table referral_rules (
      consortium_id uuid primary key references consortia(id),
      routine_workdays integer not null,
      urgent_hours integer not null,
      green_minutes integer not null,
      updated_at timestamptz not null default now()
    );
    create table capacity_slots (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      institution_id uuid not null references institutions(id),
      department_id uuid not null references departments(id),
      date date not null,
      kind text not null,
      label text not null,
      capacity integer not null check (capacity >= 0),
      booked integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint capacity_not_exceeded check (booked >= 0 and booked <= capacity),
      constraint capacity_once_per_label unique (department_id, date, kind, label)
    );
    create index capacity_slots_department on capacity_slots (department_id, date);
    create sequence referral_code_seq;
    create table referrals (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      consortium_id uuid not null references consortia(id),
      direction text not null,
      urgency text not null,
      green_category text,
      status text not null,
      from_institution_id uuid not null references institutions(id),
      from_department_id uuid references departments(id),
      created_by uuid references users(id) on delete set null,
      referring_doctor text not null,
      to_institution_id uuid not null references institutions(id),
      to_department_id uuid references departments(id),
      patient_id uuid not null references patients(id),
      icd10_code text not null,
      diagnosis_name text not null,
      reason text not null,
      summary text not null,
      plan text,
      reject_reason text,
      cancel_reason text,
      discharge_summary text,
      slot_id uuid references capacity_slots(id),
      deadline_at timestamptz,
      escalated_at timestamptz,
      submitted_at timestamptz,
      accepted_at timestamptz,
      completed_at timestamptz,
      receipt_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index referrals_from on referrals (from_institution_id, created_at);
    create index referrals_to on referrals (to_institution_id, created_at);
    create index referrals_deadline on referrals (deadline_at) where deadline_at is not null;
    create index referrals_slot on referrals (slot_id) where slot_id is not null;
    create table referral_events (
      id bigint generated always as identity primary key,
      referral_id uuid not null references referrals(id) on delete cascade,
      consortium_id uuid not null,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      action text not null,
      from_status text,
      to_status text,
      note text
    );
    create index referral_events_referral on referral_events (referral_id, id);
    create table referral_attachments (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referrals(id) on delete cascade,
      consortium_id uuid not null,
      file_key text not null,
      name text not null,
      content_type text not null,
      size integer not null,
      uploaded_by text,
      created_at timestamptz not null default now()
    );
    create table follow_up_tasks (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referrals(id) on delete cascade,
      consortium_id uuid not null,
      institution_id uuid not null references institutions(id),
      title text not null,
      due_on date not null,
      done_at timestamptz,
      done_by text,
      note text
    );
    create index follow_up_tasks_institution on follow_up_tasks (institution_id, due_on);
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid,
      user_id uuid not null references users(id) on delete cascade,
      kind text not null,
      title text not null,
      body text,
      referral_id uuid references referrals(id) on delete cascade,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notifications_user on notifications (user_id, created_at desc);
  `.execute(db);
}
