import { sql, type Kysely, type RawBuilder } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Actor, Tx } from '../context.js';
import type { DB } from '../db/schema.js';
import { rebuildReferralRollups } from '../db/migrations/0013_referral_rollups.js';
import { countyRegions } from '../modules/region/regions.js';

// Generated national-scale data for benchmarks and demonstrations, sized from national figures:
// about 18,000 consortia, 1.07 million member institutions and 30 million referrals a year.
// Everything is set-based SQL; ids are derived from a run tag (md5 -> uuid), so a referral
// names its consortium, institutions and patient without a lookup. The rollup trigger is off
// during the load and the rollups are rebuilt once at the end.

export const NATIONAL = { consortia: 18_000, institutions: 1_070_000, referralsPerYear: 30_000_000 } as const;

export interface GenerateOptions {
  fraction: number; // of the national figures
  referrals?: number; // overrides fraction × 30 million
  months?: number; // referrals spread over the last `months` months (default 12)
  patientsPerConsortium?: number;
  batch?: number; // referrals per statement
  tag?: string; // distinguishes runs; codes and names carry it
  now?: Date;
  /** Overrides fraction × 18,000 and the national average of 59 members. */
  consortia?: number;
  members?: number;
  /** The counties to place consortia in (default: every county, in code order). */
  counties?: { code: string; name: string }[];
  /** Names without the tag (县人民医院, 第3卫生院): for demo data, one consortium per county. */
  plainNames?: boolean;
}

export interface GenerateResult {
  tag: string;
  consortia: number;
  institutions: number;
  patients: number;
  referrals: number;
  seconds: number;
}

/** A version-4-shaped uuid from an md5 of `parts`: the same parts always give the same id. */
const uuidOf = (parts: ReturnType<typeof sql>) =>
  sql`overlay(overlay(md5(${parts}) placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid`;

