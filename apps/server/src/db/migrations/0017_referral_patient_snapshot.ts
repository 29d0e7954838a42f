import { sql, type Kysely } from 'kysely';

// A referral keeps the patient as they were when it was made: name, sex, birth date and phone are
// copied onto the referral (existing rows from the register as it is now), and lists, detail, the
// printed slip and the FHIR export read them from there; the register (patients) carries the
// current values, changed only by an explicit, audited edit. A trigger fills the copy for writers
// that do not (bulk generators, tests). An identity that came in different from the registered one
// (a FHIR import keeps the registered values) is recorded, masked, for the receiver to settle.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table referrals
      add column patient_name text,
      add column patient_sex text,
      add column patient_birth_date date,
      add column patient_phone text;
    update referrals r
       set patient_name = p.name, patient_sex = p.sex, patient_birth_date = p.birth_date, patient_phone = p.phone
      from patients p
     where p.id = r.patient_id;
    alter table referrals
      alter column patient_name set not null,
      alter column patient_sex set not null,
      alter column patient_birth_date set not null;

    create function referral_patient_snapshot() returns trigger language plpgsql as $$
    begin
      if new.patient_name is null then
        select p.name, p.sex, p.birth_date, coalesce(new.patient_phone, p.phone)
          into new.patient_name, new.patient_sex, new.patient_birth_date, new.patient_phone
          from patients p where p.id = new.patient_id;
      end if;
      return new;
    end $$;
    create trigger referral_patient_snapshot before insert on referrals
      for each row execute function referral_patient_snapshot();

    create table referral_patient_discrepancies (
      referral_id uuid primary key references referrals(id) on delete cascade,
      consortium_id uuid not null references consortia(id),
      patient_id uuid not null references patients(id),
      source text not null,
      fields jsonb not null,
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid references users(id) on delete set null,
      resolution text
    );
    create index referral_patient_discrepancies_open
      on referral_patient_discrepancies (consortium_id) where resolved_at is null;
  `.execute(db);
}
