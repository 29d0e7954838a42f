import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

/** One sentence for the user: the server's detail when it gave one, else a message by status. */
export function describeError(t: TFunction, err: unknown): string {
  if (!isApiError(err)) return t('errors.unknown');
  const p = err.problem;
  if (p.status === 0) return t('errors.network');
  if (p.detail) return p.detail;
  switch (p.status) {
    case 400:
      return t('errors.badRequest');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return t('errors.conflict');
    case 413:
      return t('errors.tooLarge');
    case 415:
      return t('errors.unsupportedType');
    case 429:
      return t('errors.tooMany');
    default:
      return p.status >= 500 ? t('errors.server') : p.title;
  }
}
