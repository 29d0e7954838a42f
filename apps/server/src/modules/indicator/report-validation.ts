import { indicatorValue, type IndicatorDefinition, type ReportValueInput } from '@yilian/domain';

// The checks a member's entry must pass before it is saved or submitted. Pure, so the rules are
// tested at their edges without a database; the service turns the issues into a 400 problem.

export interface EntryIssue {
  field: string;
  message: string;
}

type Def = Pick<IndicatorDefinition, 'code' | 'kind' | 'factor' | 'part' | 'nameZh'>;

/** How much a value may move from the last approved period before a note must explain it. */
export const CHANGE_NEEDS_NOTE = 0.5;

/** The issues of one entry; `previous` is the last approved value of the same indicator. */
export function entryIssues(
  def: Def,
  v: ReportValueInput,
  at: string,
  previous: number | null,
): EntryIssue[] {
  const issues: EntryIssue[] = [];
  const num = v.numerator;
  const den = v.denominator ?? null;
  const field = (f: string) => `${at}.${f}`;
  if (def.kind !== 'rate' && den !== null) {
    issues.push({ field: field('denominator'), message: 'this indicator has no denominator' });
  }
  if (def.kind === 'policy' && num !== null && ![0, 1, 2].includes(num)) {
    issues.push({
      field: field('numerator'),
      message: 'must be 2 (issued and carried out), 1 (issued) or 0 (none)',
    });
  }
  // Only a difference (a growth rate that is not a share) can be negative.
  const mayBeNegative = def.kind === 'rate' && !def.part;
  if (num !== null && num < 0 && !mayBeNegative) {
    issues.push({ field: field('numerator'), message: 'must not be negative' });
  }
  if (def.kind === 'rate' && num !== null) {
    if (den === null) issues.push({ field: field('denominator'), message: 'required with a numerator' });
    else if (den <= 0) issues.push({ field: field('denominator'), message: 'must be greater than 0' });
    else if (def.part && num > den) {
      issues.push({ field: field('numerator'), message: 'must not exceed the denominator' });
    }
  }
  if (issues.length === 0 && num !== null && previous !== null && previous !== 0 && !v.note) {
    const value = indicatorValue(def, num, den);
    if (value !== null && Math.abs(value - previous) / Math.abs(previous) > CHANGE_NEEDS_NOTE + 1e-9) {
      issues.push({
        field: field('note'),
        message: `changed by more than ${CHANGE_NEEDS_NOTE * 100}% from the last approved value (${round(previous)}): explain in a note`,
      });
    }
  }
  return issues;
}

/** What keeps a form from being submitted: every indicator filled, or a note saying why not. */
export function submitIssues(defs: Def[], values: Map<string, ReportValueInput>): EntryIssue[] {
  const issues: EntryIssue[] = [];
  defs.forEach((def) => {
    const v = values.get(def.code);
    if (v?.numerator !== null && v?.numerator !== undefined) return;
    if (v?.note) return;
    issues.push({
      field: `values.${def.code}`,
      message: `${def.nameZh}: fill in a value or a note saying why it is missing`,
    });
  });
  return issues;
}

const round = (n: number) => Math.round(n * 100) / 100;
