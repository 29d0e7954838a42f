import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AGREEMENT_DOCUMENT_MAX_BYTES } from '@yilian/domain';
import type { Config } from './config.js';
import type { Services } from './context.js';
import type { Database } from './db/connection.js';
import { clientErrorHandler, errorHandler, sendProblem } from './errors.js';
import { authPlugin } from './plugins/auth.js';
import { routeTablePlugin } from './plugins/route-table.js';
import { csrfPlugin } from './plugins/csrf.js';
import { metricsPlugin } from './modules/metrics/metrics.js';
import { acceptRequestId, logSerializers } from './security/log-redaction.js';
import { folderFileStore } from './storage/file-store.js';
import { NotificationBus } from './modules/notification/bus.js';
import { VERSION } from './version.js';
import { agreementRoutes } from './modules/agreement/agreement.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { consortiumRoutes } from './modules/consortium/consortium.routes.js';
import { departmentRoutes } from './modules/department/department.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { institutionRoutes } from './modules/institution/institution.routes.js';
import { regionRoutes } from './modules/region/region.routes.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { userRoutes } from './modules/user/user.routes.js';
import { clientRoutes } from './modules/client/client.routes.js';
import { exportRoutes } from './modules/export/export.routes.js';
import { referralRoutes } from './modules/referral/referral.routes.js';
import { patientRoutes } from './modules/patient/patient.routes.js';
import { notificationRoutes } from './modules/notification/notification.routes.js';
import { sharingRoutes } from './modules/sharing/sharing.routes.js';
import { consultationRoutes } from './modules/consultation/consultation.routes.js';
import { activityRoutes } from './modules/activity/activity.routes.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { personnelFiguresRoutes } from './modules/personnel-figures/figures.routes.js';
import { meetingRoutes } from './modules/meeting/meeting.routes.js';
import { meetingExtraRoutes } from './modules/meeting/meeting-extras.routes.js';
import { ledgerRoutes } from './modules/ledger/ledger.routes.js';
import { myWorkRoutes } from './modules/mywork/mywork.routes.js';
import { dispatchRoutes } from './modules/dispatch/dispatch.routes.js';
import { councilRoutes } from './modules/council/council.routes.js';
import { goalRoutes } from './modules/goal/goal.routes.js';
import { projectRoutes } from './modules/goal/project.routes.js';
import { fhirNotFound, fhirRoutes } from './modules/fhir/fhir.routes.js';
import { indicatorRoutes } from './modules/indicator/indicator.routes.js';
import { assessmentRoutes } from './modules/indicator/assessment.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

const NO_STORE = /^\/(api|fhir)(\/|\?|$)/;
const CACHEABLE = /^\/api\/(openapi\.json|docs)(\/|\?|$)/;

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_WEB_DIST = path.resolve(here, '../../web/dist');

/** Builds the whole application on an open, migrated database. Never listens: tests inject. */
export async function buildApp(config: Config, database: Database): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Sessions and passwords never reach the log.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      // No patient identifiers in the log: query values and long digit runs are masked.
      serializers: logSerializers,
    },
    // A client's request id is logged with every line of its request: only a well-formed one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return acceptRequestId(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Refusals of Node's HTTP parser (431 for oversized headers ...) as problem+json.
    clientErrorHandler,
    // TRUST_PROXY: off unless the operator names the proxy; then its X-Forwarded-For is the client's
    // address and its X-Forwarded-Proto: https makes the session cookie Secure.
    trustProxy: config.trustProxy,
    // Errors the router raises before any route runs (an id longer than a path segment may be, a
    // malformed URL) answer problem+json like every other refusal.
    frameworkErrors: (error, request, reply) =>
      sendProblem(reply, request, error.statusCode ?? 400, 'bad_request', error.message.slice(0, 200)),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  const bus = new NotificationBus();
  app.decorate('services', {
    db: database.db,
    dbKind: database.kind,
    config,
    files: folderFileStore(path.join(config.dataDir, 'files')),
    now: () => new Date(),
    bus,
  } satisfies Services);
  await bus.start(database);
  app.addHook('onClose', async () => bus.close());
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Answers of the API and of FHIR carry patient data, or may (an error naming a record): no
    // browser, proxy or shared cache may keep them. Only the API's own description is public.
    if (NO_STORE.test(request.url) && !CACHEABLE.test(request.url)) reply.header('cache-control', 'no-store');
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: AGREEMENT_DOCUMENT_MAX_BYTES, files: 1, fields: 5 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Yilian API', description: 'Medical consortium platform (医联体)', version: VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yilian_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(routeTablePlugin);
  await app.register(csrfPlugin);
  await app.register(metricsPlugin, { token: config.metricsToken, pool: database.poolStats });
  await app.register(authPlugin);

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(regionRoutes);
  await app.register(consortiumRoutes);
  await app.register(institutionRoutes);
  await app.register(departmentRoutes);
  await app.register(staffRoutes);
  await app.register(agreementRoutes);
  await app.register(userRoutes);
  await app.register(clientRoutes);
  await app.register(auditRoutes);
  await app.register(exportRoutes);
  await app.register(referralRoutes);
  await app.register(patientRoutes);
  await app.register(notificationRoutes);
  await app.register(sharingRoutes);
  await app.register(consultationRoutes);
  await app.register(activityRoutes);
  await app.register(trainingRoutes);
  await app.register(personnelFiguresRoutes);
  await app.register(meetingRoutes);
  await app.register(meetingExtraRoutes);
  await app.register(ledgerRoutes);
  await app.register(myWorkRoutes);
  await app.register(dispatchRoutes);
  await app.register(councilRoutes);
  await app.register(goalRoutes);
  await app.register(projectRoutes);
  await app.register(fhirRoutes);
  await app.register(indicatorRoutes);
  await app.register(assessmentRoutes);
  await app.register(dashboardRoutes);

  const webDist = config.webDist ?? DEFAULT_WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      index: false,
      // Hashed assets may be cached for good; index.html must not be.
      setHeaders: (res, file) =>
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  }
  // The app's entry page: '/' is a folder to the static plugin, so it is served here.
  if (hasWeb) app.get('/', (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  app.setNotFoundHandler((request, reply) => {
    // Under /fhir an OperationOutcome, never the web page (the static catch-all takes every GET).
    if (/^\/fhir(\/|\?|$)/.test(request.url)) return fhirNotFound(request, reply);
    if (request.url.startsWith('/api') || !hasWeb || request.method !== 'GET') {
      return sendProblem(
        reply,
        request,
        404,
        'not_found',
        `No route ${request.method} ${request.url.split('?')[0]}`,
      );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
