// What the request log may say. Bodies are never logged. URLs are, and their query strings carry
// what users search for: a patient's name, 身份证 number or phone. So every query value is replaced
// by '*' except those of the few parameters that only page and sort; and any run of digits long
// enough to be an id number or a phone (11+), or an id number ending in X, is masked wherever it
// appears in the path (FHIR identifiers, a mistyped link). A digit counts however the URL spells
// it: plain, percent-encoded (%35), encoded twice (%2535) or full-width (１, %EF%BC%91).

const SAFE_PARAMS = new Set(['page', 'pageSize', 'sort', 'order', 'direction', '_count', 'format']);
const PCT = '%(?:25)*'; // a percent sign, itself percent-encoded any number of times
const DIGIT = `(?:\\d|${PCT}3\\d|${PCT}EF${PCT}BC${PCT}9\\d|[０-９])`;
const ID_END = `(?:${DIGIT}|[Xx]|${PCT}58|${PCT}78|[Ｘｘ])`;
const LONG_NUMBER = new RegExp(`${DIGIT}{10,}${ID_END}`, 'gi');

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(LONG_NUMBER, '***');
  if (q < 0) return path;
  const parts = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0) return key.replace(LONG_NUMBER, '***');
      return SAFE_PARAMS.has(key) ? pair.replace(LONG_NUMBER, '***') : `${key.replace(LONG_NUMBER, '***')}=*`;
    });
  return `${path}?${parts.join('&')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{8,36}$/;

/**
 * Whether a client's `x-request-id` may become this request's id, and so appear in every log line
 * of it: a UUID, or a short token of letters, digits, '-' and '_' with no run of six or more
 * digits (counted across the separators), which could be a phone or identity number. Anything
 * else is replaced by an id of our own.
 */
export function acceptRequestId(given: unknown): given is string {
  if (typeof given !== 'string') return false;
  if (UUID.test(given)) return true;
  return TOKEN.test(given) && !/\d{6,}/.test(given.replace(/[-_]/g, ''));
}

/** pino serializers for Fastify's request and response log lines. */
export const logSerializers = {
  req(request: { method: string; url: string; ip: string; routeOptions?: { url?: string } }) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      route: request.routeOptions?.url,
      remoteAddress: request.ip,
    };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};