export async function generateNational(
  db: Kysely<DB>,
  actor: Actor,
  o: GenerateOptions,
  progress: (message: string) => void = () => {},
): Promise<GenerateResult> {
  const started = Date.now();
  const tag = o.tag ?? `G${Date.now().toString(36).toUpperCase()}`;
  const C = o.consortia ?? Math.max(1, Math.round(NATIONAL.consortia * o.fraction));
  const K = o.members ?? Math.max(2, Math.round(NATIONAL.institutions / NATIONAL.consortia));
  const months = o.months ?? 12;
  const R = o.referrals ?? Math.round(NATIONAL.referralsPerYear * o.fraction * (months / 12));
  const P = o.patientsPerConsortium ?? 50;
  const batch = o.batch ?? 500_000;
  const now = (o.now ?? new Date()).toISOString();
  const counties = o.counties ?? countyRegions();
  if (o.plainNames && C > counties.length) throw new Error('plain names need one county per consortium');
  const suffix = o.plainNames ? sql`''` : sql`${tag} || '-' || c || '-' || j`;
  const codes = counties.map((c) => c.code);
  const names = counties.map((c) => c.name);

  progress(
    `${tag}: ${C} consortia × ${K} institutions, ${P} patients each, ${R} referrals over ${months} months`,
  );
  await sql`
    insert into consortia (id, code, name, kind, region_code, established_on)
    select ${uuidOf(sql`${tag} || '-c-' || g`)}, ${tag} || '-' || lpad(g::text, 6, '0'),
           (${names}::text[])[1 + g % ${names.length}::int] || '医共体' || ${o.plainNames ? sql`''` : sql`${tag} || '-' || g`},
           'county_community', (${codes}::text[])[1 + g % ${codes.length}::int], date '2020-01-01'
      from generate_series(0, ${C - 1}::int) g`.execute(db);
  progress(`consortia: ${C}`);

  await sql`
    insert into institutions (id, code, name, kind, level, grade, region_code)
    select ${uuidOf(sql`${tag} || '-' || c || '-' || j`)}, ${tag} || '-' || c || '-' || j,
           (${names}::text[])[1 + c % ${names.length}::int] ||
             case when j = 0 then '人民医院' when ${o.plainNames ?? false} then '第' || j || case when j <= 8 then '中心卫生院' else '卫生院' end
                  when j <= 8 then '中心卫生院' else '卫生院' end || ${suffix},
           case when j = 0 then 'general_hospital' when j <= 8 then 'central_health_center' else 'township_health_center' end,
           case when j = 0 then 'level2' when j <= 8 then 'level1' else 'unrated' end,
           case when j = 0 then 'a' else 'none' end,
           (${codes}::text[])[1 + c % ${codes.length}::int]
      from generate_series(0, ${C - 1}::int) c cross join generate_series(0, ${K - 1}::int) j`.execute(db);
  await sql`
    insert into memberships (consortium_id, institution_id, role, joined_on)
    select ${uuidOf(sql`${tag} || '-c-' || c`)}, ${uuidOf(sql`${tag} || '-' || c || '-' || j`)},
           case when j = 0 then 'lead' when j <= 2 then 'backbone' else 'member' end, date '2020-01-01'
      from generate_series(0, ${C - 1}::int) c cross join generate_series(0, ${K - 1}::int) j`.execute(db);
  progress(`institutions and memberships: ${C * K}`);

  await sql`
    insert into patients (id, consortium_id, name, sex, birth_date, id_type, id_number)
    select ${uuidOf(sql`${tag} || '-p-' || c || '-' || j`)}, ${uuidOf(sql`${tag} || '-c-' || c`)}, '患者' || j,
           case when j % 2 = 0 then 'male' else 'female' end, date '1950-01-01' + (j * 97 % 20000),
           'other', ${tag} || '-' || c || '-' || j
      from generate_series(0, ${C - 1}::int) c cross join generate_series(0, ${P - 1}::int) j`.execute(db);
  progress(`patients: ${C * P}`);

  await sql`alter table referrals disable trigger referral_rollup_insert_delete`.execute(db);
  try {
    for (let lo = 0; lo < R; lo += batch) {
      const hi = Math.min(R, lo + batch);
      await insertReferralBatch(db, taggedIds(tag, P), { C, K, months, now, lo, hi });
      progress(`referrals: ${hi} / ${R} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  } finally {
    await sql`alter table referrals enable trigger referral_rollup_insert_delete`.execute(db);
  }
  await rebuildReferralRollups(db as unknown as Kysely<unknown>);
  await sql`analyze referrals, referral_rollup_month, referral_rollup_pair, consortia, institutions, memberships`.execute(
    db,
  );
  progress('rollups rebuilt');

  const result = {
    tag,
    consortia: C,
    institutions: C * K,
    patients: C * P,
    referrals: R,
    seconds: (Date.now() - started) / 1000,
  };
  const audit = (trx: Tx) =>
    recordAudit(trx, actor, {
      action: 'data.generated',
      entityType: 'generated_data',
      entityId: tag,
      after: result,
    });
  // The demo loads inside its own transaction; the shell command is not in one.
  await (db.isTransaction ? audit(db as Tx) : db.transaction().execute(audit));
  return result;
}

/**
 * How a batch names its rows. `c` (consortium ordinal), `j` (institution ordinal, 0 = the lead)
 * and `g` (referral ordinal) are columns of the batch's select; each builder turns them into ids.
 */
export interface ReferralIds {
  code: RawBuilder<unknown>;
  consortium: RawBuilder<unknown>;
  institution: (j: RawBuilder<unknown>) => RawBuilder<unknown>;
  patient: RawBuilder<unknown>;
}

/** Ids derived from a run tag (generated consortia, institutions and patients). */
export const taggedIds = (tag: string, P: number): ReferralIds => ({
  code: sql`${tag} || '-R' || g`,
  consortium: uuidOf(sql`${tag} || '-c-' || c`),
  institution: (j) => uuidOf(sql`${tag} || '-' || c || '-' || ${j}`),
  patient: uuidOf(sql`${tag} || '-p-' || c || '-' || (g % ${P}::int)`),
});

/**
 * One batch of referrals. Busier consortia get more (random()^1.5 skews the pick), six in ten go
 * up, a third down, the rest sideways; one in fifty is a green-channel case with a two-hour
 * deadline; most are accepted within two days.
 */
export async function insertReferralBatch(
  db: Kysely<DB>,
  ids: ReferralIds,
  b: { C: number; K: number; months: number; now: string; lo: number; hi: number },
) {
  const lead = ids.institution(sql`0`);
  const member = ids.institution(sql`j`);
  const other = ids.institution(sql`(1 + (j % ${b.K - 1}::int))`);
  await sql`
    insert into referrals (code, consortium_id, direction, urgency, green_category, status, from_institution_id,
                           referring_doctor, to_institution_id, patient_id, icd10_code, diagnosis_name, reason, summary,
                           submitted_at, accepted_at, deadline_at, created_at, updated_at)
    select ${ids.code}, ${ids.consortium}, dir,
           case when green then 'green_channel' else 'routine' end, case when green then 'chest_pain' end,
           case when outcome < 0.80 then 'completed' when outcome < 0.90 then 'rejected' when outcome < 0.95 then 'requested' else 'failed' end,
           case when dir = 'down' then ${lead} else ${member} end,
           '医生',
           case when dir = 'up' then ${lead} when dir = 'down' then ${member} else ${other} end,
           ${ids.patient},
           'I21.9', '急性心肌梗死', '生成数据', '生成数据',
           sub,
           case when outcome < 0.80 then sub + case when green then wait * interval '3 hours' else (0.5 + wait * 47) * interval '1 hour' end end,
           case when green then sub + interval '2 hours' end,
           sub, sub
      from (
        select g, floor(${b.C}::int * power(random(), 1.5))::int as c, 1 + floor(random() * ${b.K - 1}::int)::int as j,
               case when random() < 0.62 then 'up' when random() < 0.92 then 'down' else 'lateral' end as dir,
               random() < 0.02 as green, random() as outcome, random() as wait,
               ${b.now}::timestamptz - random() * (${b.months}::int * interval '30 days') as sub
          from generate_series(${b.lo}::int, ${b.hi - 1}::int) g
      ) x`.execute(db);
}
