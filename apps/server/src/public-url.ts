import type { Config } from './config.js';

/**
 * An absolute URL on this server as clients reach it: YILIAN_PUBLIC_URL (validated in config.ts,
 * no trailing slash) followed by `path`. Every link Yilian writes (FHIR fullUrls and paging links,
 * the token endpoint, the SMART configuration) is built here, never from the request's Host header,
 * which any caller can set.
 */
export function publicUrl(config: Pick<Config, 'publicUrl'>, path = ''): string {
  if (!path) return config.publicUrl;
  return `${config.publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
}
