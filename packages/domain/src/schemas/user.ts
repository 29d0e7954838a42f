import { z } from 'zod';
import { ROLES } from '../roles.js';
import { id, optionalText, pageQuery, regionCode, text, timestamp } from './common.js';
import { newPassword } from './auth.js';

export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, 'letters, digits, . _ - (3-64)');

export const user = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  consortiumId: id.nullable(),
  consortiumName: z.string().nullable(),
  institutionId: id.nullable(),
  institutionName: z.string().nullable(),
  regionCode: z.string().nullable(),
  staffId: id.nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type User = z.infer<typeof user>;

export const userCreate = z.object({
  username,
  displayName: text(60),
  password: newPassword,
  role: z.enum(ROLES),
  consortiumId: id.nullable().optional(),
  institutionId: id.nullable().optional(),
  regionCode: regionCode.nullable().optional(),
  staffId: id.nullable().optional(),
});
export type UserCreate = z.infer<typeof userCreate>;

export const userUpdate = z
  .object({
    displayName: text(60),
    disabled: z.boolean(),
    /** An administrator's reset: the user must change it at next sign-in. */
    password: newPassword,
    staffId: id.nullable(),
    unlock: z.literal(true),
    note: optionalText(200),
  })
  .partial()
  .strict();
export type UserUpdate = z.infer<typeof userUpdate>;

export const userListQuery = pageQuery.extend({
  role: z.enum(ROLES).optional(),
  consortiumId: id.optional(),
  institutionId: id.optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;
