import { z } from 'zod';
import { ROLES } from '../roles.js';
import { PERMISSIONS } from '../roles.js';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

export const PASSWORD_MIN = 10;
export const newPassword = z
  .string()
  .min(PASSWORD_MIN)
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), 'must contain letters and digits');

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword,
});

export const me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  consortiumId: z.uuid().nullable(),
  consortiumName: z.string().nullable(),
  institutionId: z.uuid().nullable(),
  institutionName: z.string().nullable(),
  regionCode: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof me>;
