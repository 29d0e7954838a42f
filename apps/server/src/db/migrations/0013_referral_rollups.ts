import { sql, type Kysely } from 'kysely';

// Rollups of referrals that dashboards read instead of scanning the referrals table: one row per
// consortium, month and direction (the commission's overview of many consortia) and one per
// consortium, month and pair of institutions (a consortium's flows and a member's partners).
// A trigger keeps both exact in the same transaction as the change: it takes away the row's old
// contribution and adds its new one. Referrals count in the month they were submitted (China
// time, UTC+8); drafts do not count.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referral_rollup_month (
      consortium_id uuid not null,
      month date not null,
      direction text not null,
      submitted integer not null default 0,
      accepted integer not null default 0,
      green integer not null default 0,
      green_on_time integer not null default 0,
      accept_hours double precision not null default 0,
      primary key (consortium_id, month, direction)
    );
    create table referral_rollup_pair (
      consortium_id uuid not null,
      month date not null,
      from_institution_id uuid not null,
      to_institution_id uuid not null,
      direction text not null,
      submitted integer not null default 0,
      accepted integer not null default 0,
      primary key (consortium_id, month, from_institution_id, to_institution_id, direction)
    );
    create index referral_rollup_pair_to on referral_rollup_pair (to_institution_id, month);
    create index referral_rollup_pair_from on referral_rollup_pair (from_institution_id, month);

    create function referral_rollup_apply(r referrals, sign integer) returns void language plpgsql as $$
    declare
      m date;
      acc integer := case when r.accepted_at is not null then 1 else 0 end;
      grn integer := case when r.urgency = 'green_channel' then 1 else 0 end;
      ontime integer := case when r.urgency = 'green_channel' and r.accepted_at is not null
                               and r.deadline_at is not null and r.accepted_at <= r.deadline_at then 1 else 0 end;
      hours double precision := case when r.accepted_at is not null
                               then extract(epoch from (r.accepted_at - r.submitted_at)) / 3600.0 else 0 end;
    begin
      if r.submitted_at is null or r.status = 'draft' then return; end if;
      m := date_trunc('month', (r.submitted_at at time zone 'UTC') + interval '8 hours')::date;
      insert into referral_rollup_month as t (consortium_id, month, direction, submitted, accepted, green, green_on_time, accept_hours)
        values (r.consortium_id, m, r.direction, sign, sign * acc, sign * grn, sign * ontime, sign * hours)
        on conflict (consortium_id, month, direction) do update set
          submitted = t.submitted + excluded.submitted,
          accepted = t.accepted + excluded.accepted,
          green = t.green + excluded.green,
          green_on_time = t.green_on_time + excluded.green_on_time,
          accept_hours = t.accept_hours + excluded.accept_hours;
      insert into referral_rollup_pair as t (consortium_id, month, from_institution_id, to_institution_id, direction, submitted, accepted)
        values (r.consortium_id, m, r.from_institution_id, r.to_institution_id, r.direction, sign, sign * acc)
        on conflict (consortium_id, month, from_institution_id, to_institution_id, direction) do update set
          submitted = t.submitted + excluded.submitted,
          accepted = t.accepted + excluded.accepted;
    end $$;

    create function referral_rollup_trigger() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform referral_rollup_apply(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform referral_rollup_apply(new, 1); end if;
      return null;
    end $$;

    -- Only the columns the rollups read fire it: most updates (booking, follow-ups) do not.
    create trigger referral_rollup_insert_delete after insert or delete on referrals
      for each row execute function referral_rollup_trigger();
    create trigger referral_rollup_update after update of status, submitted_at, accepted_at, deadline_at,
      urgency, direction, from_institution_id, to_institution_id, consortium_id on referrals
      for each row execute function referral_rollup_trigger();
  `.execute(db);
  await rebuildReferralRollups(db);
}

/** Recomputes both rollups from the referrals table (after a bulk load with the triggers off). */
export async function rebuildReferralRollups(db: Kysely<unknown>): Promise<void> {
  await sql`
    truncate referral_rollup_month, referral_rollup_pair;
    insert into referral_rollup_month (consortium_id, month, direction, submitted, accepted, green, green_on_time, accept_hours)
    select consortium_id, date_trunc('month', (submitted_at at time zone 'UTC') + interval '8 hours')::date, direction,
           count(*), count(accepted_at),
           count(*) filter (where urgency = 'green_channel'),
           count(*) filter (where urgency = 'green_channel' and accepted_at <= deadline_at),
           coalesce(sum(extract(epoch from (accepted_at - submitted_at)) / 3600.0), 0)
      from referrals where submitted_at is not null and status <> 'draft'
     group by 1, 2, 3;
    insert into referral_rollup_pair (consortium_id, month, from_institution_id, to_institution_id, direction, submitted, accepted)
    select consortium_id, date_trunc('month', (submitted_at at time zone 'UTC') + interval '8 hours')::date,
           from_institution_id, to_institution_id, direction, count(*), count(accepted_at)
      from referrals where submitted_at is not null and status <> 'draft'
     group by 1, 2, 3, 4, 5;
  `.execute(db);
}
