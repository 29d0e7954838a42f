// The indicator library that Yilian seeds into every installation. Two families:
// - the 14 indicators of the national 紧密型县域医共体监测指标体系 (2024 edition), numbered in
//   the order of the system and grouped under the four "communities" (责任/管理/服务/利益) as our
//   dashboards show them; most are reported by members each period, since Yilian holds neither
//   the insurance fund's data nor the census;
// - figures Yilian computes from its own records (referrals, stationed experts, the ledger), and
//   下转患者人次数 from the national tertiary-hospital performance assessment (国考).
// Codes are stable keys; values are stored per institution and period against them.

export const INDICATOR_SOURCES = ['computed', 'reported'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export const INDICATOR_DIRECTIONS = ['higher_better', 'lower_better'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/**
 * rate: numerator / denominator × factor (a share, a per-10,000 figure);
 * count: a plain number (numerator only);
 * policy: a policy item scored "issued and carried out / issued only / none" (2018 细则).
 */
export const INDICATOR_KINDS = ['rate', 'count', 'policy'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const INDICATOR_GROUPS = [
  'responsibility', // 责任共同体
  'management', // 管理共同体
  'service', // 服务共同体
  'interest', // 利益共同体
  'consortium_operations', // Yilian's own figures of the consortium's work
] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export interface IndicatorDefinition {
  code: string;
  group: IndicatorGroup;
  nameZh: string;
  nameEn: string;
  definition: string;
  numerator: string | null;
  denominator: string | null;
  kind: IndicatorKind;
  unit: string; // '%', '人/万人', '天', '人次', '' for a ratio or a policy item
  factor: number; // multiplies numerator / denominator (100 for a percentage)
  direction: IndicatorDirection;
  source: IndicatorSource;
  /** The numerator counts a part of the denominator (a share), so it can never exceed it. */
  part: boolean;
}

type Def = Omit<IndicatorDefinition, 'group'>;
const group = (g: IndicatorGroup, defs: Def[]): IndicatorDefinition[] =>
  defs.map((d) => ({ ...d, group: g }));

const policy = (code: string, nameZh: string, nameEn: string, definition: string): Def => ({
  code,
  nameZh,
  nameEn,
  definition,
  numerator: null,
  denominator: null,
  kind: 'policy',
  unit: '',
  factor: 1,
  direction: 'higher_better',
  source: 'reported',
  part: false,
});

const share = (
  code: string,
  nameZh: string,
  nameEn: string,
  numerator: string,
  denominator: string,
  direction: IndicatorDirection = 'higher_better',
): Def => ({
  code,
  nameZh,
  nameEn,
  definition: `${numerator} / ${denominator} × 100%`,
  numerator,
  denominator,
  kind: 'rate',
  unit: '%',
  factor: 100,
  direction,
  source: 'reported',
  part: true,
});

/** The 14 national monitoring indicators (紧密型县域医共体监测指标体系, 2024). */
export const NATIONAL_COUNTY_INDICATORS: IndicatorDefinition[] = [
  ...group('responsibility', [
    policy(
      'NCC01',
      '资源统一管理',
      'Unified management of resources',
      '医共体对成员单位人员、财务、药品耗材、信息等资源实行统一管理的落实情况',
    ),
    policy(
      'NCC02',
      '医共体内部民主决策',
      'Democratic decision-making within the consortium',
      '医共体建立理事会等议事决策机制并按章程民主决策的落实情况',
    ),
  ]),
  ...group('management', [
    policy(
      'NCC03',
      '服务协同联动',
      'Coordinated services',
      '医共体内双向转诊、检查检验结果互认、资源共享中心等协同服务的开展情况',
    ),
    {
      code: 'NCC04',
      nameZh: '二级及以上机构中级及以上医师到基层派驻人数/每万常住人口',
      nameEn:
        'Mid-level or higher physicians of secondary+ institutions stationed at primary level per 10,000 residents',
      definition: '派驻至基层(连续派驻半年及以上)的中级及以上职称医师人数 / 县域常住人口数 × 10000',
      numerator: '派驻基层的中级及以上职称医师人数',
      denominator: '县域常住人口数',
      kind: 'rate',
      unit: '人/万人',
      factor: 10000,
      direction: 'higher_better',
      source: 'reported',
      part: false,
    },
    share(
      'NCC05',
      '影像心电中心服务开展与心电设备村级覆盖率',
      'Imaging and ECG centre services; village coverage of ECG devices',
      '配备心电设备并接入心电中心的村卫生室数',
      '村卫生室总数',
    ),
  ]),
  ...group('interest', [
    {
      code: 'NCC06',
      nameZh: '基层人均收入/牵头医院人均收入',
      nameEn: 'Per-capita income at primary level / at the lead hospital',
      definition: '基层医疗卫生机构人员年人均收入 / 牵头医院人员年人均收入',
      numerator: '基层医疗卫生机构人员年人均收入',
      denominator: '牵头医院人员年人均收入',
      kind: 'rate',
      unit: '',
      factor: 1,
      direction: 'higher_better',
      source: 'reported',
      part: false,
    },
    share(
      'NCC08',
      '医保基金县域内支出占比(不含药店)',
      'Share of insurance fund spent within the county (excluding pharmacies)',
      '县域内医保基金支出(不含药店)',
      '县域参保人医保基金支出总额(不含药店)',
    ),
    share(
      'NCC09',
      '县域内基层医疗卫生机构医保基金支出占比',
      'Share of in-county insurance fund spent at primary institutions',
      '县域内基层医疗卫生机构医保基金支出',
      '县域内医保基金支出',
    ),
    {
      code: 'NCC10',
      nameZh: '参保人县域内住院人均费用及增长率',
      nameEn: 'In-county inpatient cost per stay of the insured, and its growth',
      definition: '(本期县域内住院人均费用 - 上期) / 上期 × 100%;同时报告本期人均费用(元)',
      numerator: '本期县域内住院人均费用 - 上期县域内住院人均费用',
      denominator: '上期县域内住院人均费用',
      kind: 'rate',
      unit: '%',
      factor: 100,
      direction: 'lower_better',
      source: 'reported',
      part: false,
    },
  ]),
  ...group('service', [
    share(
      'NCC07',
      '县域内基层医疗卫生机构诊疗人次数占比',
      'Share of in-county visits made at primary institutions',
      '县域内基层医疗卫生机构诊疗人次数',
      '县域内医疗卫生机构诊疗人次数',
    ),
    share(
      'NCC11',
      '参保人县域内住院人次占比',
      'Share of the insured’s inpatient stays that are within the county',
      '参保人县域内住院人次数',
      '参保人住院总人次数',
    ),
    share(
      'NCC12',
      '县域内中医类诊疗量占比',
      'Share of in-county visits that are traditional Chinese medicine',
      '县域内中医类诊疗人次数',
      '县域内诊疗总人次数',
    ),
    share(
      'NCC13',
      '县域内慢性病健康管理人群住院率',
      'Hospitalisation rate of people under chronic-disease management',
      '慢性病健康管理人群中住院人数',
      '慢性病健康管理人数',
      'lower_better',
    ),
    share(
      'NCC14',
      '县域内四类慢性病过早死亡率',
      'Premature mortality from four major non-communicable diseases',
      '30-70岁人群因心脑血管疾病、癌症、慢性呼吸系统疾病和糖尿病死亡人数',
      '30-70岁常住人口数',
      'lower_better',
    ),
  ]),
];

const computed = (d: Omit<Def, 'source' | 'part'>): Def => ({
  ...d,
  source: 'computed',
  part: d.kind === 'rate' && d.unit === '%',
});

/** Figures Yilian computes from its own records; the services that compute them key on the code. */
export const COMPUTED_INDICATORS: IndicatorDefinition[] = group('consortium_operations', [
  computed({
    code: 'YL_REF_UP',
    nameZh: '上转患者人次数',
    nameEn: 'Patients referred up',
    definition: '统计期内发起并被接收的上转人次数',
    numerator: '被接收的上转人次数',
    denominator: null,
    kind: 'count',
    unit: '人次',
    factor: 1,
    direction: 'higher_better',
  }),
  computed({
    code: 'YL_REF_DOWN',
    nameZh: '下转患者人次数',
    nameEn: 'Patients referred down',
    definition: '统计期内下转并被基层接收的人次数(国家三级公立医院绩效考核指标)',
    numerator: '被接收的下转人次数',
    denominator: null,
    kind: 'count',
    unit: '人次',
    factor: 1,
    direction: 'higher_better',
  }),
  computed({
    code: 'YL_REF_ACCEPT_HOURS',
    nameZh: '转诊平均受理时长',
    nameEn: 'Average time to accept a referral',
    definition: '被接收转诊从提交到接收的平均小时数',
    numerator: '提交至接收的小时数之和',
    denominator: '被接收的转诊数',
    kind: 'rate',
    unit: '小时',
    factor: 1,
    direction: 'lower_better',
  }),
  computed({
    code: 'YL_GREEN_ON_TIME',
    nameZh: '绿色通道按时受理率',
    nameEn: 'Green-channel referrals accepted in time',
    definition: '在时限内被接收的绿色通道转诊数 / 绿色通道转诊数 × 100%',
    numerator: '时限内接收的绿色通道转诊数',
    denominator: '绿色通道转诊数',
    kind: 'rate',
    unit: '%',
    factor: 100,
    direction: 'higher_better',
  }),
  computed({
    code: 'YL_STATIONED_PHYSICIANS',
    nameZh: '中级及以上职称医师长期派驻人数',
    nameEn: 'Mid-level or higher physicians stationed six months or more',
    definition: '年内在派驻点累计派驻满6个月（年度内不少于180天，每月按30天折算）的中级及以上职称医师人数',
    numerator: '长期派驻的中级及以上职称医师人数',
    denominator: null,
    kind: 'count',
    unit: '人',
    factor: 1,
    direction: 'higher_better',
  }),
  computed({
    code: 'YL_TRAINEE_RETURN',
    nameZh: '进修人员返岗独立开展工作比例',
    nameEn: 'Returned trainees working independently',
    definition: '统计期内返岗后独立开展所学技术的进修人员数 / 统计期内返岗的进修人员数 × 100%',
    numerator: '返岗独立开展工作的进修人员数',
    denominator: '返岗进修人员数',
    kind: 'rate',
    unit: '%',
    factor: 100,
    direction: 'higher_better',
  }),
  computed({
    code: 'YL_LEDGER_CLOSURE',
    nameZh: '问题清单销号率',
    nameEn: 'Problem ledger closure rate',
    definition: '统计期内提出并已销号的问题数 / 统计期内提出的问题数 × 100%(按责任部门所属单位)',
    numerator: '已销号问题数',
    denominator: '台账问题总数',
    kind: 'rate',
    unit: '%',
    factor: 100,
    direction: 'higher_better',
  }),
]);

export const SEED_INDICATORS: IndicatorDefinition[] = [...NATIONAL_COUNTY_INDICATORS, ...COMPUTED_INDICATORS];

/** The value of a rate indicator, or null when the denominator is zero or missing. */
export function indicatorValue(
  def: Pick<IndicatorDefinition, 'kind' | 'factor'>,
  numerator: number | null,
  denominator: number | null,
): number | null {
  if (numerator === null) return null;
  if (def.kind !== 'rate') return numerator;
  if (!denominator) return null;
  return (numerator / denominator) * def.factor;
}
