import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './mask.js';
import { text } from './schemas/common.js';

describe('masking', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('***45');
  });

  it('masks a 居民身份证 number to its region prefix and last four', () => {
    expect(maskIdNumber('11010119900307123X')).toBe('110***********123X');
  });

  it('never reveals the middle of a phone number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskPhone(phone)!;
        expect(masked).toHaveLength(11);
        expect(masked.slice(3, 7)).toBe('****');
      }),
    );
  });
});

describe('text fields', () => {
  it('trim and refuse empty strings and control characters', () => {
    expect(text(10).parse('  海门  ')).toBe('海门');
    expect(text(10).safeParse('   ').success).toBe(false);
    expect(text(10).safeParse('a\u0000b').success).toBe(false);
    expect(text(3).safeParse('四个字符').success).toBe(false);
  });
});
