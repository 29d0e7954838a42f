import { describe, expect, it } from 'vitest';
import { SEED_INDICATORS } from '@yilian/domain';
import { entryIssues, submitIssues } from './report-validation.js';

const def = (code: string) => SEED_INDICATORS.find((d) => d.code === code)!;
const share = def('NCC07'); // 基层诊疗人次占比: a share
const growth = def('NCC10'); // 住院人均费用增长率: a difference over last year's cost
const policy = def('NCC01');
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

describe('reported data entry', () => {
  it('accepts a share whose numerator equals its denominator, refuses one that exceeds it', () => {
    expect(entryIssues(share, { code: 'NCC07', numerator: 500, denominator: 500 }, 'values.0', null)).toEqual(
      [],
    );
    expect(
      fields(entryIssues(share, { code: 'NCC07', numerator: 501, denominator: 500 }, 'values.0', null)),
    ).toEqual(['values.0.numerator']);
  });

  it('needs a positive denominator for a rate', () => {
    expect(fields(entryIssues(share, { code: 'NCC07', numerator: 1, denominator: null }, 'v', null))).toEqual(
      ['v.denominator'],
    );
    expect(fields(entryIssues(share, { code: 'NCC07', numerator: 0, denominator: 0 }, 'v', null))).toEqual([
      'v.denominator',
    ]);
  });

  it('lets a growth rate fall (negative numerator) but not a share', () => {
    expect(entryIssues(growth, { code: 'NCC10', numerator: -120, denominator: 8000 }, 'v', null)).toEqual([]);
    expect(fields(entryIssues(share, { code: 'NCC07', numerator: -1, denominator: 10 }, 'v', null))).toEqual([
      'v.numerator',
    ]);
  });

  it('scores policy items 0, 1 or 2 only, without a denominator', () => {
    expect(entryIssues(policy, { code: 'NCC01', numerator: 2 }, 'v', null)).toEqual([]);
    expect(fields(entryIssues(policy, { code: 'NCC01', numerator: 3 }, 'v', null))).toEqual(['v.numerator']);
    expect(fields(entryIssues(policy, { code: 'NCC01', numerator: 1, denominator: 4 }, 'v', null))).toEqual([
      'v.denominator',
    ]);
  });

  it('asks for a note when the value moves by more than 50% from the last approved one', () => {
    // previous 40%; 60% is exactly +50%: no note needed. 60.1% is more: a note is required.
    expect(entryIssues(share, { code: 'NCC07', numerator: 600, denominator: 1000 }, 'v', 40)).toEqual([]);
    expect(fields(entryIssues(share, { code: 'NCC07', numerator: 601, denominator: 1000 }, 'v', 40))).toEqual(
      ['v.note'],
    );
    expect(fields(entryIssues(share, { code: 'NCC07', numerator: 199, denominator: 1000 }, 'v', 40))).toEqual(
      ['v.note'],
    );
    const explained = { code: 'NCC07', numerator: 601, denominator: 1000, note: '新增两家村卫生室并入统计' };
    expect(entryIssues(share, explained, 'v', 40)).toEqual([]);
  });

  it('refuses to submit a form with an empty value unless a note says why', () => {
    const values = new Map([
      ['NCC07', { code: 'NCC07', numerator: 5, denominator: 10 }],
      ['NCC10', { code: 'NCC10', numerator: null, note: '上年无住院数据' }],
    ]);
    expect(fields(submitIssues([share, growth, policy], values))).toEqual(['values.NCC01']);
  });
});
