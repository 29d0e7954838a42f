import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskInsuranceNo, maskName, maskNumbersInText, maskPhone } from './mask.js';
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

  it('masks an insurance number as it masks an identity number, so one equal to the other shows no more', () => {
    expect(maskInsuranceNo('11010119900307123X')).toBe(maskIdNumber('11010119900307123X'));
    expect(maskInsuranceNo('YB2026001234')).toBe('YB2*****1234');
    expect(maskInsuranceNo(null)).toBeNull();
  });

  it('masks identity and mobile numbers standing in free text, and nothing else', () => {
    expect(maskNumbersInText('身份证11010119900307123X，电话13812345678。')).toBe(
      '身份证110***********123X，电话138****5678。',
    );
    const kept = '3f2b8c1e-9d4a-4e6b-8f1c-138123456789 ZZ20261208-000001 0513-82212404 2026-12-08T02:00:00Z';
    expect(maskNumbersInText(kept)).toBe(kept);
  });

  it('masks a name but its first and last character', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('张')).toBe('*');
    expect(maskName(null)).toBeNull();
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
