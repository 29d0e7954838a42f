import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { PlanProgress } from '@yilian/domain';
import { generateInstance } from './generate-instance.js';
import { optimizePlan } from './optimizer.js';
import { solveInWorker } from './solve-in-worker.js';

// The solver thread from TypeScript source (as in vitest and `npm run dev:server`), and from an
// esbuild bundle built with the same flags as `npm run build:server` (as in `npm start`).

const root = path.resolve(import.meta.dirname, '../../../../..');
const instance = generateInstance({ experts: 12, sites: 3, periods: 4, seed: 11 });

describe('solveInWorker', () => {
  it('returns what optimizePlan returns in-thread and reports progress', async () => {
    const progress: PlanProgress[] = [];
    const inThread = await optimizePlan(instance, { timeLimitSeconds: 20 });
    const ticks: number[] = [];
    // The event loop keeps turning while the worker solves.
    const timer = setInterval(() => ticks.push(Date.now()), 20);
    const viaWorker = await solveInWorker(instance, {
      timeLimitSeconds: 20,
      onProgress: (p) => progress.push(p),
    }).finally(() => clearInterval(timer));
    expect(inThread.status).toBe('optimal');
    expect(viaWorker.status).toBe('optimal');
    expect(viaWorker.objective).toBeCloseTo(inThread.objective!, 6);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['building', 'solving', 'done']));
    expect(ticks.length).toBeGreaterThan(3);
  });

  it('rejects with an AbortError when cancelled mid-solve', async () => {
    const big = generateInstance({ experts: 100, sites: 20, periods: 26, seed: 2 });
    const controller = new AbortController();
    const started = Date.now();
    const solving = solveInWorker(big, {
      timeLimitSeconds: 60,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'solving') controller.abort();
      },
    });
    await expect(solving).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(solveInWorker(instance, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('runs from an esbuild bundle, finding the bundled worker beside it', async () => {
    // Under node_modules so the bundle's external packages (highs) resolve as they do from dist/.
    const dir = path.join(root, 'node_modules', '.cache', `plan-worker-test-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const entry = path.join(dir, 'check.ts');
      writeFileSync(
        entry,
        `import { solveInWorker } from ${JSON.stringify(path.join(import.meta.dirname, 'solve-in-worker.ts'))};
         import { generateInstance } from ${JSON.stringify(path.join(import.meta.dirname, 'generate-instance.ts'))};
         const r = await solveInWorker(generateInstance({ experts: 12, sites: 3, periods: 4, seed: 11 }), { timeLimitSeconds: 20 });
         console.log(JSON.stringify({ status: r.status, objective: r.objective }));`,
      );
      await build({
        entryPoints: [entry, path.join(import.meta.dirname, 'plan-worker.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        alias: { '@yilian/domain': path.join(root, 'packages/domain/src/index.ts') },
        outdir: dir,
        entryNames: '[name]',
        logLevel: 'warning',
      });
      const run = spawnSync(process.execPath, [path.join(dir, 'check.js')], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      const inThread = await optimizePlan(instance, { timeLimitSeconds: 20 });
      expect(JSON.parse(run.stdout)).toEqual({ status: 'optimal', objective: inThread.objective });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
