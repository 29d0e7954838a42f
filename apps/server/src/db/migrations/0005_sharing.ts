import { sql, type Kysely } from 'kysely';

// Shared equipment and service centres booked across institutions, and mutual recognition of
// results. consortium_id on every table (the Citus distribution key).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table shared_resources (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      owner_institution_id uuid not null references institutions(id),
      type text not null,
      name text not null,
      location text,
      open_days jsonb not null,
      open_from text not null,
      open_to text not null,
      slot_minutes integer not null,
      capacity_per_slot integer not null,
      bookable_institution_ids jsonb,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index shared_resources_consortium on shared_resources (consortium_id);
    -- One row per slot that has bookings; the CHECK is what makes overbooking impossible.
    create table resource_slot_usage (
      consortium_id uuid not null,
      resource_id uuid not null references shared_resources(id) on delete cascade,
      slot_start timestamptz not null,
      capacity integer not null,
      booked integer not null,
      primary key (resource_id, slot_start),
      constraint resource_slot_not_exceeded check (booked >= 0 and booked <= capacity)
    );
    create table resource_bookings (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      resource_id uuid not null references shared_resources(id),
      requesting_institution_id uuid not null references institutions(id),
      requested_by_id uuid references users(id) on delete set null,
      requested_by text not null,
      patient_id uuid not null references patients(id),
      exam_code text not null,
      exam_name text not null,
      slot_start timestamptz not null,
      status text not null,
      note text,
      cancel_reason text,
      result_summary text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index resource_bookings_resource on resource_bookings (resource_id, slot_start);
    create index resource_bookings_requester on resource_bookings (requesting_institution_id, created_at);
    create table recognized_results (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      patient_id uuid not null references patients(id),
      institution_id uuid not null references institutions(id),
      exam_code text not null,
      exam_name text not null,
      performed_on date not null,
      valid_until date not null,
      summary text not null,
      booking_id uuid references resource_bookings(id),
      created_at timestamptz not null default now()
    );
    create index recognized_results_patient on recognized_results (patient_id, exam_code, valid_until);
    create table recognition_decisions (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id),
      institution_id uuid not null references institutions(id),
      result_id uuid not null references recognized_results(id),
      decision text not null,
      reason text,
      note text,
      booking_id uuid references resource_bookings(id),
      decided_by text not null,
      decided_at timestamptz not null
    );
  `.execute(db);
}
