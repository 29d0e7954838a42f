import chineseDays from 'chinese-days';
import type { ActivityKind } from '@yilian/domain';
import type { Tx } from '../context.js';
import { todayInChina } from '../modules/shared/paginate.js';
import { insertTraining } from './training-demo.js';

// Demo data of the activity log and training up, drawn from the reports: 西南医大附院 experts hold
// clinics, ward rounds, lectures, surgery demonstrations and difficult-case discussions at 叙永, and
// the county's backbone doctors get free training and further study (进修); 海门's members asked for
// management rotation training (管理层轮训). Runs after the dispatch demo: it logs activities on the
// postings that exist, and gives xiyuan.expert a current posting only if they have none.

export const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const PROCEDURES = [
  '腹腔镜胆囊切除术',
  '经皮冠状动脉介入治疗',
  '针刀松解术',
  '全髋关节置换术',
  '内镜下息肉切除术',
];
const TOPICS = [
  '心力衰竭规范化诊治',
  '脑卒中早期识别',
  '中医经典与临床',
  '院感防控要点',
  '慢阻肺急性加重处理',
];

export async function institutionId(trx: Tx, code: string) {
  return (
    await trx.selectFrom('institutions').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id;
}
export async function consortiumId(trx: Tx, code: string) {
  return (await trx.selectFrom('consortia').select('id').where('code', '=', code).executeTakeFirstOrThrow())
    .id;
}

/** xiyuan.expert's staff record (linked if missing) and a posting covering today at 西苑医院山西医院. */
async function ensureExpertPosting(trx: Tx, today: string): Promise<boolean> {
  const user = await trx
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'xiyuan.expert')
    .executeTakeFirst();
  if (!user?.institutionId) return false;
  let staffId = user.staffId;
  if (!staffId) {
    const staff = await trx
      .selectFrom('staff as st')
      .innerJoin('departments as d', 'd.id', 'st.departmentId')
      .select('st.id')
      .where('st.institutionId', '=', user.institutionId)
      .where('d.kind', '=', 'clinical')
      .where('st.title', 'in', ['chief_physician', 'associate_chief_physician'])
      .orderBy('st.createdAt')
      .orderBy('st.id')
      .executeTakeFirstOrThrow();
    staffId = staff.id;
    await trx.updateTable('users').set({ staffId }).where('id', '=', user.id).execute();
  }
  const current = await trx
    .selectFrom('dispatchPostings')
    .select('id')
    .where('staffId', '=', staffId)
    .where('startDate', '<=', today)
    .where('endDate', '>=', today)
    .executeTakeFirst();
  if (current) return false;
  const consortium = await consortiumId(trx, 'XIYUAN-NRMC');
  const host = await institutionId(trx, 'XY-SX');
  let programme = await trx
    .selectFrom('dispatchProgrammes')
    .select('id')
    .where('consortiumId', '=', consortium)
    .where('sendingInstitutionId', '=', user.institutionId)
    .where('hostInstitutionId', '=', host)
    .executeTakeFirst();
  programme ??= await trx
    .insertInto('dispatchProgrammes')
    .values({
      consortiumId: consortium,
      sendingInstitutionId: user.institutionId,
      hostInstitutionId: host,
      name: '西苑医院专家组驻山西医院',
      startDate: addDays(today, -120),
      endDate: null,
      description: '国家区域医疗中心建设：专家组分批驻点，每批三周',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const last = await trx
    .selectFrom('dispatchBatches')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('programmeId', '=', programme.id)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  // Three weeks in, the expert is in their second week.
  const batch = await trx
    .insertInto('dispatchBatches')
    .values({
      consortiumId: consortium,
      programmeId: programme.id,
      number,
      name: `第${number}批专家组`,
      startDate: addDays(today, -7),
      endDate: addDays(today, 13),
      leaderStaffId: staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('dispatchPostings')
    .values({
      consortiumId: consortium,
      batchId: batch.id,
      staffId,
      hostInstitutionId: host,
      role: 'clinical',
      startDate: addDays(today, -7),
      endDate: addDays(today, 13),
      isLeader: true,
      hostPosition: '总领队',
      planId: null,
    })
    .execute();
  return true;
}

/** A week's rhythm of a clinical expert: which kinds on which weekday (1 = Monday). */
const RHYTHM: Record<number, ActivityKind[]> = {
  1: ['clinic', 'ward_round'],
  2: ['ward_round', 'surgery_demo'],
  3: ['clinic', 'teaching'],
  4: ['ward_round', 'case_discussion'],
  5: ['clinic', 'lecture'],
};
const RANGE: Record<ActivityKind, [number, number]> = {
  clinic: [12, 35],
  ward_round: [8, 22],
  lecture: [30, 90],
  surgery_demo: [1, 3],
  case_discussion: [1, 4],
  teaching: [3, 12],
};

/** Activities on every posting's past working days (at most the last 60), the same on every load. */
async function insertActivities(trx: Tx, today: string): Promise<number> {
  const postings = await trx
    .selectFrom('dispatchPostings as dp')
    .innerJoin('staff as st', 'st.id', 'dp.staffId')
    .leftJoin('users as u', 'u.staffId', 'dp.staffId')
    .select(['dp.id', 'dp.consortiumId', 'dp.batchId', 'dp.staffId', 'dp.hostInstitutionId', 'dp.role'])
    .select(['dp.startDate', 'dp.endDate', 'st.institutionId', 'st.name', 'u.id as userId'])
    .where('dp.startDate', '<', today)
    .orderBy('dp.startDate')
    .orderBy('dp.id')
    .execute();
  const rows = [];
  let n = 0;
  for (const p of postings) {
    const from = p.startDate > addDays(today, -60) ? p.startDate : addDays(today, -60);
    const to = p.endDate < today ? p.endDate : addDays(today, -1);
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (!chineseDays.isWorkday(d)) continue;
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      // Managers seconded to the host teach and discuss cases; they do not run clinics.
      const kinds = p.role === 'management' ? (['teaching'] as ActivityKind[]) : (RHYTHM[weekday] ?? []);
      for (const kind of kinds) {
        n++;
        const [lo, hi] = RANGE[kind];
        rows.push({
          consortiumId: p.consortiumId,
          postingId: p.id,
          batchId: p.batchId,
          staffId: p.staffId,
          homeInstitutionId: p.institutionId,
          hostInstitutionId: p.hostInstitutionId,
          kind,
          activityDate: d,
          count: lo + ((n * 7919) % (hi - lo + 1)),
          procedureName: kind === 'surgery_demo' ? PROCEDURES[n % PROCEDURES.length]! : null,
          topic: kind === 'lecture' || kind === 'case_discussion' ? TOPICS[n % TOPICS.length]! : null,
          note: null,
          recordedById: p.userId,
          recordedBy: p.name,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('expertActivities')
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.length;
}

/** Loads the activity log and training demo; returns what it added, for the demo's audit row. */
export async function insertActivityTrainingDemo(trx: Tx, today = todayInChina()) {
  const postingAdded = await ensureExpertPosting(trx, today);
  const activities = await insertActivities(trx, today);
  const training = await insertTraining(trx, today);
  return { postingAdded, activities, ...training };
}
