import { describe, expect, it } from 'vitest';
import { PLAN_EVENTS, PLAN_STATUSES } from '@yilian/domain';
import { allowed, allowedEvents, transition } from './plan.machine.js';
import { periodsOf } from './plan-instance.js';

// The plan's transition table on its own, and the cutting of a horizon into periods.

describe('plan transitions', () => {
  const table: Record<string, string[]> = {
    draft: ['solve', 'lock', 'edit'],
    solving: ['finish', 'fail'],
    solved: ['solve', 'lock', 'edit', 'apply'],
    applied: [],
  };
  it.each(PLAN_STATUSES)('a %s plan allows exactly its events', (status) => {
    for (const event of PLAN_EVENTS) expect(allowed(status, event)).toBe(table[status]!.includes(event));
    expect(allowedEvents(status).sort()).toEqual([...table[status]!].sort());
  });
  it('a solve ends solved or back in draft; a refused event is a 409', () => {
    expect(transition('draft', 'solve')).toBe('solving');
    expect(transition('solving', 'finish')).toBe('solved');
    expect(transition('solving', 'fail')).toBe('draft');
    expect(transition('solved', 'apply')).toBe('applied');
    expect(() => transition('applied', 'solve')).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => transition('solving', 'lock')).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('periods of a horizon', () => {
  it('calendar months, clipped at both ends', () => {
    const p = periodsOf('2031-01-15', '2031-03-10', 'month');
    expect(p.map((x) => [x.start, x.end])).toEqual([
      ['2031-01-15', '2031-01-31'],
      ['2031-02-01', '2031-02-28'],
      ['2031-03-01', '2031-03-10'],
    ]);
    expect(p[1]!.weeks).toBe(4);
    expect(p.map((x) => x.index)).toEqual([0, 1, 2]);
  });
  it('fourteen days from the start, the last one short; leap February counted', () => {
    const p = periodsOf('2032-02-01', '2032-03-05', 'biweek');
    expect(p.map((x) => [x.start, x.end])).toEqual([
      ['2032-02-01', '2032-02-14'],
      ['2032-02-15', '2032-02-28'],
      ['2032-02-29', '2032-03-05'],
    ]);
    expect(p.map((x) => x.weeks)).toEqual([2, 2, 0.86]); // 29 Feb to 5 Mar: six days
  });
  it('a one-day horizon is one period', () => {
    expect(periodsOf('2031-06-30', '2031-06-30', 'month')).toEqual([
      { index: 0, start: '2031-06-30', end: '2031-06-30', weeks: 0.14 },
    ]);
  });
});
