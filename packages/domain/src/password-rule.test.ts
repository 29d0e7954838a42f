import { describe, expect, it } from 'vitest';
import { changePasswordBody, userCreate } from './index.js';
import { DEMO_PASSWORD, passwordProblem } from './password-rule.js';

describe('the password rule', () => {
  it('asks for ten characters with letters and digits', () => {
    expect(passwordProblem('Short-1')).toBe('too_short');
    expect(passwordProblem('only-letters-here')).toBe('letters_and_digits');
    expect(passwordProblem('2026-11-25-0815')).toBe('letters_and_digits');
    expect(passwordProblem('Factory-pass-2026')).toBeNull();
  });

  it('refuses common passwords, also with case changed or digits and signs around them', () => {
    for (const p of [
      'password123',
      'QWERTY123456',
      'Password2026!',
      '2026iloveyou',
      'Woaini1314520',
      'Yilian2027!',
    ])
      expect(passwordProblem(p), p).toBe('common');
    for (const p of ['Another-pass-99', 'Xuyong-county-2026', 'My-own-pass-2026'])
      expect(passwordProblem(p), p).toBeNull();
  });

  it('refuses the username, and the demo password outside the demo', () => {
    expect(passwordProblem('Swmu.Doctor2026', { username: 'swmu.doctor2026' })).toBe('username');
    expect(passwordProblem('swmu.doctor-2026!', { username: 'swmu.doctor' })).toBe('username');
    expect(passwordProblem('Swmu-doctor-2026', { username: 'swmu.doctor' })).toBeNull();
    expect(passwordProblem(DEMO_PASSWORD)).toBe('demo');
    expect(passwordProblem(DEMO_PASSWORD, { demo: true })).toBeNull();
  });

  it('is what the request schemas check, naming the field', () => {
    const weak = changePasswordBody.safeParse({ currentPassword: 'x', newPassword: 'Password2026' });
    expect(weak.success).toBe(false);
    expect(weak.error!.issues.map((i) => i.path.join('.'))).toEqual(['newPassword']);
    const common = userCreate.safeParse({
      username: 'nurse.wang',
      displayName: '王',
      password: 'Qwerty-123456',
      role: 'viewer',
    });
    expect(common.success).toBe(false);
    expect(common.error!.issues.map((i) => i.path.join('.'))).toEqual(['password']);
    // The demo password passes the schema; the server refuses it outside the demo.
    expect(changePasswordBody.safeParse({ currentPassword: 'x', newPassword: DEMO_PASSWORD }).success).toBe(
      true,
    );
  });
});
