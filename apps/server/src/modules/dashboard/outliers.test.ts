import { describe, expect, it } from 'vitest';
import { outlierFlags } from './outliers.js';
import { monthsOf } from './period.js';

describe('outliers', () => {
  it('flags a value far from the median and not the ones around it', () => {
    expect(outlierFlags([10, 11, 12, 13, 12, 80])).toEqual([false, false, false, false, false, true]);
    expect(outlierFlags([50, 52, 49, 51, 2, null])).toEqual([false, false, false, false, true, false]);
  });

  it('says nothing with fewer than five values or no spread', () => {
    expect(outlierFlags([1, 2, 100, 3])).toEqual([false, false, false, false]);
    expect(outlierFlags([5, 5, 5, 5, 5, 6])).toEqual([false, false, false, false, false, false]);
  });

  it('is the boundary at three scaled deviations', () => {
    // median 10, MAD 1 -> scaled 1.4826; 10 + 3 × 1.4826 = 14.4478
    expect(outlierFlags([9, 10, 11, 10, 9, 11, 14.44])[6]).toBe(false);
    expect(outlierFlags([9, 10, 11, 10, 9, 11, 14.45])[6]).toBe(true);
  });
});

describe('dashboard months', () => {
  const now = new Date('2030-06-15T00:00:00Z');
  it('defaults to the twelve months up to this one', () => {
    const m = monthsOf({}, now);
    expect([m.from, m.to, m.list.length]).toEqual(['2029-07', '2030-06', 12]);
    expect(m.toDateExclusive).toBe('2030-07-01');
  });
  it('crosses the year end and refuses a reversed or too long period', () => {
    expect(monthsOf({ from: '2029-11', to: '2030-02' }, now).list).toEqual([
      '2029-11',
      '2029-12',
      '2030-01',
      '2030-02',
    ]);
    expect(() => monthsOf({ from: '2030-03', to: '2030-02' }, now)).toThrow(/before/);
    expect(() => monthsOf({ from: '2020-01', to: '2030-02' }, now)).toThrow(/60 months/);
  });
});
