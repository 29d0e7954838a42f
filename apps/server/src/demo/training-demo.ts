import type { Tx } from '../context.js';
import { addDays, consortiumId, institutionId } from './activity-training-demo.js';

// Training demo (called by activity-training-demo.ts): free further study and a course for 叙永's
// backbone doctors at 西南医大附院, management rotation training for 海门's members (their request in
// the quarterly meeting), and 山西医院 doctors going up to 西苑医院 for the rehabilitation centre.

type Step = 'applied' | 'accepted' | 'in_training' | 'completed' | 'returned_to_post';

/** Staff of an institution, physicians (or managers) first, the same order on every load. */
async function staffOf(trx: Tx, code: string, managers = false) {
  const rows = await trx
    .selectFrom('staff')
    .select(['id', 'institutionId', 'title'])
    .where('institutionId', '=', await institutionId(trx, code))
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const first = (t: string) => (managers ? t === 'administrator' : t.endsWith('physician'));
  return [...rows.filter((r) => first(r.title)), ...rows.filter((r) => !first(r.title))];
}

/** A programme and its trainees at the given steps, with dates in order and seats counted. */
async function programme(
  trx: Tx,
  o: {
    consortium: string;
    provider: string;
    kind: 'further_study' | 'course' | 'management_rotation';
    name: string;
    department?: string;
    seats: number | null;
    months: number | null;
    start: string;
    end: string | null;
    description: string;
    trainees: { staff: { id: string; institutionId: string }; step: Step; independent?: boolean }[];
    sessions?: { offset: number; topic: string }[];
  },
) {
  const cId = await consortiumId(trx, o.consortium);
  const providerId = await institutionId(trx, o.provider);
  const dept = o.department
    ? await trx
        .selectFrom('departments')
        .select('id')
        .where('institutionId', '=', providerId)
        .where('name', '=', o.department)
        .executeTakeFirst()
    : undefined;
  const holding = o.trainees.filter((t) => t.step !== 'applied').length;
  const { id } = await trx
    .insertInto('trainingProgrammes')
    .values({
      consortiumId: cId,
      providerInstitutionId: providerId,
      kind: o.kind,
      name: o.name,
      departmentId: dept?.id ?? null,
      specialty: o.department ?? null,
      seats: o.seats,
      seatsTaken: holding,
      durationMonths: o.months,
      startDate: o.start,
      endDate: o.end,
      description: o.description,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const order: Step[] = ['applied', 'accepted', 'in_training', 'completed', 'returned_to_post'];
  const enrolments = [];
  for (const [i, t] of o.trainees.entries()) {
    const at = order.indexOf(t.step);
    const started = o.start;
    const completed = o.months ? addDays(o.start, o.months * 30) : (o.end ?? o.start);
    const returned = addDays(completed, 7 + i);
    const row = await trx
      .insertInto('trainingEnrolments')
      .values({
        consortiumId: cId,
        programmeId: id,
        staffId: t.staff.id,
        institutionId: t.staff.institutionId,
        status: t.step,
        appliedOn: addDays(o.start, -30),
        acceptedOn: at >= 1 ? addDays(o.start, -14) : null,
        startedOn: at >= 2 ? started : null,
        completedOn: at >= 3 ? completed : null,
        returnedOn: at >= 4 ? returned : null,
        worksIndependently: at >= 4 ? (t.independent ?? true) : null,
        reason: null,
        note: null,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    enrolments.push(row);
  }
  for (const [k, s] of (o.sessions ?? []).entries()) {
    const session = await trx
      .insertInto('trainingSessions')
      .values({
        consortiumId: cId,
        programmeId: id,
        sessionDate: addDays(o.start, s.offset),
        topic: s.topic,
        location: '示教室',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const present = enrolments.filter((e) => e.status !== 'applied');
    if (present.length)
      await trx
        .insertInto('trainingAttendance')
        .values(
          present.map((e, j) => ({
            consortiumId: cId,
            sessionId: session.id,
            enrolmentId: e.id,
            present: (j + k) % 4 !== 3,
          })),
        )
        .execute();
  }
  return enrolments.length;
}

/** Further study and courses at the leads, management rotation in 海门, from the reports. */
export async function insertTraining(trx: Tx, today: string) {
  const xuyong = await staffOf(trx, 'XY-PH');
  const shanxi = await staffOf(trx, 'XY-SX');
  const haimen = [
    ...(await staffOf(trx, 'HM-PH2', true)).slice(0, 2),
    ...(await staffOf(trx, 'HM-PH3', true)).slice(0, 2),
    ...(await staffOf(trx, 'HM-SC', true)).slice(0, 1),
  ];
  let enrolments = 0;
  enrolments += await programme(trx, {
    consortium: 'SWMU-XUYONG',
    provider: 'SWMU-AH',
    kind: 'further_study',
    name: '叙永县人民医院骨干医师免费进修（心血管内科）',
    department: '心血管内科',
    seats: 4,
    months: 6,
    start: addDays(today, -300),
    end: addDays(today, -120),
    description: '为叙永县人民医院骨干医生提供免费培训和进修（框架协议）',
    trainees: [
      { staff: xuyong[0]!, step: 'returned_to_post', independent: true },
      { staff: xuyong[1]!, step: 'returned_to_post', independent: true },
      { staff: xuyong[2]!, step: 'returned_to_post', independent: false },
      { staff: xuyong[3]!, step: 'completed' },
    ],
  });
  enrolments += await programme(trx, {
    consortium: 'SWMU-XUYONG',
    provider: 'SWMU-AH',
    kind: 'further_study',
    name: '叙永县人民医院医师进修（急诊科）',
    department: '急诊科',
    seats: 3,
    months: 3,
    start: addDays(today, -30),
    end: addDays(today, 60),
    description: '急危重症救治能力提升，服务绿色通道建设',
    trainees: [
      { staff: xuyong[4]!, step: 'in_training' },
      { staff: xuyong[5]!, step: 'in_training' },
      { staff: xuyong[6]!, step: 'applied' },
    ],
  });
  enrolments += await programme(trx, {
    consortium: 'SWMU-XUYONG',
    provider: 'SWMU-AH',
    kind: 'course',
    name: '基层骨干医生免费培训班：胸痛与卒中早期识别',
    seats: null,
    months: null,
    start: addDays(today, -21),
    end: addDays(today, 14),
    description: '学术讲座与病例讨论，每周一次',
    trainees: xuyong.slice(7, 11).map((staff) => ({ staff, step: 'in_training' as Step })),
    sessions: [
      { offset: 0, topic: '急性胸痛的鉴别诊断' },
      { offset: 7, topic: '卒中早期识别与转诊' },
      { offset: 14, topic: '心电图判读实操' },
    ],
  });
  enrolments += await programme(trx, {
    consortium: 'HAIMEN-TCM',
    provider: 'HM-TCM',
    kind: 'management_rotation',
    name: '医联体成员单位管理层轮训（第一期）',
    seats: 6,
    months: null,
    start: addDays(today, -10),
    end: addDays(today, 20),
    description: '应成员单位"增加医院管理层轮训"的意见举办：医院管理、质量控制、绩效考核',
    trainees: haimen.map((staff) => ({ staff, step: 'in_training' as Step })),
    sessions: [
      { offset: 0, topic: '医联体运行与考核办法解读' },
      { offset: 7, topic: '医疗质量与安全管理' },
    ],
  });
  enrolments += await programme(trx, {
    consortium: 'XIYUAN-NRMC',
    provider: 'XY-BJ',
    kind: 'further_study',
    name: '西苑医院山西医院医师进修（康复医学科）',
    department: '康复医学科',
    seats: 3,
    months: 12,
    start: addDays(today, 30),
    end: addDays(today, 395),
    description: '康复中心建设重点项目的人才准备（同质化）',
    trainees: [
      { staff: shanxi[0]!, step: 'accepted' },
      { staff: shanxi[1]!, step: 'applied' },
    ],
  });
  return { programmes: 5, enrolments };
}
