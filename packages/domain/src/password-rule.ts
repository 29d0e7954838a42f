import { COMMON_PASSWORDS } from './common-passwords.js';

// The one rule for a password someone sets (an account created, reset or changed, in the web, the API
// or the shell): ten characters or more, letters and digits, not one of the passwords people choose
// most, not the account's own username, and not the published demo password outside the demo. A
// common word with digits and signs around it (Password2026!, 2026iloveyou) counts as that word.

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
/** The demo accounts' password, printed at start and in the README: refused anywhere else. */
export const DEMO_PASSWORD = 'Yilian2026!';

export const PASSWORD_PROBLEMS = [
  'too_short',
  'too_long',
  'letters_and_digits',
  'demo',
  'username',
  'common',
] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/** What the server answers, after the field's name. (The web shows its own zh-CN and English text.) */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${PASSWORD_MIN} characters`,
  too_long: `must be at most ${PASSWORD_MAX} characters`,
  letters_and_digits: 'must contain letters and digits',
  demo: 'must not be the demo password outside the demo',
  username: 'must not be the username',
  common: 'is one of the most common passwords; choose another',
};

let common: Set<string> | undefined;
const commonSet = () => (common ??= new Set(COMMON_PASSWORDS.split('\n').filter(Boolean)));

/** The word inside: what is left when the digits and signs at both ends are taken off. */
const core = (p: string) => p.replace(/^[^a-z]+|[^a-z]+$/g, '');

/**
 * The first rule the password breaks, or null. `username`: the account's (refused as the password,
 * also with digits and signs around it); `demo`: true where the demo password is allowed.
 */
export function passwordProblem(
  password: string,
  context: { username?: string; demo?: boolean } = {},
): PasswordProblem | null {
  if (password.length < PASSWORD_MIN) return 'too_short';
  if (password.length > PASSWORD_MAX) return 'too_long';
  if (password === DEMO_PASSWORD) return context.demo ? null : 'demo';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return 'letters_and_digits';
  const lower = password.toLowerCase();
  const word = core(lower);
  const username = context.username?.trim().toLowerCase();
  if (username && (lower === username || word === core(username))) return 'username';
  const list = commonSet();
  if (list.has(lower) || list.has(word)) return 'common';
  return null;
}
