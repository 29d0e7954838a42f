import { parentPort, workerData } from 'node:worker_threads';
import type { PlanInstance } from '@yilian/domain';
import { optimizePlan, type OptimizeOptions } from './optimizer.js';

// Entry point of the solver thread started by solve-in-worker.ts. It is bundled on its own as
// apps/server/dist/plan-worker.js for `npm start` (see the build:server script) and run from this
// TypeScript file through tsx in development and tests. One solve per thread: the thread ends
// when the result is posted, and cancelling terminates it.

export type WorkerMessage =
  | { type: 'progress'; progress: import('@yilian/domain').PlanProgress }
  | { type: 'result'; result: import('@yilian/domain').PlanResult }
  | { type: 'error'; message: string };

const { instance, options } = workerData as {
  instance: PlanInstance;
  options: Omit<OptimizeOptions, 'onProgress'>;
};
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

optimizePlan(instance, { ...options, onProgress: (progress) => post({ type: 'progress', progress }) }).then(
  (result) => post({ type: 'result', result }),
  (err: unknown) =>
    post({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
);
