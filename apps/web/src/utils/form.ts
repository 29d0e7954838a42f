import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import dayjs, { type Dayjs } from 'dayjs';

/** What the form helper needs of a zod schema (kept structural so the app needs no zod import). */
export interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  origin?: unknown;
  format?: unknown;
  minimum?: unknown;
  maximum?: unknown;
}
export interface Parser<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

function fieldName(path: PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return typeof last === 'string' ? last : '';
}

/** A zod issue in the user's language. Format and custom rules have a message per field. */
export function issueMessage(t: TFunction, issue: Issue): string {
  const name = fieldName(issue.path);
  const empty = issue.input === undefined || issue.input === null || issue.input === '';
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_value':
      return empty ? t('validation.required') : t('validation.invalid');
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.minLength', { min: issue.minimum });
      if (issue.origin === 'array') return t('validation.minItems', { min: issue.minimum });
      return t('validation.min', { min: issue.minimum });
    case 'too_big':
      if (issue.origin === 'string') return t('validation.maxLength', { max: issue.maximum });
      if (issue.origin === 'array') return t('validation.maxItems', { max: issue.maximum });
      return t('validation.max', { max: issue.maximum });
    case 'invalid_format':
      if (issue.format === 'uuid') return empty ? t('validation.required') : t('validation.invalid');
      if (issue.format === 'date') return t('validation.date');
      return t([`validation.field.${name}`, 'validation.format']);
    case 'custom':
      return t([`validation.field.${name}`, 'validation.invalid']);
    default:
      return t('validation.invalid');
  }
}

/** Validate a payload with the contract's schema; on failure mark the fields and return null. */
export function validate<T>(form: FormInstance, t: TFunction, schema: Parser<T>, payload: unknown): T | null {
  const r = schema.safeParse(payload);
  if (r.success) return r.data;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of r.error.issues) {
    const name = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (name.length === 0) continue;
    const key = name.join('.');
    // One message a field: the first rule it breaks.
    if (!byField.has(key)) byField.set(key, { name, errors: [issueMessage(t, issue)] });
  }
  form.setFields([...byField.values()]);
  return null;
}

/** Form values to a request body: trimmed text, '' -> null, Dayjs -> 'YYYY-MM-DD'. */
export function toDate(v: Dayjs | null | undefined): string | null {
  return v ? v.format('YYYY-MM-DD') : null;
}
export function fromDate(v: string | null | undefined): Dayjs | null {
  return v ? dayjs(v) : null;
}
export function textOrNull(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}
export function textOrUndefined(v: unknown): string | undefined {
  return textOrNull(v) ?? undefined;
}

/** For a PATCH: only the fields that differ from the record being edited. */
export function changedFields<T extends object>(before: Record<string, unknown>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null))
      (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function formatDateTime(v: string | null | undefined): string {
  if (!v) return '';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : v;
}
