// Enumerations shared by server and web. Values are stable English keys stored in the
// database; display names live in the web app's i18n files (zh-CN first).

export const CONSORTIUM_KINDS = [
  'urban_group', // 城市医疗集团
  'county_community', // 县域医共体
  'specialty_alliance', // 专科联盟
  'telemedicine_network', // 远程医疗协作网
  'regional_center', // 国家区域医疗中心 (parent and branch hospitals)
  'paired_assistance', // 对口帮扶 / 山海结对
] as const;
export type ConsortiumKind = (typeof CONSORTIUM_KINDS)[number];

export const INSTITUTION_KINDS = [
  'general_hospital', // 综合医院
  'tcm_hospital', // 中医医院
  'integrated_hospital', // 中西医结合医院
  'specialty_hospital', // 专科医院
  'maternal_child', // 妇幼保健院
  'central_health_center', // 中心卫生院
  'township_health_center', // 乡镇卫生院
  'community_health_center', // 社区卫生服务中心
  'village_clinic', // 村卫生室
  'other',
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** 医院等级: 一级/二级/三级, and 未定级 for primary institutions that are not graded. */
export const INSTITUTION_LEVELS = ['level1', 'level2', 'level3', 'unrated'] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

/** 甲/乙/丙 within a level. */
export const INSTITUTION_GRADES = ['a', 'b', 'c', 'none'] as const;
export type InstitutionGrade = (typeof INSTITUTION_GRADES)[number];

export const MEMBER_ROLES = [
  'lead', // 牵头/龙头单位
  'backbone', // 骨干单位
  'member', // 成员单位
  'branch', // 分院 (branch hospital of a regional centre or assisted hospital)
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A consortium asks; the institution answers. Only an accepted invitation makes a membership. */
export const MEMBERSHIP_INVITATION_STATES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type MembershipInvitationState = (typeof MEMBERSHIP_INVITATION_STATES)[number];

export const DEPARTMENT_KINDS = [
  'clinical', // 临床科室
  'functional', // 职能处室
  'medical_technical', // 医技科室
  'nursing', // 护理单元
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** 职称 (professional titles) of physicians, nurses, technicians and administrators. */
export const STAFF_TITLES = [
  'chief_physician', // 主任医师
  'associate_chief_physician', // 副主任医师
  'attending_physician', // 主治医师
  'resident_physician', // 住院医师
  'chief_nurse', // 主任护师
  'associate_chief_nurse', // 副主任护师
  'nurse_in_charge', // 主管护师
  'senior_nurse', // 护师
  'chief_technician', // 主任技师
  'associate_chief_technician', // 副主任技师
  'technician_in_charge', // 主管技师
  'researcher', // 研究员
  'administrator', // 管理人员
  'other',
] as const;
export type StaffTitle = (typeof STAFF_TITLES)[number];

/** Titles that count as 中级及以上 (mid-level or higher) in national indicators. */
export const MID_LEVEL_OR_HIGHER_TITLES: readonly StaffTitle[] = [
  'chief_physician',
  'associate_chief_physician',
  'attending_physician',
  'chief_nurse',
  'associate_chief_nurse',
  'nurse_in_charge',
  'chief_technician',
  'associate_chief_technician',
  'technician_in_charge',
  'researcher',
];
