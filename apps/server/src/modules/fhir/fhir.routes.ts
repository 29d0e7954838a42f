import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../errors.js';
import type { RouteAccess } from '../../plugins/auth.js';
import { publicUrl } from '../../public-url.js';
import { who } from '../shared/route-context.js';
import { capabilityStatement } from './fhir.capability.js';
import { FHIR_BASE, FHIR_JSON } from './fhir.codes.js';
import { DEFINITION_TYPES, readDefinition } from './fhir.definitions.js';
import { fhirErrorHandler, issue, outcome, sendOutcome } from './fhir.outcome.js';
import { search, searchPublished } from './fhir.query.js';
import * as fhir from './fhir.service.js';
import { matchPatients } from './fhir.match.js';

// FHIR R4 under /fhir/R4, JSON only, with the REST API's session cookie and scope. Hidden from
// the OpenAPI document: its errors are OperationOutcomes, not problem+json. HTTP as R4 asks: an
// unknown path 404, a method the path does not take 405 with Allow, XML asked for 406, a body
// that is not JSON 415; every link on the public base URL (YILIAN_PUBLIC_URL), never on Host.

const hidden = { hide: true };
type Query = Record<string, string | string[] | undefined>;

/** Unknown search parameters answer 400 unless the client prefers lenient handling. */
const lenientOf = (req: FastifyRequest) => /handling\s*=\s*lenient/i.test(String(req.headers.prefer ?? ''));

// ---------------------------------------------------------------------------------------------
// Content negotiation

/** The names of FHIR JSON (application/json+fhir is DSTU2's, still sent by some clients). */
const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);
const JSON_FORMATS = new Set([...JSON_TYPES, 'json']);
const mediaType = (v: string) => v.split(';')[0]!.trim().toLowerCase();

/** Whether an Accept header lets the answer be JSON: none, any type, any application type, or a JSON one. */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((x) => x.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    return JSON_TYPES.has(type) || type === '*/*' || type === 'application/*';
  });
}

