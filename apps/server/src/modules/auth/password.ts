import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@yilian/domain';
import type { Config } from '../../config.js';
import { invalid } from '../../errors.js';

// argon2id (Algorithm.Argon2id = 2; the enum is a const enum the compiler cannot inline here)
// with the library's defaults: 19 MiB, 2 passes, as OWASP recommends.
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

let verifications = 0;
/** How many passwords were checked against a hash so far (tests count the guesses a lockout let through). */
export const verificationCount = () => verifications;

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  verifications++;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so both cases take the same time.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-0');
  return dummy;
}

/**
 * The shared password rule (packages/domain password-rule.ts) with what only the server knows: the
 * account's username and whether this is the demo. A 400 naming the field otherwise.
 */
export function checkNewPassword(
  config: Pick<Config, 'demo'>,
  password: string,
  username: string,
  field: string,
): void {
  const problem = passwordProblem(password, { username, demo: config.demo });
  if (problem) throw invalid(field, PASSWORD_PROBLEM_MESSAGES[problem]);
}
