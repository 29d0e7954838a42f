import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, type HashedFields } from './audit.js';
import { canonicalJson } from './canonical-json.js';

/** What jsonb does to an object: the same content with keys in another order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reorder(v)]),
    );
  return value;
}

const row = (over: Partial<HashedFields> = {}): HashedFields => ({
  at: '2026-11-25T02:00:00.000Z',
  actorId: null,
  actorName: 'system',
  ip: null,
  action: 'department.updated',
  entityType: 'department',
  entityId: 'd1',
  consortiumId: null,
  institutionId: null,
  before: { name: '内科' },
  after: { name: '心内科' },
  prevHash: GENESIS_HASH,
  ...over,
});

describe('audit hash', () => {
  it('is the same for content read back from jsonb in another key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
        expect(auditHash(row({ before, after }))).toBe(
          auditHash(row({ before: reorder(before), after: reorder(after) })),
        );
      }),
    );
  });

  it('changes when any field or the link to the previous row changes', () => {
    const base = auditHash(row());
    expect(auditHash(row({ after: { name: '伪造' } }))).not.toBe(base);
    expect(auditHash(row({ actorName: 'someone' }))).not.toBe(base);
    expect(auditHash(row({ prevHash: 'f'.repeat(64) }))).not.toBe(base);
    expect(auditHash(row({ institutionId: 'x' }))).not.toBe(base);
  });

  it('canonical JSON sorts keys and drops undefined like JSON does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
});
