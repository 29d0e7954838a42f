import { z } from 'zod';
import { timestamp } from './common.js';

// 我的待办: one list per person across modules. Each module contributes a provider on the server;
// an item says what it is, why it waits on the reader, when it is due and where to open it.

export const myWorkItem = z.object({
  /** The module and record kind: problem, meeting, referral, task … */
  kind: z.string(),
  id: z.string(),
  title: z.string(),
  /** A short second line: a number, a place, an institution. */
  subtitle: z.string().nullable(),
  /** Why it waits on the reader (an i18n key under myWork.reason). */
  reason: z.string(),
  status: z.string(),
  dueAt: timestamp.nullable(),
  overdue: z.boolean(),
  /** The web app's path to open it. */
  path: z.string(),
});
export type MyWorkItem = z.infer<typeof myWorkItem>;

export const myWork = z.object({
  items: z.array(myWorkItem),
  counts: z.record(z.string(), z.number().int()),
});
export type MyWork = z.infer<typeof myWork>;
