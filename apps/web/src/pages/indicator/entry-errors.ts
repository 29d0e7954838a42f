import { isApiError } from '../../api/client';

// Where the server's field errors on a report form belong. The server names a field
// `values.<index>.<field>` (the index into the values that were sent) or `values.<CODE>` (an
// indicator left empty at submit); the form shows each under the input of `<CODE>.<field>`, and
// an unknown code (`values.<index>.code`) on the indicator's row (`<CODE>.row`).

export type EntryErrors = Record<string, string>;

/** 'body.values.3.numerator' or '/values/3/numerator' -> ['values', 3, 'numerator'] */
function path(field: string): (string | number)[] {
  return field
    .replace(/^\/+/, '')
    .split(/[./]/)
    .filter((s, i) => s !== '' && !(i === 0 && s === 'body'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function errorsByCode(e: unknown, sent: readonly string[]): EntryErrors {
  if (!isApiError(e)) return {};
  const out: EntryErrors = {};
  for (const issue of e.problem.errors ?? []) {
    const [head, at, field] = path(issue.field);
    if (head !== 'values' || at === undefined) continue;
    const code = typeof at === 'number' ? sent[at] : at;
    if (!code) continue;
    const where =
      typeof at === 'number' ? (field === 'code' ? 'row' : String(field ?? 'numerator')) : 'numerator';
    out[`${code}.${where}`] ??= issue.message;
  }
  return out;
}
