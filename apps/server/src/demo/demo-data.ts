import type {
  ConsortiumKind,
  DepartmentKind,
  InstitutionGrade,
  InstitutionKind,
  InstitutionLevel,
  MemberRole,
} from '@yilian/domain';

// The four consortia of the reports in shared/seeds, with their real institution names and
// structure. Grades, dates beyond those the reports give, departments and all people are invented.

export interface DemoInstitution {
  code: string;
  name: string;
  shortName?: string;
  kind: InstitutionKind;
  level: InstitutionLevel;
  grade: InstitutionGrade;
  regionCode: string;
  role: MemberRole;
  joinedOn: string;
  size: 'large' | 'medium' | 'small';
}

export interface DemoConsortium {
  code: string;
  name: string;
  kind: ConsortiumKind;
  regionCode: string;
  establishedOn: string;
  description: string;
  institutions: DemoInstitution[];
  agreements: {
    title: string;
    parties: (string | { name: string })[];
    signedOn: string;
    expiresOn?: string;
    summary: string;
  }[];
}

export const DEMO_CONSORTIA: DemoConsortium[] = [
  {
    code: 'XIYUAN-NRMC',
    name: '中国中医科学院西苑医院国家区域医疗中心',
    kind: 'regional_center',
    regionCode: '110108',
    establishedOn: '2021-06-01',
    description:
      '西苑医院作为输出医院，在山西太原、江苏苏州、山东济宁建设国家区域医疗中心；专家组分批入驻，推进“三平移”与同质化发展。',
    institutions: [
      {
        code: 'XY-BJ',
        name: '中国中医科学院西苑医院',
        shortName: '西苑医院',
        kind: 'tcm_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '110108',
        role: 'lead',
        joinedOn: '2021-06-01',
        size: 'large',
      },
      {
        code: 'XY-SX',
        name: '西苑医院山西医院',
        kind: 'tcm_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '140105',
        role: 'branch',
        joinedOn: '2021-06-01',
        size: 'medium',
      },
      {
        code: 'XY-SZ',
        name: '西苑医院苏州医院',
        kind: 'tcm_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '320508',
        role: 'branch',
        joinedOn: '2022-03-01',
        size: 'medium',
      },
      {
        code: 'SZ-TCM',
        name: '苏州市中医医院',
        kind: 'tcm_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '320508',
        role: 'member',
        joinedOn: '2022-03-01',
        size: 'medium',
      },
      {
        code: 'XY-JN',
        name: '西苑医院济宁医院',
        kind: 'tcm_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '370811',
        role: 'branch',
        joinedOn: '2022-09-01',
        size: 'medium',
      },
    ],
    agreements: [
      {
        title: '国家区域医疗中心（山西）建设合作协议',
        parties: ['XY-BJ', 'XY-SX'],
        signedOn: '2021-05-20',
        expiresOn: '2031-05-19',
        summary: '西苑医院对山西医院实行同质化管理，派驻管理团队与专家组，共建中西医结合现代康复中心。',
      },
      {
        title: '国家区域医疗中心（苏州）建设合作协议',
        parties: ['XY-BJ', 'XY-SZ', 'SZ-TCM'],
        signedOn: '2022-02-18',
        expiresOn: '2032-02-17',
        summary: '依托苏州市中医医院建设西苑医院苏州医院。',
      },
      {
        title: '国家区域医疗中心（济宁）建设合作协议',
        parties: ['XY-BJ', 'XY-JN'],
        signedOn: '2022-08-26',
        expiresOn: '2032-08-25',
        summary: '西苑医院济宁医院建设与学科共建。',
      },
    ],
  },
  {
    code: 'HAIMEN-TCM',
    name: '海门市中医院医联体',
    kind: 'county_community',
    regionCode: '320614',
    establishedOn: '2018-02-20',
    description:
      '以海门市中医院为龙头，第二、第三人民医院为骨干，中心卫生院和乡镇卫生院为成员；基层首诊、双向转诊、急慢分治、上下联动。',
    institutions: [
      {
        code: 'HM-TCM',
        name: '海门市中医院',
        kind: 'tcm_hospital',
        level: 'level3',
        grade: 'b',
        regionCode: '320614',
        role: 'lead',
        joinedOn: '2018-02-20',
        size: 'large',
      },
      {
        code: 'HM-PH2',
        name: '海门市第二人民医院',
        kind: 'general_hospital',
        level: 'level2',
        grade: 'a',
        regionCode: '320614',
        role: 'backbone',
        joinedOn: '2018-02-20',
        size: 'medium',
      },
      {
        code: 'HM-PH3',
        name: '海门市第三人民医院',
        kind: 'general_hospital',
        level: 'level2',
        grade: 'b',
        regionCode: '320614',
        role: 'backbone',
        joinedOn: '2018-02-20',
        size: 'medium',
      },
      {
        code: 'HM-SC',
        name: '海门市三厂中心卫生院',
        kind: 'central_health_center',
        level: 'level1',
        grade: 'a',
        regionCode: '320614',
        role: 'member',
        joinedOn: '2018-02-20',
        size: 'small',
      },
      {
        code: 'HM-CL',
        name: '海门市常乐镇卫生院',
        kind: 'township_health_center',
        level: 'level1',
        grade: 'none',
        regionCode: '320614',
        role: 'member',
        joinedOn: '2018-02-20',
        size: 'small',
      },
      {
        code: 'HM-YL',
        name: '海门市悦来镇卫生院',
        kind: 'township_health_center',
        level: 'level1',
        grade: 'none',
        regionCode: '320614',
        role: 'member',
        joinedOn: '2018-03-15',
        size: 'small',
      },
      {
        code: 'HM-ZY',
        name: '海门市正余镇卫生院',
        kind: 'township_health_center',
        level: 'level1',
        grade: 'none',
        regionCode: '320614',
        role: 'member',
        joinedOn: '2018-03-15',
        size: 'small',
      },
    ],
    agreements: [
      {
        title: '海门市中医院医联体合作协议',
        parties: ['HM-TCM', 'HM-PH2', 'HM-PH3', 'HM-SC', 'HM-CL', 'HM-YL', 'HM-ZY'],
        signedOn: '2018-02-20',
        expiresOn: '2028-02-19',
        summary: '全方位资源设备共享、医疗专家人才共享；下派专家相对固定；管理层轮训。',
      },
    ],
  },
  {
    code: 'SWMU-XUYONG',
    name: '西南医科大学附属医院医疗集团（叙永）',
    kind: 'urban_group',
    regionCode: '510502',
    establishedOn: '2012-01-25',
    description:
      '紧密型医联体：人员双向流动、病人双向转诊、医疗资源共享；专家坐诊、查房、学术讲座、手术示范、疑难病例讨论；绿色通道。',
    institutions: [
      {
        code: 'SWMU-AH',
        name: '西南医科大学附属医院',
        shortName: '西南医大附院',
        kind: 'general_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '510502',
        role: 'lead',
        joinedOn: '2012-01-25',
        size: 'large',
      },
      {
        code: 'XY-PH',
        name: '叙永县人民医院',
        shortName: '西南医科大学附属医院医疗集团叙永医院',
        kind: 'general_hospital',
        level: 'level2',
        grade: 'a',
        regionCode: '510524',
        role: 'member',
        joinedOn: '2012-01-25',
        size: 'medium',
      },
    ],
    agreements: [
      {
        title: '医疗联合体合作框架协议',
        parties: ['SWMU-AH', { name: '叙永县人民政府' }, 'XY-PH'],
        signedOn: '2022-01-25',
        expiresOn: '2032-01-24',
        summary:
          '十年合作；挂职副院长；免费培训与进修；绿色通道与双向转诊；助力叙永县人民医院创建三级甲等医院。',
      },
    ],
  },
  {
    code: 'WMU2-QINGTIAN',
    name: '温医大附二院—青田县人民医院山海提升工程',
    kind: 'paired_assistance',
    regionCode: '331121',
    establishedOn: '2021-03-01',
    description: '山海提升工程结对帮扶：下沉专家、科室运营调研、以创建三乙医院为目标，“输血”与“造血”并重。',
    institutions: [
      {
        code: 'WMU-2AH',
        name: '温州医科大学附属第二医院',
        shortName: '温医大附二院',
        kind: 'general_hospital',
        level: 'level3',
        grade: 'a',
        regionCode: '330302',
        role: 'lead',
        joinedOn: '2021-03-01',
        size: 'large',
      },
      {
        code: 'QT-PH',
        name: '青田县人民医院',
        kind: 'general_hospital',
        level: 'level2',
        grade: 'a',
        regionCode: '331121',
        role: 'branch',
        joinedOn: '2021-03-01',
        size: 'medium',
      },
    ],
    agreements: [
      {
        title: '山海提升工程结对帮扶协议',
        parties: ['WMU-2AH', 'QT-PH'],
        signedOn: '2021-02-26',
        expiresOn: '2026-02-25',
        summary: '学科共建、管理帮扶、专家下沉；目标：创建三级乙等医院，落实“3342X”能力提升。',
      },
    ],
  },
];