function notAcceptable(reply: FastifyReply, what: string) {
  return sendOutcome(
    reply,
    406,
    outcome([
      issue('error', 'not-supported', `${what}: this server answers JSON only (application/fhir+json)`),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Unknown paths and methods

/** The routes under /fhir as registered (method, path as a pattern), for the Allow header. */
const registered = new Map<string, { method: string; pattern: RegExp }>();

function noteRoute(method: string | string[], url: string) {
  const pattern = new RegExp(
    `^${url
      .replace(/\/$/, '')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:[A-Za-z]+/g, '[^/]+')}/?$`,
  );
  for (const m of Array.isArray(method) ? method : [method])
    registered.set(`${m} ${url}`, { method: m, pattern });
}

/** The methods a path under /fhir takes; none: no such path. */
export function allowedMethods(path: string): string[] {
  const methods = new Set<string>();
  for (const r of registered.values()) if (r.pattern.test(path)) methods.add(r.method);
  return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => methods.has(m));
}

/**
 * What answers a request under /fhir that no route took: 405 with Allow when the path exists
 * with other methods, else 404. Also called by the application's not-found handler, so that the
 * web app's page never answers under /fhir (its static files' catch-all route matches every GET).
 */
export function fhirNotFound(req: FastifyRequest, reply: FastifyReply) {
  const path = req.url.split('?')[0]!;
  const allowed = allowedMethods(path);
  if (allowed.length && !allowed.includes(req.method)) {
    reply.header('allow', allowed.join(', '));
    return sendOutcome(
      reply,
      405,
      outcome([
        issue(
          'error',
          'not-supported',
          `${path} does not take ${req.method}; it takes ${allowed.join(', ')}`,
        ),
      ]),
    );
  }
  return sendOutcome(
    reply,
    404,
    outcome([issue('error', 'not-supported', `No FHIR interaction ${req.method} ${path}`)]),
  );
}

// ---------------------------------------------------------------------------------------------

export async function fhirRoutes(app: FastifyInstance) {
  await app.register(fhirR4, { prefix: FHIR_BASE });
}

async function fhirR4(app: FastifyInstance) {
  // As under /api: a route without a declared access stops the server at start.
  app.addHook('onRoute', (route) => {
    if (!(route.config as { access?: RouteAccess } | undefined)?.access)
      throw new Error(`route ${route.method} ${route.url} declares no access`);
    noteRoute(route.method, route.url);
  });
  app.setErrorHandler(fhirErrorHandler);
  app.setNotFoundHandler(fhirNotFound);
  app.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.addContentTypeParser(
    'application/json+fhir',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  // JSON only, both ways: XML (or anything else) asked for by Accept or _format is 406; a body
  // in anything but JSON is 415, before any parser (text/plain, multipart …) reads it.
  app.addHook('onRequest', async (req, reply) => {
    const format = (req.query as Query)._format;
    const formats = Array.isArray(format) ? format : format === undefined ? [] : [format];
    const bad = formats.find((f) => !JSON_FORMATS.has(mediaType(f)));
    if (bad !== undefined) return notAcceptable(reply, `_format=${bad}`);
    const accept = req.headers.accept;
    if (formats.length === 0 && !acceptsJson(accept)) return notAcceptable(reply, `Accept: ${accept}`);
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const type = req.headers['content-type'];
    if (hasBody && !JSON_TYPES.has(mediaType(type ?? '')))
      throw new AppError(
        'unsupported_media_type',
        `Content-Type ${type ?? '(none)'}: a body is JSON (application/fhir+json)`,
      );
  });
  app.addHook('onSend', async (_req, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.type(FHIR_JSON);
  });
  const s = app.services;
  const base = publicUrl(s.config, FHIR_BASE);

  app.get('/metadata', { config: { access: 'public' }, schema: hidden }, async () =>
    capabilityStatement(base, s.now()),
  );

  for (const type of fhir.FHIR_TYPES) {
    app.get(`/${type}`, { config: { access: 'referral.read' }, schema: hidden }, async (req) =>
      search(s, who(req).p, type, req.query as Query, { lenient: lenientOf(req), base }),
    );
    app.get<{ Params: { id: string } }>(
      `/${type}/:id`,
      { config: { access: 'referral.read' }, schema: hidden },
      async (req) => fhir.read(s, who(req).p, type, req.params.id),
    );
  }

  // Yilian's CodeSystems, extensions and NamingSystems: public, like the CapabilityStatement.
  for (const type of DEFINITION_TYPES) {
    app.get(`/${type}`, { config: { access: 'public' }, schema: hidden }, async (req) =>
      searchPublished(type, req.query as Query, { lenient: lenientOf(req), base }),
    );
    app.get<{ Params: { id: string } }>(
      `/${type}/:id`,
      { config: { access: 'public' }, schema: hidden },
      async (req) => {
        const found = readDefinition(type, req.params.id);
        if (!found) throw notFound(`${type}/${req.params.id}`);
        return found;
      },
    );
  }

  app.get<{ Params: { id: string } }>(
    '/Bundle/referral-:id',
    { config: { access: 'referral.read' }, schema: hidden },
    async (req) => fhir.exportReferral(s, who(req).p, req.params.id),
  );

  app.post('/', { config: { access: 'referral.create' }, schema: hidden }, async (req) => {
    const { p, actor } = who(req);
    return fhir.importBundle(s, p, actor, req.body);
  });

  // A single ServiceRequest (conditional with If-None-Exist): 201 with Location, or 200 with the
  // referral the query (or the sender's order number) already names.
  app.post(
    '/ServiceRequest',
    { config: { access: 'referral.create' }, schema: hidden },
    async (req, reply) => {
      const { p, actor } = who(req);
      const ifNoneExist = req.headers['if-none-exist'];
      const done = await fhir.createServiceRequest(
        s,
        p,
        actor,
        req.body,
        Array.isArray(ifNoneExist) ? ifNoneExist[0] : ifNoneExist,
      );
      const prefer = String(req.headers.prefer ?? '');
      reply
        .code(done.created ? 201 : 200)
        .header('location', `${base}/ServiceRequest/${done.id}`)
        .header('last-modified', new Date(done.resource.meta!.lastUpdated!).toUTCString());
      if (/return\s*=\s*minimal/i.test(prefer)) return reply.send();
      return /return\s*=\s*OperationOutcome/i.test(prefer) ? done.outcome : done.resource;
    },
  );

  // Patient/$match: scored candidates among the patients of the referrals the caller sees. A POST
  // that reads, but by identity number: only the staff who refer or receive patients may ask.
  app.post(
    '/Patient/$match',
    { config: { access: ['referral.create', 'referral.handle'] }, schema: hidden },
    async (req) => matchPatients(s, who(req).p, who(req).actor, req.body, base),
  );
}
