import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// Start time of `npm start` (less npm's own ~0.3 s): from spawning the server to the first healthy /api/health, on an
// empty data folder (init, migrate, demo data) and on a second start. Beside it, the baseline on
// this machine in the same run: a bare PGlite opening a new folder and reopening it, which is the
// floor any embedded start stands on.

const root = path.resolve(import.meta.dirname, '..');

async function timeStart(dataDir: string, port: number): Promise<number> {
  const t0 = performance.now();
  // What `npm start` runs: the server bundle that `npm install` (prepare) builds.
  const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      YILIAN_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return (performance.now() - t0) / 1000;
      } catch {
        /* not up yet */
      }
      if (performance.now() - t0 > 60_000) throw new Error('not ready after 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function baseline(dir: string) {
  let t0 = performance.now();
  const first = await PGlite.create({ dataDir: dir });
  await first.query('select 1');
  await first.close();
  const create = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const again = await PGlite.create({ dataDir: dir });
  await again.query('select 1');
  await again.close();
  return { create, reopen: (performance.now() - t0) / 1000 };
}

const runs = Number(process.env.RUNS ?? 3);
const rows: string[] = [];
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-bench-'));
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-bench-base-'));
  const port = 18_000 + i;
  const empty = await timeStart(dir, port);
  const second = await timeStart(dir, port);
  const b = await baseline(base);
  rows.push(
    `run ${i + 1}: npm start empty folder ${empty.toFixed(2)} s, second start ${second.toFixed(2)} s | baseline PGlite new folder ${b.create.toFixed(2)} s, reopen ${b.reopen.toFixed(2)} s`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(base, { recursive: true, force: true });
}
console.log(rows.join('\n'));
