// What the request log may say. Bodies are never logged. URLs are, and their query strings carry
// what users search for: a patient's name, 身份证 number or phone. So every query value is replaced
// by '*' except those of the few parameters that only page and sort; and any run of digits long
// enough to be an id number or a phone (11+), or an id number ending in X, is masked wherever it
// appears in the path (FHIR identifiers, a mistyped link).

const SAFE_PARAMS = new Set(['page', 'pageSize', 'sort', 'order', 'direction', '_count', 'format']);
const LONG_NUMBER = /\d{10,}[\dXx]/g;

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
