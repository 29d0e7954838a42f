import type { ReportAction, ReportState } from '@yilian/domain';
import { AppError } from '../../errors.js';

// The one table of a reported form's transitions. The member institution (`reporter`) fills and
// submits; the consortium office (`reviewer`) approves or returns it with comments. Approved
// data is locked: nothing edits or moves it again.
export type ReportSide = 'reporter' | 'reviewer';

export const REPORT_TRANSITIONS: Record<
  ReportAction,
  { from: readonly ReportState[]; to: ReportState; side: ReportSide }
> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', side: 'reporter' },
  approve: { from: ['submitted'], to: 'approved', side: 'reviewer' },
  return: { from: ['submitted'], to: 'returned', side: 'reviewer' },
};

/** Values may be entered or imported only while the form is with the member. */
export const EDITABLE: readonly ReportState[] = ['draft', 'returned'];

export function reportTransition(action: ReportAction, current: ReportState) {
  const t = REPORT_TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new AppError('conflict', `Cannot ${action} a form that is ${current}`, [
      { field: 'state', message: `is ${current}` },
    ]);
  }
  return t;
}

export function assertEditable(current: ReportState) {
  if (!EDITABLE.includes(current)) {
    const why = current === 'approved' ? 'approved data is locked' : 'the form is with the reviewer';
    throw new AppError('conflict', `Cannot change a form that is ${current}: ${why}`, [
      { field: 'state', message: `is ${current}` },
    ]);
  }
}

export function allowedReportActions(current: ReportState, sides: ReadonlySet<ReportSide>): ReportAction[] {
  return (Object.keys(REPORT_TRANSITIONS) as ReportAction[]).filter((a) => {
    const t = REPORT_TRANSITIONS[a];
    return t.from.includes(current) && sides.has(t.side);
  });
}
