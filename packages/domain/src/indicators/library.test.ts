import { describe, expect, it } from 'vitest';
import { indicatorValue, NATIONAL_COUNTY_INDICATORS, SEED_INDICATORS } from './library.js';

describe('indicator library', () => {
  it('holds the 14 national county-consortium indicators in the order of the system', () => {
    expect(NATIONAL_COUNTY_INDICATORS).toHaveLength(14);
    const byCode = [...NATIONAL_COUNTY_INDICATORS].sort((a, b) => a.code.localeCompare(b.code));
    expect(byCode[0]!.nameZh).toBe('资源统一管理');
    expect(byCode[3]!.nameZh).toBe('二级及以上机构中级及以上医师到基层派驻人数/每万常住人口');
    expect(byCode[13]!.nameZh).toBe('县域内四类慢性病过早死亡率');
  });

  it('gives every indicator a unique code, both names and a denominator when it is a rate', () => {
    const codes = SEED_INDICATORS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of SEED_INDICATORS) {
      expect(d.nameZh.length).toBeGreaterThan(1);
      expect(d.nameEn.length).toBeGreaterThan(1);
      if (d.kind === 'rate') expect(d.denominator).not.toBeNull();
    }
  });

  it('computes a rate with its factor and refuses a zero denominator', () => {
    const perTenThousand = { kind: 'rate' as const, factor: 10000 };
    expect(indicatorValue(perTenThousand, 12, 480000)).toBeCloseTo(0.25, 10);
    expect(indicatorValue(perTenThousand, 12, 0)).toBeNull();
    expect(indicatorValue({ kind: 'count', factor: 1 }, 7, null)).toBe(7);
    expect(indicatorValue({ kind: 'rate', factor: 100 }, null, 5)).toBeNull();
  });
});
