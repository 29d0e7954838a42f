import { sql } from 'kysely';
import { withCheckDigit, type SchemeItemInput } from '@yilian/domain';
import { systemActor, type Services, type Tx } from '../context.js';
import { generateNational, insertReferralBatch } from '../generate/national.js';
import { computeResults } from '../modules/indicator/assessment-compute.js';
import { indicatorsOf } from '../modules/indicator/indicator.service.js';
import { countyRegions } from '../modules/region/regions.js';
import { DEMO_CONSORTIA } from './demo-data.js';

// Demo figures for the dashboards and the assessment (issue 6). Every number here is generated:
// a year of referral history between the real member institutions of each consortium of the
// reports; five generated county consortia elsewhere in 南通 so the commission supervisor has a
// region to rank (named after their counties, described as generated); the 海门 members' report
// forms for last quarter, approved, and this quarter's, open; and a published 海门 assessment.

const HISTORY_PER_CONSORTIUM = 400;
const NANTONG_CONSORTIA = 5;

/** 40 patients of a consortium with valid 居民身份证 numbers of its region. */
async function demoPatients(trx: Tx, consortiumId: string, regionCode: string): Promise<string[]> {
  const rows = Array.from({ length: 40 }, (_, n) => {
    const year = 1940 + ((n * 7) % 60);
    return {
      consortiumId,
      name: `演示患者${n + 1}`,
      sex: n % 2 ? ('female' as const) : ('male' as const),
      birthDate: `${year}-05-${String(1 + (n % 28)).padStart(2, '0')}`,
      idType: 'resident_id' as const,
      idNumber: withCheckDigit(
        `${regionCode}${year}05${String(1 + (n % 28)).padStart(2, '0')}${String(800 + n).padStart(3, '0')}`,
      ),
    };
  });
  const inserted = await trx.insertInto('patients').values(rows).returning('id').execute();
  return inserted.map((r) => r.id);
}

async function referralHistory(
  trx: Tx,
  consortiumIds: Map<string, string>,
  institutionIds: Map<string, string>,
  now: Date,
) {
  for (const [i, c] of DEMO_CONSORTIA.entries()) {
    const consortiumId = consortiumIds.get(c.code)!;
    const lead = c.institutions.find((x) => x.role === 'lead')!;
    const ordered = [lead, ...c.institutions.filter((x) => x !== lead)].map((x) =>
      institutionIds.get(x.code)!,
    );
    const patients = await demoPatients(trx, consortiumId, c.institutions[1]?.regionCode ?? c.regionCode);
    await insertReferralBatch(
      trx,
      {
        code: sql`${`DEMO${i}`} || '-' || lpad(g::text, 5, '0')`,
        consortium: sql`${consortiumId}::uuid`,
        institution: (j) => sql`(${ordered}::uuid[])[1 + ${j}]`,
        patient: sql`(${patients}::uuid[])[1 + g % ${patients.length}::int]`,
      },
      { C: 1, K: ordered.length, months: 12, now: now.toISOString(), lo: 0, hi: HISTORY_PER_CONSORTIUM },
    );
  }
}

const Q = (d: Date, back: number) => {
  const q = Math.floor(d.getUTCMonth() / 3) - back;
  const year = d.getUTCFullYear() + Math.floor(q / 4);
  return `${year}-Q${(((q % 4) + 4) % 4) + 1}`;
};

