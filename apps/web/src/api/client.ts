import type { Problem } from '@yilian/domain';

/** An HTTP error from the API, carrying the RFC 9457 problem the server sent (or one made up
 *  on the spot when the answer was not problem+json, e.g. a proxy error or no network). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export const API_BASE = '/api/v1';

export function buildUrl(path: string, query?: QueryParams): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `${url}?${s}` : url;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  if (body && typeof body === 'object' && 'status' in body && 'title' in body) {
    const p = body as Partial<Problem>;
    return new ApiError({
      type: p.type ?? 'about:blank',
      title: p.title ?? res.statusText,
      status: p.status ?? res.status,
      detail: p.detail,
      code: p.code ?? `http_${res.status}`,
      instance: p.instance,
      errors: Array.isArray(p.errors) ? p.errors : undefined,
    });
  }
  return new ApiError({
    type: 'about:blank',
    title: res.statusText || `HTTP ${res.status}`,
    status: res.status,
    code: `http_${res.status}`,
  });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
}

/** Fetch JSON from the API. The session is an HttpOnly cookie, so credentials stay same-origin. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network' });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  delete: (path: string) => request<void>(path, { method: 'DELETE' }),
};
