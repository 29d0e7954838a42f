import { sql, type Kysely } from 'kysely';

// What a hospital system sends, kept (issue 13).
// - Institutions carry the identifiers hospitals have: the 统一社会信用代码 (GB 32100) and the
//   医疗机构执业许可证登记号, each naming one institution; staff their 执业证书编码, unique within
//   their institution (a doctor may practise at several).
// - A referral keeps what its sender said: the sender's order number (ServiceRequest.identifier),
//   unique within the sending institution so that a retried or concurrent transaction finds the
//   referral instead of making a second (the database settles the race); its requisition,
//   authoredOn, Task.description and notes; the Practitioner it named (a staff member when one
//   matched, else the name and identifier as sent); the ICD-10 edition of the diagnosis; and
//   whether the green-channel category was inferred from the diagnosis rather than sent.
// - A discrepancy's resolution keeps the receiver's note.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table institutions
      add column uscc text,
      add column medical_license_no text;
    create unique index institutions_uscc on institutions (uscc) where uscc is not null;
    create unique index institutions_medical_license_no
      on institutions (medical_license_no) where medical_license_no is not null;

    alter table staff add column practitioner_id text;
    create unique index staff_practitioner_id
      on staff (institution_id, practitioner_id) where practitioner_id is not null;
    create index staff_practitioner_id_lookup on staff (practitioner_id) where practitioner_id is not null;

    alter table referrals
      add column icd10_edition text not null default 'who' check (icd10_edition in ('who', 'cn_clinical_2')),
      add column green_category_derived boolean not null default false,
      add column referring_staff_id uuid references staff(id) on delete set null,
      add column sender_practitioner jsonb,
      add column sender_identifier_system text,
      add column sender_identifier_value text,
      add column requisition_system text,
      add column requisition_value text,
      add column sender_authored_on text,
      add column task_description text,
      add column sender_notes jsonb,
      add constraint referrals_sender_identifier_whole
        check ((sender_identifier_system is null) = (sender_identifier_value is null));
    create unique index referrals_sender_identifier
      on referrals (from_institution_id, sender_identifier_system, sender_identifier_value)
      where sender_identifier_value is not null;
    create index referrals_sender_identifier_value
      on referrals (sender_identifier_value) where sender_identifier_value is not null;

    alter table referral_patient_discrepancies add column resolution_note text;
  `.execute(db);
}
