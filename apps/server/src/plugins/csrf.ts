import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { forbidden } from '../errors.js';
import { TOKEN_PATH } from '../modules/client/token.service.js';
import { bearerOf } from './auth.js';

// Cross-site request forgery. The session cookie is SameSite=Strict, so a browser does not send it
// on a request another site starts; this check is the second line, for browsers or proxies that get
// SameSite wrong. It is the rule Go's net/http CrossOriginProtection uses, needing no token:
//   - a state-changing request whose browser says Sec-Fetch-Site other than same-origin (or none,
//     typed by the user) is refused;
//   - without Sec-Fetch-Site, an Origin header that names another host than the request's is refused;
//   - a request with neither header is not from a browser page (curl, scripts, the tests): allowed,
//     because forgery needs a victim's browser to carry the cookie.
// Requests no cookie authorises are not checked: a system client's bearer-token request to the FHIR
// API (the cookie is not read on it, and a page of another site cannot add the header without a
// CORS preflight Yilian never grants) and the OAuth token endpoint (its credential is a signed JWT).
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function crossOrigin(headers: Record<string, string | string[] | undefined>): string | null {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string')
    return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${site}`;
  const origin = headers.origin;
  if (typeof origin !== 'string') return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `Origin: ${origin.slice(0, 80)}`;
  }
  return host === headers.host ? null : `Origin: ${origin.slice(0, 80)}`;
}

export const csrfPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    if (SAFE.has(request.method)) return;
    if (request.url.split('?')[0] === TOKEN_PATH || bearerOf(request) !== undefined) return;
    const why = crossOrigin(request.headers);
    if (why) throw forbidden(`Cross-site request refused (${why})`);
  });
});
