import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

// TRUST_PROXY: whose X-Forwarded-For/-Proto to believe. Off; 1 (every hop: only when nothing reaches
// the server but the proxy); or the proxies' addresses and ranges, or loopback/linklocal/uniquelocal.
// (A hop count is refused: Fastify then believes no X-Forwarded-Proto, so the cookie would never be Secure.)
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const kind = isIP(address);
  if (!kind || rest.length) return false;
  if (bits === undefined) return true;
  if (kind === 4 && isIP(bits) === 4) return true; // a netmask
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128);
}
const trustProxy = z
  .string()
  .trim()
  .default('0')
  .transform((v, ctx): boolean | string => {
    if (v === '' || v === '0' || v === 'false') return false;
    if (v === '1' || v === 'true') return true;
    const entries = v.split(',').map((e) => e.trim());
    if (entries.every(isProxyAddress)) return entries.join(',');
    ctx.addIssue({
      code: 'custom',
      message: "must be 0, 1, or the proxies' addresses or ranges (comma-separated), e.g. 10.0.0.0/8",
    });
    return z.NEVER;
  });

// YILIAN_PUBLIC_URL: the address clients reach the server at (behind the proxy), from which every
// link Yilian writes is built (FHIR links, the token endpoint): never the request's Host header.
const publicUrlValue = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): string | undefined => {
    if (v === undefined || v === '') return undefined;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL, e.g. https://yilian.example.org' });
      return z.NEVER;
    }
    if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an http(s) URL without credentials, query or fragment',
      });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

// The one place that reads the environment. Validated once at start; a bad value stops the
// server with a message that names the variable.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  YILIAN_DATA_DIR: z.string().default('./data'),
  YILIAN_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  YILIAN_WEB_DIST: z.string().optional(),
  YILIAN_SWEEP_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  YILIAN_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUST_PROXY: trustProxy,
  NODE_ENV: z.string().optional(),
  YILIAN_AUDIT_KEY: z
    .string()
    .trim()
    .min(32, 'must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  YILIAN_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  YILIAN_PUBLIC_URL: publicUrlValue,
});

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL when set; otherwise embedded PGlite in dataDir/pg. */
  databaseUrl?: string;
  dataDir: string;
  demo: boolean;
  logLevel: string;
  sessionHours: number;
  webDist?: string;
  /** How often each server looks for referral deadlines that have passed. */
  sweepSeconds: number;
  /** Lockout after this many wrong passwords in a row, for lockMinutes. */
  loginMaxFailures: number;
  lockMinutes: number;
  /** Bearer token that reads /metrics; unset: no /metrics. */
  metricsToken?: string;
  /** Fastify's trustProxy: false, true, or the trusted proxies' addresses (comma-separated). */
  trustProxy: boolean | string;
  /** NODE_ENV=production: whoever signs in with the published demo password must change it first. */
  production: boolean;
  /** Signs the audit trail's checkpoints; unset: a key generated once into dataDir (0600). */
  auditKey?: string;
  /** How often each server signs a checkpoint of the audit trail, when it has grown. */
  auditCheckpointMinutes: number;
  /** Where clients reach the server, without a trailing slash: every link is built on it (public-url.ts). */
  publicUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.YILIAN_DATA_DIR),
    demo: e.YILIAN_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    sessionHours: e.SESSION_HOURS,
    webDist: e.YILIAN_WEB_DIST,
    sweepSeconds: e.YILIAN_SWEEP_SECONDS,
    loginMaxFailures: 5,
    lockMinutes: 15,
    metricsToken: e.YILIAN_METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    production: e.NODE_ENV === 'production',
    auditKey: e.YILIAN_AUDIT_KEY,
    auditCheckpointMinutes: e.YILIAN_AUDIT_CHECKPOINT_MINUTES,
    publicUrl: e.YILIAN_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
  };
}
