import { sql, type Kysely } from 'kysely';

// The audit trail: append-only and hash-chained. Each row's hash covers its content and the
// previous row's hash, so an edited or deleted row breaks the chain (`yilian audit verify`).
// The trigger refuses UPDATE and DELETE to everyone but a superuser who disables it on purpose.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      ip text,
      action text not null,
      entity_type text not null,
      entity_id text,
      consortium_id uuid,
      institution_id uuid,
      before jsonb,
      after jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_entity on audit_log (entity_type, entity_id);
    create index audit_log_consortium on audit_log (consortium_id, id);
    create index audit_log_institution on audit_log (institution_id, id);
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each statement execute function audit_log_append_only();
  `.execute(db);
}
