import { describe, expect, it } from 'vitest';
import type { PlanDemand, PlanExpert, PlanInstance } from '@yilian/domain';
import { explainUnmet } from './explain.js';
import { optimizePlan } from './optimizer.js';

// One hand-built case per unmet-demand reason: each instance leaves exactly one demand short, for
// one reason, and the optimizer's result must say so (and the explainer must agree on its own).

const periods = [0, 1].map((index) => ({ index, start: '2027-01-04', end: '2027-01-31', weeks: 4 }));
const sites = [
  { id: 'gulin', name: '古蔺县人民医院' },
  { id: 'xuyong', name: '叙永县人民医院' },
];

function expert(id: string, over: Partial<PlanExpert> = {}): PlanExpert {
  return {
    id,
    name: `Dr ${id}`,
    specialty: 'cardiology',
    titleRank: 3,
    departmentId: 'cardio',
    availablePeriods: [0, 1],
    maxWeeksAway: 8,
    ...over,
  };
}

function demand(id: string, over: Partial<PlanDemand> = {}): PlanDemand {
  return {
    id,
    siteId: 'gulin',
    periodIndex: 0,
    specialty: 'cardiology',
    minTitleRank: 2,
    count: 1,
    priority: 3,
    ...over,
  };
}

function instance(experts: PlanExpert[], demands: PlanDemand[], maxAway = 2): PlanInstance {
  return {
    periods,
    sites,
    departments: [{ id: 'cardio', name: '心内科', maxAway }],
    experts,
    demands,
    locks: [],
    weights: { continuity: 0.5, fairness: 0.05 },
  };
}

async function reasonsFor(inst: PlanInstance, demandId: string) {
  const result = await optimizePlan(inst, { relativeGap: 0 });
  expect(result.status).toBe('optimal');
  expect(explainUnmet(inst, result.assignments)).toEqual(result.unmet);
  const unmet = result.unmet.find((u) => u.demandId === demandId);
  expect(result.unmet.map((u) => u.demandId)).toEqual([demandId]);
  return unmet!;
}

describe('unmet demand reasons', () => {
  it('no_expert_of_specialty: nobody has the specialty', async () => {
    const u = await reasonsFor(instance([expert('a')], [demand('d1', { specialty: 'pediatrics' })]), 'd1');
    expect(u).toEqual({ demandId: 'd1', missing: 1, reasons: ['no_expert_of_specialty'] });
  });

  it('no_expert_of_title: the specialty exists but not at the minimum title', async () => {
    const u = await reasonsFor(
      instance([expert('a', { titleRank: 2 })], [demand('d1', { minTitleRank: 4 })]),
      'd1',
    );
    expect(u.reasons).toEqual(['no_expert_of_title']);
  });

  it('unavailable: the qualified expert is not free in the period', async () => {
    const u = await reasonsFor(instance([expert('a', { availablePeriods: [1] })], [demand('d1')]), 'd1');
    expect(u.reasons).toEqual(['unavailable']);
  });

  it('time_away_used: the expert spent their weeks on higher-priority demand', async () => {
    const inst = instance(
      [expert('a', { maxWeeksAway: 4 })],
      [demand('high', { priority: 5 }), demand('low', { periodIndex: 1, siteId: 'xuyong', priority: 1 })],
    );
    const u = await reasonsFor(inst, 'low');
    expect(u.reasons).toEqual(['time_away_used']);
  });

  it('home_staffing: the department cannot spare a second person', async () => {
    // a (a surgeon in the same department) serves the high-priority surgery demand; b alone
    // qualifies for the cardiology one, but the department may spare only one person.
    const inst = instance(
      [expert('a', { specialty: 'surgery' }), expert('b')],
      [
        demand('high', { priority: 5, specialty: 'surgery' }),
        demand('low', { siteId: 'xuyong', priority: 2 }),
      ],
      1,
    );
    const u = await reasonsFor(inst, 'low');
    expect(u.reasons).toEqual(['home_staffing']);
  });

  it('assigned_elsewhere: the only expert serves an equal or higher priority demand', async () => {
    const inst = instance(
      [expert('a')],
      [demand('high', { priority: 4 }), demand('low', { siteId: 'xuyong', priority: 4 })],
    );
    const result = await optimizePlan(inst, { relativeGap: 0 });
    expect(result.unmet).toHaveLength(1);
    expect(result.unmet[0].reasons).toEqual(['assigned_elsewhere']);
    expect(result.unmet[0].missing).toBe(1);
  });

  it('lists several reasons in UNMET_REASONS order and counts the missing places', async () => {
    const inst = instance(
      [expert('a', { availablePeriods: [1] }), expert('b'), expert('c', { titleRank: 1 })],
      [demand('big', { count: 3, priority: 2 }), demand('other', { siteId: 'xuyong', priority: 5 })],
    );
    const result = await optimizePlan(inst, { relativeGap: 0 });
    const big = result.unmet.find((u) => u.demandId === 'big')!;
    // a is away that period; b serves the priority-5 demand; c lacks the title (and is not "qualified").
    expect(big).toEqual({ demandId: 'big', missing: 3, reasons: ['unavailable', 'assigned_elsewhere'] });
  });
});
