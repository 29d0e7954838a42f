import { sql, type Kysely } from 'kysely';

// The consortium office books shared equipment and asks for remote consultations on behalf of a
// member institution: the member is the requesting institution, the office's account the one who
// acted (requested_by_id). on_behalf marks such records, so that the member's staff and the printed
// slip say who booked for them; existing rows were booked by the member's own staff.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table resource_bookings add column on_behalf boolean not null default false;
    alter table consultations add column on_behalf boolean not null default false;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table resource_bookings drop column on_behalf;
    alter table consultations drop column on_behalf;
  `.execute(db);
}
