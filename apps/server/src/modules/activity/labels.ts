import type { ActivityKind, EnrolmentState, Lang, TrainingKind } from '@yilian/domain';

// Display names for the xlsx exports of the activity log, training and figures. The web app has
// the same words in its personnel i18n files; the shared enum labels stay with the registry.
const ACTIVITY: Record<ActivityKind, [string, string]> = {
  clinic: ['坐诊（接诊人次）', 'Clinic (patients)'],
  ward_round: ['查房（患者数）', 'Ward round (patients)'],
  lecture: ['学术讲座（听众）', 'Lecture (attendees)'],
  surgery_demo: ['手术示范（台次）', 'Surgery demonstration (operations)'],
  case_discussion: ['疑难病例讨论（例）', 'Difficult-case discussion (cases)'],
  teaching: ['教学带教（人次）', 'Teaching (trainees)'],
};
const TRAINING: Record<TrainingKind, [string, string]> = {
  further_study: ['进修', 'Further study'],
  course: ['培训班', 'Course'],
  management_rotation: ['管理层轮训', 'Management rotation'],
};
const ENROLMENT: Record<EnrolmentState, [string, string]> = {
  applied: ['已报名', 'Applied'],
  accepted: ['已录取', 'Accepted'],
  rejected: ['未录取', 'Rejected'],
  in_training: ['培训中', 'In training'],
  completed: ['已结业', 'Completed'],
  withdrawn: ['已退出', 'Withdrawn'],
  returned_to_post: ['已返岗', 'Returned to post'],
};

const pick = (pair: [string, string] | undefined, l: Lang, fallback: string) =>
  pair ? pair[l === 'en' ? 1 : 0] : fallback;

export const activityKindLabel = (l: Lang, k: ActivityKind) => pick(ACTIVITY[k], l, k);
export const trainingKindLabel = (l: Lang, k: TrainingKind) => pick(TRAINING[k], l, k);
export const enrolmentStateLabel = (l: Lang, k: EnrolmentState) => pick(ENROLMENT[k], l, k);
/** Chinese or English header, by the export's language. */
export const tr = (l: Lang, zh: string, en: string) => (l === 'en' ? en : zh);
