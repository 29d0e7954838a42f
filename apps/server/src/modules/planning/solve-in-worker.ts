import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PlanInstance, PlanProgress, PlanResult } from '@yilian/domain';
import type { WorkerMessage } from './plan-worker.js';

// Runs optimizePlan in a worker thread, so HiGHS' synchronous solve never blocks the server's
// event loop. Progress messages are forwarded as they arrive (the worker posts them from inside
// HiGHS' callbacks). Cancelling terminates the thread: HiGHS cannot be interrupted from outside
// while it runs, and terminating frees its WebAssembly memory with it.
//
// Which file the thread runs depends on how the server runs:
//   - `npm start` runs the esbuild bundle apps/server/dist/main.js; this code is inside it, so
//     import.meta.url is dist/main.js and the worker is the second bundle dist/plan-worker.js;
//   - `npm run dev:server` (tsx) and vitest run this file as TypeScript, so the worker is
//     plan-worker.ts beside it, loaded through tsx.

export interface SolveInWorkerOptions {
  timeLimitSeconds?: number;
  relativeGap?: number;
  onProgress?: (p: PlanProgress) => void;
  signal?: AbortSignal;
}

export function workerEntry(): { entry: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Node 20 does not apply tsx's module hooks to a worker started with --import tsx, so the
    // thread starts from a line of JavaScript that loads plan-worker.ts through tsx's API.
    // tsx is resolved from this package rather than from the process' working directory.
    // (require.resolve would pick the CommonJS build of the API; the thread imports the ESM one.)
    const tsxDir = path.dirname(createRequire(here).resolve('tsx/package.json'));
    const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
    const worker = new URL('./plan-worker.ts', here).href;
    const code = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(worker)}, ${JSON.stringify(here)}));`;
    return { entry: code, eval: true };
  }
  const url = new URL('./plan-worker.js', here);
  if (!existsSync(fileURLToPath(url)))
    throw new Error(`Solver worker not found at ${fileURLToPath(url)}; run npm run build:server`);
  return { entry: url, eval: false };
}

export function solveInWorker(instance: PlanInstance, opts: SolveInWorkerOptions = {}): Promise<PlanResult> {
  return new Promise<PlanResult>((resolve, reject) => {
    const { signal, onProgress, timeLimitSeconds, relativeGap } = opts;
    if (signal?.aborted) return reject(abortError(signal));
    const { entry, eval: isCode } = workerEntry();
    const worker = new Worker(entry, {
      eval: isCode,
      workerData: { instance, options: { timeLimitSeconds, relativeGap } },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      settle(() => reject(abortError(signal!)));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'result') settle(() => resolve(m.result));
      else settle(() => reject(new Error(`Plan solver failed: ${m.message}`)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`Plan solver thread exited with code ${code}`))),
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error('The plan solve was cancelled');
  err.name = 'AbortError';
  return err;
}
