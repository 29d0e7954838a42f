// Shared resources (医疗资源共享) and remote consultation (远程会诊).

export const RESOURCE_TYPES = [
  'ct', // CT
  'mri', // 磁共振
  'dsa', // DSA
  'ultrasound', // 超声
  'xray', // DR/X线
  'endoscopy', // 内镜
  'imaging_center', // 影像中心
  'lab_center', // 检验中心
  'ecg_center', // 心电中心
  'pathology_center', // 病理中心
  'sterile_supply_center', // 消毒供应中心
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const BOOKING_STATES = ['requested', 'confirmed', 'completed', 'no_show', 'cancelled'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];
export const BOOKING_ACTIONS = ['confirm', 'reschedule', 'complete', 'no_show', 'cancel'] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

export const CONSULTATION_KINDS = [
  'consultation', // 远程会诊
  'imaging_reading', // 远程影像诊断
  'ecg_reading', // 远程心电诊断
] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export const CONSULTATION_STATES = [
  'requested',
  'accepted',
  'scheduled',
  'reported',
  'completed',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type ConsultationState = (typeof CONSULTATION_STATES)[number];
export const CONSULTATION_ACTIONS = [
  'accept',
  'reject',
  'schedule',
  'report',
  'sign',
  'cancel',
  'fail',
] as const;
export type ConsultationAction = (typeof CONSULTATION_ACTIONS)[number];

/** Why an exam the patient already had elsewhere is done again (检查检验结果互认). */
export const REPEAT_REASONS = [
  'condition_changed', // 病情变化
  'result_unclear', // 原结果不清晰或不完整
  'emergency', // 急诊抢救需要
  'patient_request', // 患者要求
  'other',
] as const;
export type RepeatReason = (typeof REPEAT_REASONS)[number];
