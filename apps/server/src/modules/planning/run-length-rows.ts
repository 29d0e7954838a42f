import type { PlanExpert } from '@yilian/domain';
import type { Row } from './build-model.js';
import type { InstanceIndex } from './instance-index.js';

// Valid inequalities for the continuity bonus. A stay of L consecutive periods at one site earns
// L − 1 continuities, and no stay can be longer than the periods an expert may be away (`most`).
// So over a chain of consecutive periods where the expert could be at site s,
//     #stays = Σ y  <=  Σ z − #runs  <=  Σ z − Σ z / L,   L = min(most, chain length),
// i.e. L·Σ y − (L − 1)·Σ z <= 0, with z the expert's presence at s (the sum of its pairs there).
// The plain rows y <= z only see two periods at a time, so the LP relaxation spreads an expert
// thinly over a chain longer than it may stay; these rows cut that off. They pay off when diving
// on the LP (dive.ts), not in HiGHS' branch and bound, which they slow down.

export function runLengthRows(
  ix: InstanceIndex,
  e: PlanExpert,
  /** "site\0period" -> the expert's pair columns there */
  perSitePeriod: Map<string, number[]>,
  /** "expert\0site\0period" -> the y column from that period to the next */
  yOf: Map<string, number>,
): Row[] {
  const minWeeks = Math.min(...ix.instance.periods.map((p) => p.weeks));
  const most = Math.floor(e.maxWeeksAway / minWeeks + 1e-9);
  const bySite = new Map<string, number[]>();
  for (const key of perSitePeriod.keys()) {
    const [site, p] = key.split('\u0000');
    bySite.set(site, [...(bySite.get(site) ?? []), Number(p)]);
  }
  const rows: Row[] = [];
  for (const [site, ps] of bySite) {
    ps.sort((a, b) => a - b);
    let from = 0;
    for (let i = 1; i <= ps.length; i++) {
      if (i < ps.length && ps[i] === ps[i - 1] + 1) continue;
      const chain = ps.slice(from, i);
      from = i;
      const L = Math.min(most, chain.length);
      // When the whole chain fits in one stay, y <= z already says all there is.
      if (chain.length < 2 || L >= chain.length || L < 1) continue;
      const ys = chain.slice(0, -1).map((p) => yOf.get(`${e.id}\u0000${site}\u0000${p}`)!);
      const zs = chain.flatMap((p) => perSitePeriod.get(`${site}\u0000${p}`)!);
      rows.push({ cols: [...ys, ...zs], vals: [...ys.map(() => L), ...zs.map(() => -(L - 1))], upper: 0 });
    }
  }
  return rows;
}
