import type { ProblemCategory, ProblemEntryKind, ProblemPriority, ProblemState } from '@yilian/domain';
import type { Tx } from '../context.js';

// One meeting of each consortium of the reports and the problems it put into the ledger, drawn
// from what the reports say. People are named by their post, never by the names in the reports.

interface DemoProblem {
  title: string;
  description: string;
  category: ProblemCategory;
  affected: string[];
  owner: [institution: string, department: string];
  coOwners?: [string, string][];
  responsible: string; // a demo account
  priority: ProblemPriority;
  status: ProblemState;
  /** Days after the meeting; negative never. A deadline relative to today when `dueInDays` is set. */
  deadlineDays?: number;
  dueInDays?: number;
  progress?: string;
  measures?: string;
}

interface DemoMeeting {
  consortium: string;
  organizer: string;
  title: string;
  kind: 'council' | 'regular' | 'symposium' | 'exchange';
  mode: 'in_person' | 'online' | 'hybrid';
  room: string | null;
  link: string | null;
  startsAt: string;
  minutes: string;
  agenda: [title: string, presenter: string][];
  resolutions: string[];
  office: string; // the office account that raised the problems
  invitees: string[];
  problems: DemoProblem[];
}

const MEETINGS: DemoMeeting[] = [
  {
    consortium: 'XIYUAN-NRMC',
    organizer: 'XY-BJ',
    title: '西苑医院山西医院工作组座谈会',
    kind: 'symposium',
    mode: 'hybrid',
    room: '西苑医院山西医院行政楼会议室',
    link: 'https://meeting.example.cn/xiyuan-shanxi',
    startsAt: '2023-11-28T06:30:00Z',
    minutes:
      '京晋两地线上线下同步召开。管理、临床、科研、医技、护理等部门工作组成员依次汇报近期工作开展情况，提出工作中面临的问题和建议；西苑医院相关职能处室负责人作出回应，并提出部门下一步工作计划。会议提出五点建议，纳入问题清单台账逐项落实。',
    agenda: [
      ['西苑医院领导讲话并提出工作建议', '西苑医院副院长'],
      ['工作组总领队讲话', '工作组总领队'],
      ['管理、临床、科研、医技、护理工作组汇报', '各工作组'],
      ['职能处室回应与下一步工作计划', '西苑医院职能处室负责人'],
    ],
    resolutions: [
      '建立问题清单台账制度，做到问题有落实、工作有推进、结果有反馈',
      '山西中西医结合现代康复中心建设列为今明两年重点工作',
    ],
    office: 'xiyuan.office',
    invitees: ['xiyuan.expert'],
    problems: [
      {
        title: '目标导向：工作目标未分解到职能部门',
        description: '结合国家要求和建设方案，明确工作目标，将具体工作分解到各职能部门，发现短板，重点提升。',
        category: 'common',
        affected: ['XY-BJ', 'XY-SX'],
        owner: ['XY-SX', '医务科'],
        coOwners: [['XY-BJ', '医务处']],
        responsible: 'xiyuan.office',
        priority: 'high',
        status: 'closed',
        deadlineDays: 45,
        progress: '已召开职能部门专题会，拟定年度目标分解表',
        measures: '年度目标分解到各职能部门，按月通报完成情况',
      },
      {
        title: '问题导向：共性问题和个性问题未梳理成台账',
        description:
          '梳理共性问题和个性问题，明确着力点，建立问题清单台账制度，做到问题有落实、工作有推进、结果有反馈。',
        category: 'common',
        affected: ['XY-BJ', 'XY-SX'],
        owner: ['XY-BJ', '质量控制办公室'],
        responsible: 'xiyuan.office',
        priority: 'high',
        status: 'verified',
        deadlineDays: 30,
        progress: '问题清单台账已在平台上线，各工作组按月更新',
        measures: '建立问题清单台账，纳入例会督办',
      },
      {
        title: '制度意识：管理制度尚未完成“三平移”',
        description:
          '结合当地医院特点，将西苑医院的管理理念融入西苑医院山西医院，逐步建立和完善各项制度，推进“三平移”和同质化发展。',
        category: 'particular',
        affected: ['XY-SX'],
        owner: ['XY-SX', '医务科'],
        coOwners: [['XY-SX', '护理部']],
        responsible: 'xiyuan.expert',
        priority: 'medium',
        status: 'in_progress',
        dueInDays: 60,
        progress: '已对照西苑医院制度汇编梳理出需修订的制度清单',
      },
      {
        title: '重点突破：现代康复中心开业前准备',
        description:
          '山西中西医结合现代康复中心建设是今明两年的重点工作，要充分评估运营后的压力，做好开业前的各项准备工作。',
        category: 'particular',
        affected: ['XY-SX'],
        owner: ['XY-SX', '康复医学科'],
        responsible: 'xiyuan.expert',
        priority: 'high',
        status: 'in_progress',
        dueInDays: -7,
        progress: '开业准备清单已逐项分解，设备招标进行中',
      },
      {
        title: '党建引领：党建与业务融合不够',
        description:
          '在支部规范化、标准化建设基础上，进一步发挥支部战斗堡垒作用和党员先锋模范作用，推动党建和业务相融合。',
        category: 'common',
        affected: ['XY-BJ', 'XY-SX'],
        owner: ['XY-SX', '医务科'],
        responsible: 'xiyuan.office',
        priority: 'medium',
        status: 'assigned',
        dueInDays: 90,
      },
    ],
  },
  {
    consortium: 'HAIMEN-TCM',
    organizer: 'HM-TCM',
    title: '海门市中医院医联体汇报交流会暨理事会议',
    kind: 'council',
    mode: 'in_person',
    room: '海门市第二人民医院会议室',
    link: null,
    startsAt: '2018-05-29T06:00:00Z',
    minutes:
      '医联体成立近百日，龙头单位、骨干单位及各成员单位负责人汇报交流。会议通过民主决议成立理事会，通过实施方案（试行）、章程（试行）和例会制度（试行）。各单位做2018年第一季度工作汇报；成员单位提出下派专家相对固定、增加管理层轮训等意见。',
    agenda: [
      ['理事长发言', '理事长'],
      ['副理事长发言', '副理事长'],
      ['理事会成员讨论发言', '理事会成员'],
      ['各单位2018年第一季度工作汇报', '各成员单位'],
      ['专家代表发言', '专家代表'],
      ['理事长总结并部署下一步工作', '理事长'],
    ],
    resolutions: [
      '成立海门市中医院医联体理事会',
      '通过《实施方案（试行）》《章程（试行）》《例会制度（试行）》',
    ],
    office: 'haimen.office',
    invitees: ['haimen2.admin', 'haimen.doctor', 'changle.doctor'],
    problems: [
      {
        title: '下派专家不够固定',
        description: '海门市第三人民医院提出：下派专家应相对固定，便于连续带教和病人随访。',
        category: 'particular',
        affected: ['HM-PH3'],
        owner: ['HM-TCM', '医务处'],
        responsible: 'haimen.office',
        priority: 'medium',
        status: 'closed',
        deadlineDays: 60,
        progress: '已按科室固定下派专家名单，每半年调整一次',
        measures: '建立下派专家固定名单制度',
      },
      {
        title: '成员单位管理层轮训不足',
        description: '成员单位提出增加医院管理层轮训，提升基层管理能力。',
        category: 'common',
        affected: ['HM-PH2', 'HM-PH3', 'HM-SC', 'HM-CL'],
        owner: ['HM-TCM', '医务处'],
        responsible: 'haimen2.admin',
        priority: 'medium',
        status: 'in_progress',
        dueInDays: 45,
        progress: '第一期管理层轮训已完成报名',
      },
    ],
  },
  {
    consortium: 'SWMU-XUYONG',
    organizer: 'SWMU-AH',
    title: '西南医科大学附属医院医疗集团叙永医院签约授牌仪式暨工作交流',
    kind: 'exchange',
    mode: 'in_person',
    room: '泸州市南苑宾馆会议厅',
    link: null,
    startsAt: '2022-01-25T02:00:00Z',
    minutes:
      '西南医科大学附属医院与叙永县人民政府签署医疗联合体合作框架协议并授牌。双方围绕人员双向流动、病人双向转诊、医疗资源共享，推动叙永县人民医院创建三级甲等医院。',
    agenda: [
      ['签署医疗联合体合作框架协议', '双方主要负责人'],
      ['授牌', '附属医院院长'],
      ['合作工作交流', '双方职能部门'],
    ],
    resolutions: ['以创建三级甲等医院为目标，推进人员双向流动、病人双向转诊、医疗资源共享'],
    office: 'swmu.office',
    invitees: ['swmu.admin', 'swmu.doctor', 'xuyong.doctor'],
    problems: [
      {
        title: '三级甲等医院创建评审条款差距大',
        description: '叙永县人民医院对照三级甲等医院评审标准，仍有多项核心条款未达标。',
        category: 'particular',
        affected: ['XY-PH'],
        owner: ['XY-PH', '医务科'],
        coOwners: [['SWMU-AH', '质量控制办公室']],
        responsible: 'swmu.admin',
        priority: 'high',
        status: 'in_progress',
        dueInDays: 120,
        progress: '已完成评审条款自查，差距清单按科室分解',
      },
      {
        title: '绿色通道转诊交接不畅',
        description: '急危重症患者经绿色通道上转时，接收科室响应和床位预留需进一步规范。',
        category: 'common',
        affected: ['SWMU-AH', 'XY-PH'],
        owner: ['SWMU-AH', '医务处'],
        responsible: 'swmu.admin',
        priority: 'high',
        status: 'resolved',
        deadlineDays: 30,
        progress: '绿色通道值班电话和床位预留规则已在平台配置',
        measures: '平台设置绿色通道15分钟接收时限，超时通知值班和办公室',
      },
    ],
  },
  {
    consortium: 'WMU2-QINGTIAN',
    organizer: 'WMU-2AH',
    title: '“山海提升工程”工作交流会',
    kind: 'exchange',
    mode: 'in_person',
    room: '青田县人民医院会议室',
    link: null,
    startsAt: '2021-10-27T06:00:00Z',
    minutes:
      '调研急诊科、儿科、外科等科室运营情况，看望下沉专家。会上双方交流学科建设经验，县卫健局提出三点建议：注重科学谋划、坚持长短结合；借势借力、做好管理与技术相结合；精准帮扶、坚持“输血与造血”并举。',
    agenda: [
      ['分院发展现状和帮扶成效介绍', '分院院长'],
      ['参会人员交流讨论', '相关科室主任'],
      ['县卫健局讲话', '县卫健局'],
      ['帮扶医院讲话', '帮扶医院党委'],
    ],
    resolutions: ['以创建三级乙等医院为目标，推进“3342X”能力提升'],
    office: 'wmu2.office',
    invitees: ['qingtian.viewer'],
    problems: [
      {
        title: '创建三级乙等医院规划需长短结合',
        description: '既要立足当前、做好对标、增强业务，更要着眼长远，以创建三乙医院为目标确立学科优势地位。',
        category: 'particular',
        affected: ['QT-PH'],
        owner: ['QT-PH', '医务科'],
        responsible: 'wmu2.office',
        priority: 'high',
        status: 'in_progress',
        dueInDays: 75,
        progress: '三乙创建工作方案已起草',
      },
      {
        title: '精细化管理与技术帮扶结合不足',
        description: '以合作平台为载体、人才队伍建设为关键，推进学科建设上层次、制度管理上水平。',
        category: 'common',
        affected: ['WMU-2AH', 'QT-PH'],
        owner: ['WMU-2AH', '医务处'],
        responsible: 'wmu2.office',
        priority: 'medium',
        status: 'raised',
      },
      {
        title: '“3342X”能力提升进度偏慢',
        description: '精准帮扶，坚持“输血与造血”并举，进一步推进医院“3342X”能力提升。',
        category: 'particular',
        affected: ['QT-PH'],
        owner: ['QT-PH', '医务科'],
        responsible: 'wmu2.office',
        priority: 'medium',
        status: 'closed',
        deadlineDays: 90,
        progress: '下沉专家按“3342X”项目逐项带教',
        measures: '制定“3342X”能力提升项目清单并按季度考核',
      },
    ],
  },
];

