import { recordAudit, type AuditEvent } from '../../audit/audit.js';
import type { Actor, Services, Tx } from '../../context.js';

/**
 * One change and its audit row in one transaction. `change` does the write and returns the
 * result and the event to record; if either fails, neither is kept.
 */
export async function audited<T>(
  s: Services,
  actor: Actor,
  change: (trx: Tx) => Promise<{ result: T; event: AuditEvent }>,
): Promise<T> {
  return s.db.transaction().execute(async (trx) => {
    const { result, event } = await change(trx);
    await recordAudit(trx, actor, event);
    return result;
  });
}

/** Only the fields a patch actually changes, for a compact before/after. */
export function changedFields<T extends object>(
  before: T,
  patch: { [K in keyof T]?: unknown },
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(patch[key])) {
      b[key] = before[key];
      a[key] = patch[key] as T[typeof key];
    }
  }
  return { before: b, after: a };
}
