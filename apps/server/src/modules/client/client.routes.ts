import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CLIENT_KEY_ALGS,
  CLIENT_SCOPES,
  idParams,
  pageOf,
  systemClient,
  systemClientCreate,
  systemClientKeys,
  systemClientListQuery,
  systemClientRevoke,
} from '@yilian/domain';
import { LoginThrottle } from '../auth/login-throttle.js';
import { who } from '../shared/route-context.js';
import * as clients from './client.service.js';
import { issueToken, OAuthError, TOKEN_PATH, tokenUrl } from './token.service.js';

// System clients: managed under /api/v1/clients (platform admin, the institution's administrator),
// the OAuth token endpoint at /auth/token, and the SMART configuration that names it.

const tags = ['system clients'];

export async function clientRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  r.get(
    '/api/v1/clients',
    {
      config: { access: 'client.manage' },
      schema: {
        tags,
        summary: 'System clients (hospital systems calling the FHIR API) of the institutions one manages',
        querystring: systemClientListQuery,
        response: { 200: pageOf(systemClient) },
      },
    },
    async (req) => clients.list(s, who(req).p, req.query),
  );

  r.get(
    '/api/v1/clients/:id',
    {
      config: { access: 'client.manage' },
      schema: { tags, params: idParams, response: { 200: systemClient } },
    },
    async (req) => clients.get(s, who(req).p, req.params.id),
  );

  r.post(
    '/api/v1/clients',
    {
      config: { access: 'client.manage' },
      schema: {
        tags,
        summary: 'Register a system client with its scopes and its public keys (a JWKS of RS384/ES384 keys)',
        body: systemClientCreate,
        response: { 201: systemClient },
      },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      reply.code(201);
      return clients.register(s, p, actor, req.body);
    },
  );

  r.put(
    '/api/v1/clients/:id/keys',
    {
      config: { access: 'client.manage' },
      schema: {
        tags,
        summary: 'Replace the public keys (JWKS); the tokens issued so far end',
        params: idParams,
        body: systemClientKeys,
        response: { 200: systemClient },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return clients.rotateKeys(s, p, actor, req.params.id, req.body);
    },
  );

  r.post(
    '/api/v1/clients/:id/revoke',
    {
      config: { access: 'client.manage' },
      schema: {
        tags,
        summary: 'Revoke the client: its tokens stop working at once and it gets no new ones',
        params: idParams,
        body: systemClientRevoke,
        response: { 200: systemClient },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return clients.revoke(s, p, actor, req.params.id, req.body);
    },
  );

  // SMART App Launch 2.x §Conformance: the configuration, relative to the FHIR base, names the
  // token endpoint and what it accepts. Public, as every FHIR server's discovery documents are.
  r.get(
    '/fhir/R4/.well-known/smart-configuration',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_req, reply) => {
      reply.type('application/json');
      return {
        token_endpoint: tokenUrl(s),
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: [...CLIENT_KEY_ALGS],
        grant_types_supported: ['client_credentials'],
        scopes_supported: [...CLIENT_SCOPES],
        capabilities: ['client-confidential-asymmetric', 'permission-v2'],
      };
    },
  );

  await app.register(tokenEndpoint);
}

/** OAuth answers: never cached (RFC 6749 §5.1), errors as `{error, error_description}` (§5.2). */
function sendOAuth(reply: FastifyReply, status: number, body: object) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json')
    .send(body);
}

/** The token endpoint in a context of its own: form bodies only, OAuth errors, not problem+json. */
async function tokenEndpoint(app: FastifyInstance) {
  const s = app.services;
  // Per address, every request; per client, the requests that proved the client's key.
  const byAddress = new LoginThrottle(120, 5 * 60_000);
  const byClient = new LoginThrottle(60, 5 * 60_000);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      const params = new URLSearchParams(body as string);
      const out: Record<string, string> = {};
      for (const [k, v] of params) {
        // RFC 6749 §3.2: a parameter may not be sent twice.
        if (k in out) return done(new OAuthError(400, 'invalid_request', `${k} is sent more than once`));
        out[k] = v;
      }
      done(null, out);
    },
  );
  app.setErrorHandler((err: FastifyError | OAuthError, req, reply) => {
    if (err instanceof OAuthError) {
      if (err.status === 429) reply.header('retry-after', '60');
      return sendOAuth(reply, err.status, { error: err.error, error_description: err.description });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const description =
        status === 415
          ? 'the body must be application/x-www-form-urlencoded'
          : status === 413
            ? 'the request body is too large'
            : err.message.slice(0, 200);
      return sendOAuth(reply, status === 413 ? 413 : 400, {
        error: 'invalid_request',
        error_description: description,
      });
    }
    req.log.error({ err }, 'token endpoint failed');
    return sendOAuth(reply, 500, { error: 'server_error', error_description: 'the server could not answer' });
  });

  app.post(
    TOKEN_PATH,
    {
      config: { access: 'public' },
      schema: { hide: true },
    },
    async (req, reply) => {
      if (!byAddress.allow(req.ip))
        throw new OAuthError(
          429,
          'invalid_request',
          'too many token requests from this address; wait a few minutes',
        );
      const body = (req.body ?? {}) as Record<string, string>;
      if (typeof body !== 'object' || Array.isArray(body))
        throw new OAuthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
      const answer = await issueToken(s, body, req.ip, (id) => byClient.allow(id));
      return sendOAuth(reply, 200, answer);
    },
  );
}
