import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../schemas/audit.js';
import en from './en.json';
import zhCN from './zh-CN.json';

// The audit log page reads auditAction.<prefix>.<suffix> and entityType.<type>; an action added to
// AUDIT_ACTIONS without its labels shows as a raw key, so this test fails until both languages have one.
const LANGS = { 'zh-CN': zhCN, en } as const;

/** Every leaf of a nested label block as a dotted key, e.g. 'referral.accept'. */
function leafKeys(block: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(block).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leafKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** The label of an action as the page looks it up (first dot splits prefix from suffix). */
function actionLabel(block: Record<string, Record<string, string>>, action: string): string | undefined {
  const dot = action.indexOf('.');
  return block[action.slice(0, dot)]?.[action.slice(dot + 1)];
}

describe('audit labels', () => {
  for (const [lang, labels] of Object.entries(LANGS)) {
    it(`${lang} labels every audit action`, () => {
      const block = labels.auditAction as Record<string, Record<string, string>>;
      const missing = AUDIT_ACTIONS.filter((a) => !actionLabel(block, a)?.trim());
      expect(missing).toEqual([]);
    });

    it(`${lang} has no empty entity type label`, () => {
      const empty = Object.entries(labels.entityType as Record<string, string>)
        .filter(([, v]) => typeof v !== 'string' || !v.trim())
        .map(([k]) => k);
      expect(empty).toEqual([]);
    });
  }

  it('zh-CN and en label the same actions', () => {
    expect(leafKeys(en.auditAction).sort()).toEqual(leafKeys(zhCN.auditAction).sort());
  });

  it('zh-CN and en label the same entity types', () => {
    expect(Object.keys(en.entityType).sort()).toEqual(Object.keys(zhCN.entityType).sort());
  });

  it('labels no action that AUDIT_ACTIONS does not know (a typo would hide the real one)', () => {
    const known = new Set<string>(AUDIT_ACTIONS);
    expect(leafKeys(zhCN.auditAction).filter((k) => !known.has(k))).toEqual([]);
  });
});
