// Two-way referral (双向转诊): directions, urgencies, states aligned with FHIR Task.status.

export const REFERRAL_DIRECTIONS = ['up', 'down', 'lateral'] as const; // 上转 / 下转 / 平转
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];

export const URGENCIES = ['routine', 'urgent', 'green_channel'] as const; // 普通 / 加急 / 绿色通道
export type Urgency = (typeof URGENCIES)[number];

/** The five green channels of Chinese emergency care (五大中心). */
export const GREEN_CHANNEL_CATEGORIES = [
  'chest_pain', // 胸痛
  'stroke', // 卒中
  'trauma', // 创伤
  'critical_maternal', // 危重孕产妇
  'critical_neonatal', // 危重新生儿
] as const;
export type GreenChannelCategory = (typeof GREEN_CHANNEL_CATEGORIES)[number];

/**
 * The ICD-10 edition of a diagnosis code: WHO's (I21.9), or China's national clinical edition 2.0
 * (国家临床版 2.0, I21.000x001), whose codes extend WHO's with three digits and an x-extension.
 */
export const ICD10_EDITIONS = ['who', 'cn_clinical_2'] as const;
export type Icd10Edition = (typeof ICD10_EDITIONS)[number];

/** How the receiver settled an identity that came in different from the registered one. */
export const DISCREPANCY_RESOLUTIONS = [
  'confirmed', // the values sent are right: the register is to be corrected (by the audited edit)
  'rejected', // the values sent are wrong: the registered identity stands
] as const;
export type DiscrepancyResolution = (typeof DISCREPANCY_RESOLUTIONS)[number];

/**
 * Referral states. Each is a FHIR Task.status except `booked`, which FHIR calls `ready`
 * (the receiver has set a slot or bed and waits for the patient).
 */
export const REFERRAL_STATES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'booked',
  'in_progress',
  'completed',
  'cancelled',
  'failed',
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const FHIR_TASK_STATUS: Record<ReferralState, string> = {
  draft: 'draft',
  requested: 'requested',
  received: 'received',
  accepted: 'accepted',
  rejected: 'rejected',
  booked: 'ready',
  in_progress: 'in-progress',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

export const REFERRAL_ACTIONS = [
  'submit',
  'receive',
  'accept',
  'reject',
  'book',
  'arrive',
  'complete',
  'cancel',
  'fail',
] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export const ID_DOCUMENT_TYPES = [
  'resident_id', // 居民身份证
  'passport', // 护照
  'hk_macau_permit', // 港澳居民来往内地通行证
  'taiwan_permit', // 台湾居民来往大陆通行证
  'foreign_permanent', // 外国人永久居留身份证
  'other',
] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

export const CAPACITY_KINDS = ['clinic', 'bed'] as const; // 预留号源 / 预留床位
export type CapacityKind = (typeof CAPACITY_KINDS)[number];
