import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Permission, type Role } from '@yilian/domain';
import { AppError, forbidden } from '../errors.js';
import type { Principal } from '../context.js';
import { findPrincipalBySession, sessionIdOf, touchSession } from '../modules/auth/session.repository.js';
import { findPrincipalByToken, touchClientUse } from '../modules/client/client.repository.js';
import { fhirScopeNeeded, scopesAllow } from '../modules/client/client.scopes.js';
import { tokenIdOf } from '../modules/client/token.service.js';

export const SESSION_COOKIE = 'yilian_session';

/**
 * What a route needs: 'public' (no sign-in), 'authenticated' (any signed-in user), a permission,
 * or a list of permissions of which one suffices (an action open to two sides of a record, each
 * with its own permission; the service then checks which side the user stands on).
 */
export type RouteAccess = Permission | readonly [Permission, ...Permission[]] | 'public' | 'authenticated';

/** Whether a role has what the route declares (before any per-record check). */
export function roleMeets(role: Role, access: RouteAccess): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return typeof access === 'string' ? can(role, access) : access.some((x) => can(role, x));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * A write any signed-in participant may make on their own record, whatever their role (an
     * invitee answers an invitation, a user marks their notifications read): who may act, said on
     * the route. Every other write declares a write permission; the access matrix holds both to it.
     */
    selfService?: string;
    /** Allowed while the user still has to change a reset password. */
    allowPasswordChangePending?: boolean;
    /**
     * For routes on one record: the handler first loads the record within the user's scope (404
     * when out of scope) and only then calls requireAccess (403). So a user without the
     * permission learns nothing about records of other consortia.
     */
    checkAfterLookup?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionId: string | null;
    /** Set by requireAccess: the deferred check of a checkAfterLookup route ran. */
    accessChecked: boolean;
  }
  interface FastifyInstance {
    /** checkAfterLookup routes that answered 2xx/3xx without calling requireAccess (a bug). */
    uncheckedAccess: Set<string>;
  }
}

/** Whether a principal has what the route declares: its role's permissions, or a client's scopes'. */
export function principalMeets(p: Principal, access: RouteAccess): boolean {
  if (!p.permissions) return roleMeets(p.role, access);
  if (access === 'public') return true;
  // A system client calls the FHIR API with the permissions its scopes carry, nothing else: no
  // route open to "any signed-in user" (one's notifications, one's password) is its to use.
  if (access === 'authenticated') return false;
  const granted = p.permissions;
  return typeof access === 'string' ? granted.includes(access) : access.some((x) => granted.includes(x));
}

/** The deferred permission check of a checkAfterLookup route. */
export function requireAccess(request: FastifyRequest): void {
  const access = (request.routeOptions.config as { access?: RouteAccess }).access;
  const p = principalOf(request);
  request.accessChecked = true;
  if (access && !principalMeets(p, access)) throw forbidden();
}

/**
 * Bearer tokens are a system client's, and only the FHIR API takes them (the web's API under
 * /api is the session cookie's). undefined: no bearer token on the request; '' an empty one.
 */
const BEARER = /^Bearer(?:\s+(.*))?$/i;
const FHIR_URL = /^\/fhir(\/|\?|$)/;
export function bearerOf(request: Pick<FastifyRequest, 'url' | 'headers'>): string | undefined {
  if (!FHIR_URL.test(request.url)) return undefined;
  const header = request.headers.authorization;
  const m = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  return m ? (m[1] ?? '').trim() : undefined;
}

/** RFC 6750 §3: how a FHIR 401 or 403 tells the client what to do. */
function challenge(error?: string, description?: string, scope?: string): string {
  return [
    'Bearer realm="yilian"',
    ...(error ? [`error="${error}"`] : []),
    ...(description ? [`error_description="${description}"`] : []),
    ...(scope ? [`scope="${scope}"`] : []),
  ].join(', ');
}

