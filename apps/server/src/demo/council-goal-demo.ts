import { DEFAULT_VOTE_RULES, type CouncilPosition, type DocumentKind } from '@yilian/domain';
import type { Tx } from '../context.js';
import { CHECKLIST_TEMPLATES } from '../modules/goal/templates.js';

// Governance demo data drawn from the reports in shared/seeds:
// - 海门 (002): the council (理事会) formed at the 2018 report-and-exchange meeting adopted the
//   实施方案, 章程 and 例会制度 (all 试行) by acclamation; the lead hospital also drafts the 考核办法
//   on the principle 激励引导、考评结合、持续完善. The other reports name no council, so only 海门 has one.
// - 西苑 (001): five proposals, the first to split the work goals to the functional departments,
//   the fourth the 山西中西医结合现代康复中心 to prepare for opening.
// - 叙永 (003): the county hospital to be accredited 三级甲等; 青田 (004): to be accredited 三级乙等.
// People are the invented staff of the demo registry; dates beyond the reports' are relative to today.

const ADOPTED_ON = '2018-06-08'; // the date of the 海门 report that records the adoption

const HAIMEN_DOCUMENTS: { kind: DocumentKind; title: string; body: string; adopted: boolean }[] = [
  {
    kind: 'implementation_plan',
    title: '海门市中医院医联体实施方案（试行）',
    body: '目标：形成“基层首诊、双向转诊、急慢分治、上下联动”的就医格局，实现“小病不出村、常见病不出镇、大病不出市”。\n组成：海门市中医院为龙头单位，海门市第二、第三人民医院为骨干单位，中心卫生院和乡镇卫生院为成员单位。\n内容：技术下沉、医疗资源共享、双向转诊。',
    adopted: true,
  },
  {
    kind: 'charter',
    title: '海门市中医院医联体章程（试行）',
    body: '医联体设理事会，设理事长一名、副理事长若干名，理事由各成员单位负责人担任。\n理事会审议医联体实施方案、章程和各项制度。',
    adopted: true,
  },
  {
    kind: 'meeting_rule',
    title: '海门市中医院医联体例会制度（试行）',
    body: '理事会定期召开例会，各单位汇报季度工作，各单位专家代表就对接工作提出意见和建议。',
    adopted: true,
  },
  {
    kind: 'assessment_method',
    title: '海门市中医院医联体考核办法',
    body: '原则：激励引导、考评结合、持续完善。',
    adopted: false,
  },
];

async function functionalStaff(trx: Tx, institutionId: string) {
  return trx
    .selectFrom('staff as st')
    .innerJoin('departments as d', 'd.id', 'st.departmentId')
    .select(['st.id', 'st.name', 'd.id as departmentId', 'd.name as department'])
    .where('st.institutionId', '=', institutionId)
    .where('d.kind', '=', 'functional')
    .orderBy('d.name')
    .orderBy('st.name')
    .execute();
}

