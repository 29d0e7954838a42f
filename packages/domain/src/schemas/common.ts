import { z } from 'zod';

/** A non-empty, trimmed line of text. Control characters (NUL and friends) are refused:
 *  PostgreSQL cannot store NUL, and nobody types the others. */
export const text = (max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'control characters are not allowed');

export const optionalText = (max = 200) => text(max).nullable().optional();

export const id = z.uuid();
export const idParams = z.object({ id });
export const isoDate = z.iso.date();
export const timestamp = z.string();

/** GB/T 2260 administrative division code: six digits. */
export const regionCode = z.string().regex(/^\d{6}$/, 'must be a six-digit GB/T 2260 code');

/** Mainland mobile or landline with area code; digits, spaces and dashes only. */
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'must be a phone number');

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(100).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** RFC 9457 problem details, with the fields that failed validation. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problem>;

export const ok = z.object({ ok: z.literal(true) });
