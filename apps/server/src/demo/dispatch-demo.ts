import type { DispatchRole, PlanResult } from '@yilian/domain';
import type { Tx } from '../context.js';
import { buildInstance } from '../modules/dispatch/plan-instance.js';
import { optimizePlan } from '../modules/planning/optimizer.js';

// Expert dispatch in the demo, after the reports in /work/shared/seeds: 西苑医院 sends its 第四批
// 专家组 to 西苑医院山西医院 — three weeks in, with a 总领队 and members in management (挂职执行副院长),
// clinical work, research, medical technology and nursing — after a third batch; a batch for
// 济宁 arrives soon. The branch hospitals file demand for the next half year; the pool holds
// 西苑医院's senior clinicians with their home-department staffing; the office's rotation plan is
// solved by the optimizer. Dates are relative to the day the demo loads, so "now" stays true.

const DAY = 86_400_000;
const shift = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const firstOfNextMonth = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};

export async function insertDispatchDemo(
  trx: Tx,
  consortiumIds: Map<string, string>,
  institutionIds: Map<string, string>,
  today: string,
): Promise<void> {
  const consortiumId = consortiumIds.get('XIYUAN-NRMC')!;
  const bj = institutionIds.get('XY-BJ')!;
  const sx = institutionIds.get('XY-SX')!;
  const jn = institutionIds.get('XY-JN')!;
  const sz = institutionIds.get('XY-SZ')!;
  const staff = await trx
    .selectFrom('staff as st')
    .innerJoin('departments as d', 'd.id', 'st.departmentId')
    .select([
      'st.id',
      'st.name',
      'st.title',
      'd.id as departmentId',
      'd.name as department',
      'd.kind',
      'st.specialty',
    ])
    .where('st.institutionId', '=', bj)
    .orderBy('d.name')
    .orderBy('st.name')
    .execute();
  const pick = (pred: (s: (typeof staff)[number]) => boolean, skip = 0) => staff.filter(pred)[skip]!;
  const chiefOf = (dept: string, skip = 0) =>
    pick((s) => s.department === dept && /chief/.test(s.title), skip);
  const leader = chiefOf('心血管内科');
  const manager = pick((s) => s.title === 'administrator');
  const researcher = pick((s) => s.title === 'researcher');
  const rehab = chiefOf('康复医学科');
  const imaging = pick((s) => s.department === '医学影像科' && s.title !== 'attending_physician');
  const nurse = pick((s) => s.kind === 'nursing' && s.title === 'chief_nurse');
  const neuro = chiefOf('神经内科');
  const ortho = chiefOf('骨科');
  const third = [chiefOf('呼吸与危重症医学科'), chiefOf('普通外科')];

  const programme = async (hostId: string, name: string, startDate: string) =>
    (
      await trx
        .insertInto('dispatchProgrammes')
        .values({
          consortiumId,
          sendingInstitutionId: bj,
          hostInstitutionId: hostId,
          name,
          startDate,
          endDate: null,
          description: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const batch = async (
    programmeId: string,
    number: number,
    name: string,
    startDate: string,
    endDate: string,
    leaderStaffId: string | null,
  ) =>
    (
      await trx
        .insertInto('dispatchBatches')
        .values({ consortiumId, programmeId, number, name, startDate, endDate, leaderStaffId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const post = async (
    batchId: string,
    hostInstitutionId: string,
    s: { id: string },
    role: DispatchRole,
    startDate: string,
    endDate: string,
    extra: { isLeader?: boolean; hostPosition?: string } = {},
  ) =>
    trx
      .insertInto('dispatchPostings')
      .values({
        consortiumId,
        batchId,
        staffId: s.id,
        hostInstitutionId,
        role,
        startDate,
        endDate,
        isLeader: extra.isLeader ?? false,
        hostPosition: extra.hostPosition ?? null,
        planId: null,
      })
      .execute();

  // 山西: the fourth batch arrived three weeks ago for half a year; the third went home before it.
  const shanxi = await programme(sx, '国家区域医疗中心（山西）专家派驻', '2021-06-01');
  const b4Start = shift(today, -21);
  const b4End = shift(b4Start, 181);
  const b3End = shift(b4Start, -1);
  const b3 = await batch(shanxi, 3, '第三批专家组', shift(b3End, -181), b3End, third[0]!.id);
  for (const s of third)
    await post(b3, sx, s, 'clinical', shift(b3End, -181), b3End, { isLeader: s === third[0] });
  const b4 = await batch(shanxi, 4, '第四批专家组', b4Start, b4End, leader.id);
  await post(b4, sx, leader, 'clinical', b4Start, b4End, { isLeader: true });
  await post(b4, sx, manager, 'management', b4Start, b4End, { hostPosition: '执行副院长' });
  await post(b4, sx, researcher, 'research', b4Start, b4End);
  await post(b4, sx, rehab, 'clinical', b4Start, b4End);
  await post(b4, sx, imaging, 'medical_technical', b4Start, b4End);
  // The nurse joins the batch two weeks from now: the host sees who comes next.
  await post(b4, sx, nurse, 'nursing', shift(today, 14), b4End);
  // 西苑医院驻晋专家 (xiyuan.expert) is the rehabilitation chief of the fourth batch.
  await trx.updateTable('users').set({ staffId: rehab.id }).where('username', '=', 'xiyuan.expert').execute();

  // 济宁: a short batch arrives in ten days.
  const jining = await programme(jn, '国家区域医疗中心（济宁）专家派驻', '2022-09-01');
  const jnStart = shift(today, 10);
  const b2 = await batch(jining, 2, '第二批专家组', jnStart, shift(jnStart, 89), neuro.id);
  await post(b2, jn, neuro, 'clinical', jnStart, shift(jnStart, 89), { isLeader: true });
  await post(b2, jn, ortho, 'clinical', jnStart, shift(jnStart, 89));

  // Demand for the next half year, by the branch hospitals.
  const horizonStart = firstOfNextMonth(today);
  const horizonEnd = shift(firstOfNextMonth(shift(horizonStart, 160)), -1);
  const demand: [string, string, number, number, number, number, number][] = [
    // host, specialty, min title rank, priority, count, first month, months
    [sx, '心血管病', 3, 5, 1, 0, 6],
    [sx, '康复', 3, 5, 1, 0, 6],
    [sx, '脑血管病', 3, 3, 1, 2, 3],
    [jn, '骨伤', 3, 4, 1, 0, 3],
    [jn, '呼吸病', 2, 3, 1, 1, 4],
    [sz, '心血管病', 4, 4, 1, 0, 2],
    [sz, '影像', 2, 2, 1, 3, 3],
  ];
  for (const [host, specialty, minTitleRank, priority, count, first, months] of demand) {
    const start = first === 0 ? horizonStart : firstOfNextMonth(shift(horizonStart, 31 * first - 15));
    let end = start;
    for (let m = 0; m < months; m++) end = firstOfNextMonth(end);
    await trx
      .insertInto('dispatchDemands')
      .values({
        consortiumId,
        hostInstitutionId: host,
        specialty,
        role: 'clinical',
        startDate: start,
        endDate: shift(end, -1) < horizonEnd ? shift(end, -1) : horizonEnd,
        minTitleRank,
        priority,
        count,
        note: null,
      })
      .execute();
  }

  // The pool: 西苑医院's clinicians of intermediate title or higher in the clinical and imaging departments.
  const pool = staff.filter(
    (s) =>
      (s.kind === 'clinical' || s.department === '医学影像科') && /chief|attending|in_charge/.test(s.title),
  );
  for (const [i, s] of pool.entries()) {
    await trx
      .insertInto('expertProfiles')
      .values({
        consortiumId,
        staffId: s.id,
        specialty: s.specialty ?? s.department,
        maxWeeksPerYear: i % 3 === 0 ? 26 : 12,
        availableFrom: null,
        availableTo: null,
        unavailable: JSON.stringify(
          i % 4 === 1
            ? [{ start: shift(horizonStart, 40), end: shift(horizonStart, 70), reason: '学术会议与门诊任务' }]
            : [],
        ),
      })
      .execute();
  }
  for (const dept of [...new Set(pool.map((s) => s.departmentId))])
    await trx
      .insertInto('departmentStaffing')
      .values({ consortiumId, departmentId: dept, minStaffing: 3, maxAway: null })
      .execute();

  // The office's plan for the half year, solved by the optimizer (as the background solve would).
  const { id: planId } = await trx
    .insertInto('dispatchPlans')
    .values({
      consortiumId,
      name: '下半年专家轮派计划',
      horizonStart,
      horizonEnd,
      periodKind: 'month',
      hostInstitutionIds: JSON.stringify(null),
      weights: JSON.stringify({ continuity: 0.5, fairness: 0.05 }),
      timeLimitSeconds: 20,
      locks: '[]',
      createdBy: 'xiyuan.office',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const instance = await buildInstance(trx, {
    id: planId,
    consortiumId,
    horizonStart,
    horizonEnd,
    periodKind: 'month',
    hostInstitutionIds: null,
    locks: [],
    weights: { continuity: 0.5, fairness: 0.05 },
  });
  const startedAt = new Date().toISOString();
  const result: PlanResult = await optimizePlan(instance, { timeLimitSeconds: 10 });
  const ok = result.status === 'optimal' || result.status === 'time_limit';
  await trx
    .insertInto('dispatchPlanVersions')
    .values({
      consortiumId,
      planId,
      version: 1,
      status: ok ? 'solved' : 'failed',
      input: JSON.stringify(instance),
      result: JSON.stringify(result),
      progress: JSON.stringify({ phase: 'done', elapsedSeconds: result.stats.seconds }),
      solvedBy: 'xiyuan.office',
      startedAt,
      finishedAt: new Date().toISOString(),
    })
    .execute();
  await trx
    .updateTable('dispatchPlans')
    .set({ status: ok ? 'solved' : 'draft', currentVersion: 1 })
    .where('id', '=', planId)
    .execute();
}