export const DEPARTMENTS: Record<
  DemoInstitution['size'],
  { name: string; kind: DepartmentKind; specialty?: string }[]
> = {
  large: [
    { name: '心血管内科', kind: 'clinical', specialty: '心血管病' },
    { name: '神经内科', kind: 'clinical', specialty: '脑血管病' },
    { name: '呼吸与危重症医学科', kind: 'clinical', specialty: '呼吸病' },
    { name: '普通外科', kind: 'clinical', specialty: '普外' },
    { name: '骨科', kind: 'clinical', specialty: '骨伤' },
    { name: '康复医学科', kind: 'clinical', specialty: '康复' },
    { name: '急诊科', kind: 'clinical', specialty: '急诊' },
    { name: '医学影像科', kind: 'medical_technical', specialty: '影像' },
    { name: '检验科', kind: 'medical_technical', specialty: '检验' },
    { name: '医务处', kind: 'functional' },
    { name: '质量控制办公室', kind: 'functional' },
    { name: '护理部', kind: 'nursing' },
  ],
  medium: [
    { name: '内科', kind: 'clinical', specialty: '内科' },
    { name: '外科', kind: 'clinical', specialty: '外科' },
    { name: '儿科', kind: 'clinical', specialty: '儿科' },
    { name: '康复医学科', kind: 'clinical', specialty: '康复' },
    { name: '急诊科', kind: 'clinical', specialty: '急诊' },
    { name: '医学影像科', kind: 'medical_technical', specialty: '影像' },
    { name: '医务科', kind: 'functional' },
    { name: '护理部', kind: 'nursing' },
  ],
  small: [
    { name: '全科医疗科', kind: 'clinical', specialty: '全科' },
    { name: '中医科', kind: 'clinical', specialty: '中医' },
    { name: '公共卫生科', kind: 'functional' },
    { name: '护理组', kind: 'nursing' },
  ],
};

// Invented names: common surnames and given names combined by a fixed sequence.
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN = [
  '晓明',
  '建华',
  '海燕',
  '志强',
  '丽娟',
  '文博',
  '雪梅',
  '国庆',
  '秀英',
  '宇航',
  '静怡',
  '振东',
  '慧敏',
  '立新',
  '春燕',
  '俊杰',
  '晨曦',
  '玉兰',
  '子涵',
  '梓萱',
  '浩然',
  '思远',
  '雨桐',
  '家豪',
  '欣怡',
  '明轩',
  '若溪',
  '嘉懿',
  '承泽',
  '佳琪',
];
