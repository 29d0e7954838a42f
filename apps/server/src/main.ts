import { loadConfig } from './config.js';
import { startServer } from './server.js';

// `npm start`: validate config, open and migrate the database, load demo data on first start,
// listen, and shut down cleanly on SIGINT/SIGTERM.
const started = performance.now();
let config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
startServer(config, started).then(
  (app) => {
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down: finishing requests in flight');
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  },
  (err) => {
    console.error('Yilian failed to start:', err);
    process.exit(1);
  },
);
