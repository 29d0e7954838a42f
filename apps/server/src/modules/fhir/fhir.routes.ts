import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteAccess } from '../../plugins/auth.js';
import { who } from '../shared/route-context.js';
import { capabilityStatement } from './fhir.capability.js';
import { FHIR_BASE, FHIR_JSON } from './fhir.codes.js';
import { fhirErrorHandler, issue, outcome, sendOutcome } from './fhir.outcome.js';
import * as fhir from './fhir.service.js';

// FHIR R4 under /fhir/R4, JSON only, with the REST API's session cookie and scope. Hidden from
// the OpenAPI document: its errors are OperationOutcomes, not problem+json.

const hidden = { hide: true };
type Query = Record<string, string | string[] | undefined>;

const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.host}${FHIR_BASE}`;
const strictOf = (req: FastifyRequest) => /handling\s*=\s*strict/i.test(String(req.headers.prefer ?? ''));

export async function fhirRoutes(app: FastifyInstance) {
  await app.register(fhirR4, { prefix: FHIR_BASE });
}

async function fhirR4(app: FastifyInstance) {
  // As under /api: a route without a declared access stops the server at start.
  app.addHook('onRoute', (route) => {
    if (!(route.config as { access?: RouteAccess } | undefined)?.access)
      throw new Error(`route ${route.method} ${route.url} declares no access`);
  });
  app.setErrorHandler(fhirErrorHandler);
  app.setNotFoundHandler((req, reply) =>
    sendOutcome(
      reply,
      404,
      outcome([
        issue('error', 'not-supported', `No FHIR interaction ${req.method} ${req.url.split('?')[0]}`),
      ]),
    ),
  );
  app.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.addHook('onSend', async (_req, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.type(FHIR_JSON);
  });
  const s = app.services;

  app.get('/metadata', { config: { access: 'public' }, schema: hidden }, async (req) =>
    capabilityStatement(baseOf(req), s.now()),
  );

  for (const type of fhir.FHIR_TYPES) {
    app.get(`/${type}`, { config: { access: 'referral.read' }, schema: hidden }, async (req) =>
      fhir.search(s, who(req).p, type, req.query as Query, { strict: strictOf(req), base: baseOf(req) }),
    );
    app.get<{ Params: { id: string } }>(
      `/${type}/:id`,
      { config: { access: 'referral.read' }, schema: hidden },
      async (req) => fhir.read(s, who(req).p, type, req.params.id),
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
}
