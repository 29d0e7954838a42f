import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { sweepDeadlines } from './modules/referral/referral.actions.js';
import { sweepConsultationDeadlines } from './modules/consultation/consultation.service.js';
import { sweepOverdueProblems } from './modules/ledger/ledger-figures.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoIfEmpty } from './demo/seed.js';
import { checkpointStore, writeCheckpoint } from './audit/checkpoint.js';

export async function startServer(config: Config, startedAt = performance.now()): Promise<FastifyInstance> {
  const database: Database = await openDatabase(config);
  await migrateToLatest(database.db);
  const loaded = config.demo ? await loadDemoIfEmpty(database.db) : false;
  const app = await buildApp(config, database);
  app.addHook('onClose', async () => database.close());
  // Deadlines live in the database: sweep at start (timers survive a restart) and then often.
  const sweep = () =>
    Promise.all([
      sweepDeadlines(app.services),
      sweepConsultationDeadlines(app.services),
      sweepOverdueProblems(app.services),
    ]).catch((err: unknown) => app.log.error({ err }, 'deadline sweep failed'));
  const sweeper = setInterval(sweep, config.sweepSeconds * 1000);
  app.addHook('onClose', async () => clearInterval(sweeper));
  await sweep();

  // A signed checkpoint of the audit trail now, every few minutes when it has grown, and at
  // shutdown (onClose hooks run last-added first: before the database closes).
  const checkpoints = checkpointStore(config);
  let running: Promise<unknown> = Promise.resolve();
  const checkpoint = () =>
    (running = running.then(() =>
      writeCheckpoint(database.db, checkpoints, app.services.now(), { onlyIfGrown: true }).catch(
        (err: unknown) => app.log.error({ err }, 'audit checkpoint failed'),
      ),
    ));
  const checkpointer = setInterval(checkpoint, config.auditCheckpointMinutes * 60_000);
  app.addHook('onClose', async () => {
    clearInterval(checkpointer);
    await checkpoint();
  });
  void checkpoint();

  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
  const lines = [`Yilian is ready at http://localhost:${config.port} on ${where} (${seconds} s)`];
  if (config.demo) {
    lines.push(loaded ? 'Demo data loaded: four consortia from the reports.' : 'Demo data present.');
    lines.push(`Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.username.padEnd(22)} ${a.label}`);
  }
  console.log(lines.join('\n'));
  return app;
}
