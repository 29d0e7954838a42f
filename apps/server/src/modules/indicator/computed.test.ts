import { describe, expect, it } from 'vitest';
import { COMPUTED_INDICATORS } from '@yilian/domain';
import { COMPUTERS } from './computed.js';

describe('computed indicators', () => {
  it('has a computer for every indicator the library says Yilian computes, and no other', () => {
    expect(Object.keys(COMPUTERS).sort()).toEqual(COMPUTED_INDICATORS.map((d) => d.code).sort());
  });
});
