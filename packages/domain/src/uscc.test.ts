import { describe, expect, it } from 'vitest';
import { isValidUscc, withUsccCheck } from './uscc.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', 'the example of the standard'],
    ['914403001922038216', '华为技术有限公司'],
    ['91440300708461136T', '深圳市腾讯计算机系统有限公司'],
    ['91110000802100433B', '北京百度网讯科技有限公司'],
  ])('accepts the published %s (%s)', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it('refuses a wrong check character, a wrong length, a letter GB 32100 leaves out and lower case', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100I000100Y43')).toBe(false); // I is not in the character set
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc('9135A100M000100Y43')).toBe(false); // the division code is digits
  });

  it('computes the check character, including the one that wraps to 0', () => {
    expect(withUsccCheck('91350100M000100Y4')).toBe('91350100M000100Y43');
    expect(withUsccCheck('12510500MB0000006')).toBe('12510500MB00000060'); // 31 - 0 counts as 0
    // Every first-17 gets exactly one valid code.
    for (const base of ['12510500MB0000001', '12320684MB0000002', '52110108MJ0000003']) {
      const code = withUsccCheck(base);
      expect(isValidUscc(code)).toBe(true);
      const others = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').filter((c) => c !== code[17]);
      expect(others.some((c) => isValidUscc(base + c))).toBe(false);
    }
    expect(() => withUsccCheck('91350100O000100Y4')).toThrow();
  });
});
