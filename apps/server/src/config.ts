import path from 'node:path';
import { z } from 'zod';

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
  /** Signs the audit trail's checkpoints; unset: a key generated once into dataDir (0600). */
  auditKey?: string;
  /** How often each server signs a checkpoint of the audit trail, when it has grown. */
  auditCheckpointMinutes: number;
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
    auditKey: e.YILIAN_AUDIT_KEY,
    auditCheckpointMinutes: e.YILIAN_AUDIT_CHECKPOINT_MINUTES,
  };
}