const DAY = 86_400_000;

interface Entry {
  kind: ProblemEntryKind;
  action: string | null;
  from: ProblemState | null;
  to: ProblemState | null;
  day: number;
  actor: { id: string; displayName: string };
  note: string | null;
}
const ORDER: ProblemState[] = ['raised', 'assigned', 'in_progress', 'resolved', 'verified', 'closed'];
const ACTION_INTO: Partial<Record<ProblemState, string>> = {
  assigned: 'assign',
  in_progress: 'start',
  resolved: 'resolve',
  verified: 'verify',
  closed: 'close',
};

/** The demo meetings and their ledgers; `today` is a date in China (YYYY-MM-DD). */
export async function insertGovernanceDemo(
  trx: Tx,
  consortiumIds: Map<string, string>,
  institutionIds: Map<string, string>,
  today: string,
) {
  const users = new Map(
    (await trx.selectFrom('users').select(['id', 'username', 'displayName']).execute()).map((u) => [
      u.username,
      u,
    ]),
  );
  const counters = new Map<string, number>();
  for (const d of MEETINGS) {
    const consortiumId = consortiumIds.get(d.consortium)!;
    const office = users.get(d.office)!;
    const held = Date.parse(d.startsAt);
    const at = (days: number) => new Date(held + days * DAY).toISOString();
    const m = await trx
      .insertInto('meetings')
      .values({
        consortiumId,
        seriesId: null,
        ruleDocumentId: null,
        title: d.title,
        kind: d.kind,
        mode: d.mode,
        room: d.room,
        link: d.link,
        startsAt: d.startsAt,
        endsAt: at(2 / 24),
        organizerInstitutionId: institutionIds.get(d.organizer)!,
        description: null,
        status: 'minutes_published',
        minutes: d.minutes,
        minutesPublishedAt: at(2),
        cancelReason: null,
        checkInToken: null,
        checkInExpiresAt: null,
        createdById: office.id,
        createdBy: office.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('meetingAgendaItems')
      .values(
        d.agenda.map(([title, presenter], i) => ({
          meetingId: m.id,
          consortiumId,
          position: i + 1,
          title,
          presenter,
          presenterUserId: null,
          minutes: null,
        })),
      )
      .execute();
    await trx
      .insertInto('meetingResolutions')
      .values(
        d.resolutions.map((text, i) => ({
          meetingId: m.id,
          consortiumId,
          position: i + 1,
          text,
          createdAt: at(1 / 24),
        })),
      )
      .execute();
    const invitees = [d.office, ...d.invitees].map((u) => users.get(u)!);
    await trx
      .insertInto('meetingInvitations')
      .values(
        invitees.map((u, i) => ({
          meetingId: m.id,
          consortiumId,
          userId: u.id,
          rsvp: 'accepted' as const,
          respondedAt: at(-3),
          signedInAt: at(-0.01),
          signInMethod: i === 0 ? ('organizer' as const) : ('qr' as const),
        })),
      )
      .execute();
    for (const p of d.problems) {
      const year = Number(new Date(held + 8 * 3600_000).toISOString().slice(0, 4));
      const key = `${consortiumId}:${year}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      const dept = async ([inst, name]: [string, string]) =>
        (
          await trx
            .selectFrom('departments')
            .select('id')
            .where('institutionId', '=', institutionIds.get(inst)!)
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id;
      const reached = ORDER.indexOf(p.status);
      const deadline =
        p.dueInDays !== undefined
          ? new Date(Date.parse(`${today}T00:00:00Z`) + p.dueInDays * DAY).toISOString().slice(0, 10)
          : p.deadlineDays !== undefined
            ? new Date(held + p.deadlineDays * DAY + 8 * 3600_000).toISOString().slice(0, 10)
            : null;
      const responsible = users.get(p.responsible)!;
      const done = (s: ProblemState, days: number) => (reached >= ORDER.indexOf(s) ? at(days) : null);
      const pr = await trx
        .insertInto('problems')
        .values({
          consortiumId,
          number: `${year}-${String(n).padStart(3, '0')}`,
          title: p.title,
          description: p.description,
          source: 'meeting',
          meetingId: m.id,
          category: p.category,
          affectedInstitutionIds: JSON.stringify(p.affected.map((c) => institutionIds.get(c)!)),
          priority: p.priority,
          ownerDepartmentId: reached >= 1 ? await dept(p.owner) : null,
          coOwnerDepartmentIds: JSON.stringify(
            reached >= 1 ? await Promise.all((p.coOwners ?? []).map(dept)) : [],
          ),
          responsibleUserId: reached >= 1 ? responsible.id : null,
          deadline: reached >= 1 ? deadline : null,
          status: p.status,
          escalatedAt: null,
          measures: reached >= 3 ? (p.measures ?? null) : null,
          raisedById: office.id,
          raisedBy: office.displayName,
          raisedAt: at(0.05),
          resolvedAt: done('resolved', 25),
          verifiedAt: done('verified', 28),
          verifiedBy: reached >= 4 ? office.displayName : null,
          closedAt: done('closed', 30),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The history the state implies: raised, then each step to where it stands, with progress.
      const entries: Entry[] = [
        {
          kind: 'transition',
          action: 'create',
          from: null,
          to: 'raised',
          day: 0.05,
          actor: office,
          note: null,
        },
      ];
      for (let i = 1; i <= reached; i++) {
        const s = ORDER[i]!;
        const actor = s === 'assigned' || s === 'verified' || s === 'closed' ? office : responsible;
        const note = s === 'resolved' ? (p.measures ?? null) : null;
        entries.push({
          kind: 'transition',
          action: ACTION_INTO[s]!,
          from: ORDER[i - 1]!,
          to: s,
          day: [0, 2, 5, 25, 28, 30][i]!,
          actor,
          note,
        });
        if (s === 'in_progress' && p.progress)
          entries.push({
            kind: 'progress',
            action: null,
            from: null,
            to: null,
            day: 12,
            actor: responsible,
            note: p.progress,
          });
      }
      await trx
        .insertInto('problemEntries')
        .values(
          entries.map((e) => ({
            problemId: pr.id,
            consortiumId,
            kind: e.kind,
            at: at(e.day),
            actorId: e.actor.id,
            actorName: e.actor.displayName,
            action: e.action,
            fromStatus: e.from,
            toStatus: e.to,
            note: e.note,
          })),
        )
        .execute();
    }
  }
  for (const [key, last] of counters) {
    const [consortiumId, year] = key.split(':');
    await trx
      .insertInto('ledgerCounters')
      .values({ consortiumId: consortiumId!, year: Number(year), last })
      .execute();
  }
}
