import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { describeError } from './describeError';

export { describeError };

/** 'body.parties.0.name' or '/parties/0/name' -> ['parties', 0, 'name'] */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^\/+/, '')
    .split(/[./]/)
    .filter((s, i) => s !== '' && !(i === 0 && (s === 'body' || s === 'query')))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Put the server's field errors on the matching form fields. */
export function applyFieldErrors(form: FormInstance, errors: { field: string; message: string }[]): void {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const e of errors) {
    const name = fieldPath(e.field);
    if (name.length === 0) continue;
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(e.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
}

/** Show an API error in a message, and its field errors on the form when there is one. */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (form && isApiError(err) && err.problem.errors?.length) {
        // The fields say what is wrong; the message only points at them.
        applyFieldErrors(form, err.problem.errors);
        void message.error(t('errors.checkFields'));
        return;
      }
      void message.error(describeError(t, err));
    },
    [message, t],
  );
}
