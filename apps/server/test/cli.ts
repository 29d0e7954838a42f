import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

/** Runs `npm run yilian -- ...args` as a separate process on the database `env` names. */
export async function runYilian(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/cli/yilian.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
