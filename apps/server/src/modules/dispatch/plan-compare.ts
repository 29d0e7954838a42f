import type { PlanChange, PlanComparison } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { conflict } from '../../errors.js';
import { version } from './plan-solve.js';

// Two versions side by side: who was added, removed or moved to another site in a period, with
// each version's objective and coverage.

export async function compare(
  s: Services,
  p: Principal,
  planId: string,
  a: number,
  b: number,
): Promise<PlanComparison> {
  const [va, vb] = await Promise.all([version(s, p, planId, a), version(s, p, planId, b)]);
  if (!va.result || !vb.result) throw conflict('both versions must have finished solving');
  const names = new Map<string, string>();
  const sites = new Map<string, string>();
  for (const v of [va, vb]) {
    for (const e of v.input.experts) names.set(e.id, e.name);
    for (const x of v.input.sites) sites.set(x.id, x.name);
  }
  const key = (x: { expertId: string; periodIndex: number }) => `${x.expertId}|${x.periodIndex}`;
  const before = new Map(va.result.assignments.map((x) => [key(x), x]));
  const after = new Map(vb.result.assignments.map((x) => [key(x), x]));
  const changes: PlanChange[] = [];
  let unchanged = 0;
  const site = (id: string | undefined) => (id ? (sites.get(id) ?? id) : null);
  for (const [k, x] of after) {
    const was = before.get(k);
    if (!was)
      changes.push({
        kind: 'added',
        expertId: x.expertId,
        expertName: names.get(x.expertId) ?? x.expertId,
        periodIndex: x.periodIndex,
        fromSiteName: null,
        toSiteName: site(x.siteId),
      });
    else if (was.demandId !== x.demandId)
      changes.push({
        kind: 'moved',
        expertId: x.expertId,
        expertName: names.get(x.expertId) ?? x.expertId,
        periodIndex: x.periodIndex,
        fromSiteName: site(was.siteId),
        toSiteName: site(x.siteId),
      });
    else unchanged++;
  }
  for (const [k, x] of before)
    if (!after.has(k))
      changes.push({
        kind: 'removed',
        expertId: x.expertId,
        expertName: names.get(x.expertId) ?? x.expertId,
        periodIndex: x.periodIndex,
        fromSiteName: site(x.siteId),
        toSiteName: null,
      });
  changes.sort((x, y) => x.periodIndex - y.periodIndex || x.expertName.localeCompare(y.expertName, 'zh-CN'));
  const figures = (v: typeof va) => ({
    version: v.version,
    objective: v.result!.objective,
    gap: v.result!.gap,
    coverage: v.result!.coverage,
  });
  return { a: figures(va), b: figures(vb), changes, unchanged };
}
