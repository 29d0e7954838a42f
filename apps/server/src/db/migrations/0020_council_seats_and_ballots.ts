import { sql, type Kysely } from 'kysely';

// A council that can decide (issue 14, item 1).
// - A seat belongs to a person, with or without an account: a name and an institution are enough
//   (the columns were already there; only the checks in the service change). A seat says whether
//   it votes: a secretary (秘书) or someone sitting in (列席) holds a non-voting seat, never counted
//   in the quorum or the majority. Existing secretaries become non-voting.
// - A ballot says how it came: online by the member, or recorded in the room by the secretary
//   (who, on whose behalf when a proxy voted); a recorded ballot that is corrected keeps the time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table council_members add column voting boolean not null default true;
    update council_members set voting = false where position = 'secretary';

    alter table document_ballots
      add column method text not null default 'online' check (method in ('online', 'in_room')),
      add column proxy_name text,
      add column recorded_by text,
      add column corrected_at timestamptz;
  `.execute(db);
}
