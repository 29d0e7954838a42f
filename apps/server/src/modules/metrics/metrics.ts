import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sendProblem } from '../../errors.js';

// Prometheus metrics at /metrics: requests by route pattern (never the raw URL, which would carry
// ids and explode the series), method and status; their durations; the database pool; and the
// process's own (CPU, memory, event-loop lag, GC). Readable only with the bearer token in
// YILIAN_METRICS_TOKEN; without one configured, /metrics does not exist (404).

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface MetricsOptions {
  token?: string;
  pool?: () => PoolStats | undefined;
}

function tokenMatches(request: FastifyRequest, token: string): boolean {
  const given = request.headers.authorization ?? '';
  const expected = `Bearer ${token}`;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const metricsPlugin = fp(async (app: FastifyInstance, opts: MetricsOptions) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'yilian_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'yilian_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'yilian_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = (name: keyof PoolStats, help: string) =>
    new Gauge({
      name: `yilian_db_pool_${name}_connections`,
      help,
      registers: [registry],
      collect() {
        const stats = opts.pool?.();
        if (stats) this.set(stats[name]);
      },
    });
  pool('total', 'PostgreSQL pool connections open');
  pool('idle', 'PostgreSQL pool connections idle');
  pool('waiting', 'Queries waiting for a PostgreSQL pool connection');

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!opts.token) return sendProblem(reply, request, 404, 'not_found', 'No route GET /metrics');
    if (!tokenMatches(request, opts.token))
      return sendProblem(reply, request, 401, 'unauthenticated', 'Send the metrics token as a bearer token');
    reply.type(registry.contentType);
    return registry.metrics();
  });
});
