import { sql, type Kysely } from 'kysely';

// Membership needs both sides: a consortium invites an institution, and the institution's
// administrator (or the platform admin) accepts before the membership row exists. The invitation
// keeps who asked, who answered and when; at most one is open per consortium and institution.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table membership_invitations (
      id uuid primary key default gen_random_uuid(),
      consortium_id uuid not null references consortia(id) on delete cascade,
      institution_id uuid not null references institutions(id) on delete cascade,
      role text not null,
      joined_on date,
      note text,
      state text not null default 'pending'
        check (state in ('pending', 'accepted', 'declined', 'withdrawn')),
      invited_by uuid references users(id) on delete set null,
      invited_at timestamptz not null default now(),
      answered_by uuid references users(id) on delete set null,
      answered_at timestamptz,
      answer_note text,
      membership_id uuid references memberships(id) on delete set null,
      updated_at timestamptz not null default now()
    );
    create unique index membership_invitations_open
      on membership_invitations (consortium_id, institution_id) where state = 'pending';
    create index membership_invitations_institution on membership_invitations (institution_id, state);
  `.execute(db);
}