/** 海门's members report last quarter (approved) and have this quarter's forms open. */
async function haimenForms(trx: Tx, consortiumId: string, institutionIds: Map<string, string>, now: Date) {
  const members = DEMO_CONSORTIA.find((c) => c.code === 'HAIMEN-TCM')!.institutions;
  for (const [n, m] of members.entries()) {
    const institutionId = institutionIds.get(m.code)!;
    const approved = await trx
      .insertInto('reportForms')
      .values({
        consortiumId,
        institutionId,
        period: Q(now, 1),
        state: 'approved',
        submittedAt: now.toISOString(),
        submittedBy: `${m.shortName ?? m.name}统计员`,
        reviewedAt: now.toISOString(),
        reviewedBy: '海门医联体办公室',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visits = 20_000 + n * 3_100;
    await trx
      .insertInto('reportValues')
      .values([
        {
          formId: approved.id,
          consortiumId,
          code: 'NCC01',
          numerator: n % 3 === 0 ? 1 : 2,
          denominator: null,
          note: null,
        },
        { formId: approved.id, consortiumId, code: 'NCC02', numerator: 2, denominator: null, note: null },
        {
          formId: approved.id,
          consortiumId,
          code: 'NCC07',
          numerator: Math.round(visits * (0.52 + n * 0.03)),
          denominator: visits,
          note: null,
        },
        {
          formId: approved.id,
          consortiumId,
          code: 'NCC12',
          numerator: Math.round(visits * (0.22 + n * 0.02)),
          denominator: visits,
          note: null,
        },
      ])
      .execute();
    await trx
      .insertInto('reportForms')
      .values({ consortiumId, institutionId, period: Q(now, 0) })
      .execute();
  }
}

async function haimenAssessment(trx: Tx, consortiumId: string, now: Date) {
  const items: SchemeItemInput[] = [
    { code: 'YL_REF_UP', weight: 15, rule: 'linear', target: 60, floor: 0 },
    { code: 'YL_REF_DOWN', weight: 15, rule: 'linear', target: 40, floor: 0 },
    { code: 'YL_REF_ACCEPT_HOURS', weight: 10, rule: 'linear', target: 12, floor: 48 },
    { code: 'NCC01', weight: 10, rule: 'policy' },
    { code: 'NCC02', weight: 10, rule: 'policy' },
    { code: 'NCC07', weight: 20, rule: 'linear', target: 65, floor: 40 },
    { code: 'NCC12', weight: 20, rule: 'full_at_target', target: 30 },
  ];
  const year = now.getUTCFullYear();
  const scheme = await trx
    .insertInto('assessmentSchemes')
    .values({ consortiumId, name: `${year}年度医联体成员单位考核`, year, items: JSON.stringify(items) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const services = { db: trx, now: () => now } as unknown as Services;
  const snapshot = await computeResults(
    services,
    { id: scheme.id, consortiumId, year, items },
    await indicatorsOf(trx, consortiumId),
  );
  await trx
    .updateTable('assessmentSchemes')
    .set({
      state: 'published',
      publishedAt: now.toISOString(),
      publishedBy: '海门医联体办公室',
      snapshot: JSON.stringify(snapshot),
    })
    .where('id', '=', scheme.id)
    .execute();
}

export async function insertIndicatorDemo(
  trx: Tx,
  consortiumIds: Map<string, string>,
  institutionIds: Map<string, string>,
  now = new Date(),
) {
  await referralHistory(trx, consortiumIds, institutionIds, now);
  const nantong = countyRegions()
    .filter((r) => r.code.startsWith('3206') && r.code !== '320614' && /[县市区]$/.test(r.name))
    .filter((r) => !/市辖区|开发区/.test(r.name))
    .slice(0, NANTONG_CONSORTIA);
  await generateNational(trx, systemActor, {
    fraction: 0,
    consortia: nantong.length,
    members: 12,
    counties: nantong,
    plainNames: true,
    referrals: nantong.length * HISTORY_PER_CONSORTIUM,
    patientsPerConsortium: 40,
    tag: 'NTDEMO',
    now,
  });
  await sql`update consortia set description = '演示数据:由 yilian generate 生成的县域医共体' where code like 'NTDEMO-%'`.execute(
    trx,
  );
  const haimen = consortiumIds.get('HAIMEN-TCM')!;
  await haimenForms(trx, haimen, institutionIds, now);
  await haimenAssessment(trx, haimen, now);
}
