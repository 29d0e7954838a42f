import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '@yilian/domain';

/**
 * The shared password rule (packages/domain password-rule.ts) as a form rule, in the user's language.
 * The server checks again. A form never offers the published demo password, even in the demo.
 */
export function passwordRule(t: TFunction, username?: () => string | undefined): FormRule {
  return {
    validator: (_, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const problem = passwordProblem(value, { username: username?.() });
      return problem
        ? Promise.reject(
            new Error(t(`password.problem.${problem}`, { min: PASSWORD_MIN, max: PASSWORD_MAX })),
          )
        : Promise.resolve();
    },
  };
}