async function haimenCouncil(trx: Tx, consortiumId: string, ids: Map<string, string>) {
  const seats: { code: string; position: CouncilPosition; skip?: number }[] = [
    { code: 'HM-TCM', position: 'chair' },
    { code: 'HM-TCM', position: 'vice_chair', skip: 1 },
    { code: 'HM-PH2', position: 'vice_chair' },
    { code: 'HM-PH3', position: 'vice_chair' },
    { code: 'HM-SC', position: 'member' },
    { code: 'HM-CL', position: 'member' },
    { code: 'HM-YL', position: 'member' },
    { code: 'HM-ZY', position: 'member' },
  ];
  const memberIds: string[] = [];
  for (const seat of seats) {
    const institutionId = ids.get(seat.code)!;
    const st = (await functionalStaff(trx, institutionId))[seat.skip ?? 0]!;
    const row = await trx
      .insertInto('councilMembers')
      .values({
        consortiumId,
        institutionId,
        userId: null,
        staffId: st.id,
        name: st.name,
        position: seat.position,
        termStart: ADOPTED_ON,
        termEnd: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    memberIds.push(row.id);
  }
  // The office's and the 二院 administrator's demo accounts hold seats, so that a demo user can vote.
  for (const [username, position] of [
    ['haimen.office', 'secretary'],
    ['haimen2.admin', 'member'],
  ] as const) {
    const u = await trx
      .selectFrom('users')
      .select(['id', 'displayName', 'institutionId'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!u?.institutionId) continue;
    await trx
      .insertInto('councilMembers')
      .values({
        consortiumId,
        institutionId: u.institutionId,
        userId: u.id,
        staffId: null,
        name: u.displayName,
        position,
        termStart: ADOPTED_ON,
        termEnd: null,
      })
      .execute();
  }
  for (const d of HAIMEN_DOCUMENTS) {
    const doc = await trx
      .insertInto('councilDocuments')
      .values({ consortiumId, kind: d.kind, title: d.title })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto('documentVersions')
      .values({
        consortiumId,
        documentId: doc.id,
        versionNo: 1,
        status: d.adopted ? 'in_force' : 'draft',
        body: d.body,
        note: null,
        effectiveOn: d.adopted ? ADOPTED_ON : null,
        createdBy: 'haimen.office',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!d.adopted) continue;
    // Adopted by acclamation (鼓掌通过): every seat held at the meeting counted for.
    const at = `${ADOPTED_ON}T02:00:00.000Z`;
    const vote = await trx
      .insertInto('documentVotes')
      .values({
        consortiumId,
        versionId: version.id,
        round: 1,
        openedAt: at,
        openedBy: 'haimen.office',
        officeDate: ADOPTED_ON,
        ...DEFAULT_VOTE_RULES[d.kind],
        closedAt: at,
        closedBy: 'haimen.office',
        eligible: memberIds.length,
        votesFor: memberIds.length,
        votesAgainst: 0,
        votesAbstain: 0,
        outcome: 'passed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('documentBallots')
      .values(
        memberIds.map((memberId) => ({
          voteId: vote.id,
          consortiumId,
          memberId,
          choice: 'for' as const,
          castById: null,
          castAt: at,
        })),
      )
      .execute();
  }
}

const shift = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function project(
  trx: Tx,
  consortiumId: string,
  institutionId: string,
  goalId: string | null,
  p: {
    kind: 'centre_opening' | 'accreditation';
    title: string;
    description: string;
    template: boolean;
    items?: [string, string][];
    milestones: [string, string, string | null][];
  },
) {
  const { id } = await trx
    .insertInto('keyProjects')
    .values({
      consortiumId,
      institutionId,
      goalId,
      kind: p.kind,
      title: p.title,
      description: p.description,
      targetOn: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const items = [
    ...(p.template ? CHECKLIST_TEMPLATES.grade3a_general : []),
    ...(p.items ?? []).map(([chapter, title]) => ({ chapter, standardRef: null, title })),
  ];
  if (items.length)
    await trx
      .insertInto('checklistItems')
      .values(
        items.map((i, k) => ({
          consortiumId,
          projectId: id,
          position: k + 1,
          chapter: i.chapter,
          standardRef: i.standardRef,
          title: i.title,
          ownerDepartmentId: null,
          ownerUserId: null,
        })),
      )
      .execute();
  await trx
    .insertInto('projectMilestones')
    .values(
      p.milestones.map(([title, dueOn, doneOn]) => ({ consortiumId, projectId: id, title, dueOn, doneOn })),
    )
    .execute();
}

async function goalWithTasks(
  trx: Tx,
  consortiumId: string,
  year: number,
  title: string,
  tasks: {
    title: string;
    owner: { departmentId: string } | { institutionId: string };
    dueOn: string;
    progress: number;
  }[],
) {
  const { id } = await trx
    .insertInto('goals')
    .values({ consortiumId, year, title, description: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('goalTasks')
    .values(
      tasks.map((t) => ({
        consortiumId,
        goalId: id,
        title: t.title,
        description: null,
        ...('departmentId' in t.owner
          ? {
              ownerKind: 'department' as const,
              ownerUserId: null,
              ownerDepartmentId: t.owner.departmentId,
              ownerInstitutionId: null,
            }
          : {
              ownerKind: 'institution' as const,
              ownerUserId: null,
              ownerDepartmentId: null,
              ownerInstitutionId: t.owner.institutionId,
            }),
        dueOn: t.dueOn,
        progress: t.progress,
        weight: 1,
        progressNote: null,
        doneOn: t.progress >= 100 ? t.dueOn : null,
      })),
    )
    .execute();
  return id;
}

/** The council of 海门, and goals and key projects of 西苑, 叙永 and 青田, as the reports describe them. */
export async function insertCouncilGoalDemo(
  trx: Tx,
  consortiumIds: Map<string, string>,
  ids: Map<string, string>,
  today: string,
) {
  await haimenCouncil(trx, consortiumIds.get('HAIMEN-TCM')!, ids);
  const year = Number(today.slice(0, 4));

  // 西苑医院山西医院: goals split to the functional departments; the rehabilitation centre.
  const xiyuan = consortiumIds.get('XIYUAN-NRMC')!;
  const sx = ids.get('XY-SX')!;
  const sxDept = (await functionalStaff(trx, sx))[0]!.departmentId;
  const bjStaff = await functionalStaff(trx, ids.get('XY-BJ')!);
  const bjMedical = bjStaff.find((x) => x.department === '医务处')!.departmentId;
  const bjQuality = bjStaff.find((x) => x.department === '质量控制办公室')!.departmentId;
  const sxGoal = await goalWithTasks(trx, xiyuan, year, '西苑医院山西医院国家区域医疗中心建设', [
    {
      title: '结合国家要求和建设方案明确工作目标，分解到各职能部门',
      owner: { departmentId: sxDept },
      dueOn: shift(today, -20),
      progress: 100,
    },
    {
      title: '梳理短板问题，建立问题清单台账',
      owner: { departmentId: bjQuality },
      dueOn: shift(today, -5),
      progress: 60,
    },
    {
      title: '推进“三平移”与同质化：管理、技术、质量对标输出医院',
      owner: { departmentId: bjMedical },
      dueOn: shift(today, 90),
      progress: 30,
    },
    {
      title: '现代康复中心开业前各项准备',
      owner: { institutionId: sx },
      dueOn: shift(today, 180),
      progress: 20,
    },
  ]);
  await project(trx, xiyuan, sx, sxGoal, {
    kind: 'centre_opening',
    title: '山西中西医结合现代康复中心建设',
    description:
      '今明两年的重点工作：充分评估运营后的压力，做好开业前的各项准备，以此带动全院相关科室的提升和发展。',
    template: false,
    items: [
      ['运营评估', '评估开业后的运营压力（人员、床位、收支）'],
      ['人员', '康复医师、治疗师、护理人员配置与培训'],
      ['设备与场地', '康复设备采购、安装与验收'],
      ['制度流程', '康复诊疗规范、转诊与会诊流程'],
      ['开业准备', '执业登记与开业前检查'],
    ],
    milestones: [
      ['完成运营压力评估', shift(today, -10), null],
      ['设备到位并验收', shift(today, 120), null],
      ['开业', shift(today, 240), null],
    ],
  });

  // 叙永县人民医院: grade 3A accreditation with the help of the lead hospital.
  const xuyong = consortiumIds.get('SWMU-XUYONG')!;
  const xy = ids.get('XY-PH')!;
  const xyDept = (await functionalStaff(trx, xy))[0]!.departmentId;
  const xyGoal = await goalWithTasks(trx, xuyong, year, '助推叙永县人民医院创建三级甲等综合医院', [
    {
      title: '对照三级医院评审标准完成自评',
      owner: { departmentId: xyDept },
      dueOn: shift(today, 60),
      progress: 40,
    },
    {
      title: '专家坐诊、查房、手术示范与疑难病例讨论常态化',
      owner: { institutionId: ids.get('SWMU-AH')! },
      dueOn: shift(today, 200),
      progress: 50,
    },
  ]);
  await project(trx, xuyong, xy, xyGoal, {
    kind: 'accreditation',
    title: '叙永县人民医院创建三级甲等综合医院',
    description: '西南医科大学附属医院帮助提升医院管理水平和医疗服务能力，助推创建三级甲等综合医院。',
    template: true,
    milestones: [
      ['完成对标自评', shift(today, 60), null],
      ['提交评审申请', shift(today, 300), null],
    ],
  });

  // 青田县人民医院: the 山海提升工程 aims at grade 3B.
  const qingtian = consortiumIds.get('WMU2-QINGTIAN')!;
  await project(trx, qingtian, ids.get('QT-PH')!, null, {
    kind: 'accreditation',
    title: '青田县人民医院创建三级乙等医院',
    description: '以创建三乙医院为目标，确立学科优势地位，“输血”与“造血”并重。',
    template: true,
    milestones: [['科室运营调研', shift(today, -30), shift(today, -35)]],
  });
}
