import {
  indicatorValue,
  roundMarks,
  score,
  type AssessmentResults,
  type Indicator,
  type MemberResult,
  type SchemeItemInput,
} from '@yilian/domain';
import type { Services } from '../../context.js';
import { COMPUTERS, type Fraction } from './computed.js';

// Scores every member of a consortium against a scheme for its year. Reported figures come from
// approved forms only; a member that reported by quarter is read by quarter (months would count
// the same visits twice). Rates pool numerators and denominators over the year.

type ValueTable = Map<string, Map<string, number | null>>; // code -> institution -> value

async function reportedValues(
  s: Services,
  consortiumId: string,
  year: number,
  defs: Indicator[],
): Promise<ValueTable> {
  const rows = await s.db
    .selectFrom('reportValues as rv')
    .innerJoin('reportForms as rf', 'rf.id', 'rv.formId')
    .select(['rf.institutionId', 'rf.period', 'rv.code', 'rv.numerator', 'rv.denominator'])
    .where('rf.consortiumId', '=', consortiumId)
    .where('rf.state', '=', 'approved')
    .where('rf.period', 'like', `${year}-%`)
    .where('rv.numerator', 'is not', null)
    .orderBy('rf.period')
    .execute();
  const byQuarter = new Set(rows.filter((r) => r.period.includes('Q')).map((r) => r.institutionId));
  const pooled = new Map<string, Map<string, { num: number; den: number; last: number }>>();
  for (const r of rows) {
    if (byQuarter.has(r.institutionId) !== r.period.includes('Q')) continue;
    const perCode = pooled.get(r.code) ?? new Map();
    pooled.set(r.code, perCode);
    const acc = perCode.get(r.institutionId) ?? { num: 0, den: 0, last: 0 };
    acc.num += r.numerator!;
    acc.den += r.denominator ?? 0;
    acc.last = r.numerator!; // rows come in period order: the latest policy state wins
    perCode.set(r.institutionId, acc);
  }
  const table: ValueTable = new Map();
  for (const def of defs) {
    const perCode = pooled.get(def.code);
    if (!perCode) continue;
    const values = new Map<string, number | null>();
    for (const [inst, acc] of perCode) {
      values.set(inst, def.kind === 'policy' ? acc.last : indicatorValue(def, acc.num, acc.den || null));
    }
    table.set(def.code, values);
  }
  return table;
}

async function computedValues(
  s: Services,
  consortiumId: string,
  year: number,
  defs: Indicator[],
): Promise<ValueTable> {
  const table: ValueTable = new Map();
  const from = `${year}-01-01T00:00:00+08:00`;
  const to = `${year + 1}-01-01T00:00:00+08:00`;
  for (const def of defs) {
    const computer = COMPUTERS[def.code];
    if (!computer) continue;
    const fractions: Map<string, Fraction> = await computer(s, consortiumId, from, to);
    table.set(
      def.code,
      new Map([...fractions].map(([inst, f]) => [inst, indicatorValue(def, f.numerator, f.denominator)])),
    );
  }
  return table;
}

/** Standard competition ranking (1, 2, 2, 4) on totals as printed (two decimals). */
export function rankMembers<T extends { total: number }>(members: T[]): (T & { rank: number })[] {
  const sorted = [...members].sort((a, b) => b.total - a.total);
  let rank = 0;
  return sorted.map((m, i) => {
    if (i === 0 || roundMarks(m.total) !== roundMarks(sorted[i - 1]!.total)) rank = i + 1;
    return { ...m, rank };
  });
}

export async function computeResults(
  s: Services,
  scheme: { id: string; consortiumId: string; year: number; items: SchemeItemInput[] },
  defs: Indicator[],
): Promise<AssessmentResults> {
  const used = defs.filter((d) => scheme.items.some((i) => i.code === d.code));
  const members = await s.db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .select(['m.institutionId', 'i.name'])
    .where('m.consortiumId', '=', scheme.consortiumId)
    .where('m.joinedOn', '<=', `${scheme.year}-12-31`)
    .where((eb) => eb.or([eb('m.leftOn', 'is', null), eb('m.leftOn', '>=', `${scheme.year}-01-01`)]))
    .orderBy('i.name')
    .execute();
  const [reported, computed] = await Promise.all([
    reportedValues(
      s,
      scheme.consortiumId,
      scheme.year,
      used.filter((d) => d.source === 'reported'),
    ),
    computedValues(
      s,
      scheme.consortiumId,
      scheme.year,
      used.filter((d) => d.source === 'computed'),
    ),
  ]);
  const unranked: Omit<MemberResult, 'rank'>[] = members.map((m) => {
    const lines = scheme.items.map((item) => {
      const def = used.find((d) => d.code === item.code)!;
      const table = def.source === 'reported' ? reported : computed;
      // A computed count with no records in the year is a true zero, not a missing report.
      const fallback = def.source === 'computed' && def.kind === 'count' && COMPUTERS[def.code] ? 0 : null;
      const value = table.get(item.code)?.get(m.institutionId) ?? fallback;
      const marks = roundMarks(
        score(
          { ...item, direction: def.direction, target: item.target ?? null, floor: item.floor ?? null },
          value,
        ),
      );
      return { code: item.code, value, marks, weight: item.weight };
    });
    const total = roundMarks(lines.reduce((sum, l) => sum + l.marks, 0));
    return { institutionId: m.institutionId, institutionName: m.name, total, lines };
  });
  return {
    schemeId: scheme.id,
    basis: 'live',
    computedAt: s.now().toISOString(),
    members: rankMembers(unranked),
  };
}
