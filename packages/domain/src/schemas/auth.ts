import { z } from 'zod';
import { ROLES } from '../roles.js';
import { PERMISSIONS } from '../roles.js';
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '../password-rule.js';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

/**
 * A password being set: the shared rule (password-rule.ts) apart from what needs the account or the
 * server: the username and, outside the demo, the demo password are checked by the server too.
 */
export const newPassword = z
  .string()
  .min(PASSWORD_MIN)
  .max(PASSWORD_MAX)
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p, { demo: true });
    if (problem && problem !== 'too_short' && problem !== 'too_long')
      ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEM_MESSAGES[problem], params: { problem } });
  });

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