/** The principal of a route that declared a permission; the hook below guarantees it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in first');
  return request.principal;
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('accessChecked', false);
  app.decorate('uncheckedAccess', new Set<string>());

  // A checkAfterLookup handler that forgets requireAccess lets every signed-in role act: say so
  // loudly (the access matrix fails on any route noted here).
  app.addHook('onSend', async (request, reply, payload) => {
    const config = request.routeOptions.config as { checkAfterLookup?: boolean } | undefined;
    if (config?.checkAfterLookup && reply.statusCode < 400 && !request.accessChecked) {
      const route = `${request.method} ${request.routeOptions.url}`;
      app.uncheckedAccess.add(route);
      request.log.error({ route }, 'checkAfterLookup route answered without requireAccess');
    }
    return payload;
  });

  // Every API route declares what it needs: one forgotten declaration fails at start, not in use.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/fhir/')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), access: 'public' } as typeof route.config;
      return;
    }
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access`);
  });

  // Before validation: a caller without the right learns 401/403, never which field of the body
  // or which id was malformed (and the access matrix can rely on it).
  app.addHook('preValidation', async (request, reply) => {
    const config = request.routeOptions.config as {
      access?: RouteAccess;
      allowPasswordChangePending?: boolean;
      checkAfterLookup?: boolean;
    };
    const access = config.access;
    const isPublic = !access || access === 'public';
    const fhir = FHIR_URL.test(request.url);
    const bearer = bearerOf(request);
    const token = request.cookies?.[SESSION_COOKIE];
    if (bearer !== undefined) {
      // A system client's token; the cookie is not read on such a request. Revoked, expired or
      // unknown: 401 at once (the token lives in the database, so every server agrees).
      const now = app.services.now();
      const found =
        bearer && bearer.length < 200
          ? await findPrincipalByToken(app.services.db, tokenIdOf(bearer), now)
          : undefined;
      if (found) {
        const { lastUsedAt, lastUsedIp, ...principal } = found;
        request.principal = principal;
        if (!lastUsedAt || now.getTime() - Date.parse(lastUsedAt) > 60_000 || lastUsedIp !== request.ip)
          await touchClientUse(app.services.db, principal.clientId!, request.ip, now);
      } else if (!isPublic) {
        reply.header(
          'www-authenticate',
          challenge('invalid_token', 'The access token is unknown, expired or revoked'),
        );
        throw new AppError('unauthenticated', 'The access token is unknown, expired or revoked');
      }
    } else if (token && token.length < 200) {
      const sessionId = sessionIdOf(token);
      const found = await findPrincipalBySession(app.services.db, sessionId);
      if (found) {
        const { lastSeenAt, ...principal } = found;
        request.principal = { ...principal, clientId: null };
        request.sessionId = sessionId;
        // Keep the write rate low: note activity at most once a minute.
        if (Date.now() - Date.parse(lastSeenAt) > 60_000) await touchSession(app.services.db, sessionId);
      }
    }
    if (!access || access === 'public') return;
    const p = request.principal;
    if (!p) {
      if (fhir) reply.header('www-authenticate', challenge());
      throw new AppError('unauthenticated', 'Sign in first');
    }
    if (p.mustChangePassword && !config.allowPasswordChangePending) {
      throw forbidden('Change your password first');
    }
    if (p.clientId) {
      // A client's token carries scopes per FHIR resource type: Patient.rs reads patients only.
      const need = fhirScopeNeeded(request.method, request.routeOptions.url ?? '');
      if (need && !scopesAllow(p.scopes ?? [], need)) {
        const scope = `system/${need.type}.${need.op}`;
        reply.header('www-authenticate', challenge('insufficient_scope', undefined, scope));
        throw forbidden(`The access token's scopes do not include ${scope}`);
      }
    }
    if (!config.checkAfterLookup && !principalMeets(p, access)) throw forbidden();
  });
});
