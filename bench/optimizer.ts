import os from 'node:os';
import { generateInstance } from '../apps/server/src/modules/planning/generate-instance.js';
import { greedyPlan } from '../apps/server/src/modules/planning/greedy.js';
import { optimizePlan } from '../apps/server/src/modules/planning/optimizer.js';
import { checkHardRules } from '../apps/server/src/modules/planning/rules.js';

// Dispatch-plan optimizer on generated instances of the three sizes of issue 4 (fixed seeds),
// beside the greedy baseline (highest priority first) on the same instance in the same run.
// Targets: the first two sizes solved to optimality within 10 s each; the largest gives a
// feasible plan within its 60 s limit, with the gap it proved. Every plan is re-checked against
// the hard rules; a violation fails the run.

const cases = [
  { experts: 30, sites: 5, periods: 12, seed: 1, limit: 10 },
  { experts: 100, sites: 20, periods: 26, seed: 1, limit: 10 },
  { experts: 300, sites: 40, periods: 26, seed: 1, limit: 60 },
];

const rows: string[] = [];
let failed = false;
for (const c of cases) {
  const instance = generateInstance(c);
  const greedy = greedyPlan(instance);
  const cpu0 = process.cpuUsage();
  const result = await optimizePlan(instance, { timeLimitSeconds: c.limit });
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  for (const [name, r] of [
    ['optimizer', result],
    ['greedy', greedy],
  ] as const) {
    const broken = checkHardRules(instance, r.assignments);
    if (broken.length) {
      failed = true;
      console.error(`${name} plan breaks ${broken.length} rules, e.g. ${broken[0]}`);
    }
  }
  const n = (x: number | null, d = 2) => (x === null ? '–' : x.toFixed(d));
  rows.push(
    `| ${c.experts} × ${c.sites} × ${c.periods} | ${result.stats.variables} / ${result.stats.constraints} | ` +
      `${result.status} | ${n(result.stats.seconds)} | ${n(cpuSeconds)} | ${n(result.objective, 2)} | ${n(result.bound, 2)} | ` +
      `${result.gap === null ? '–' : (result.gap * 100).toFixed(3) + '%'} | ${result.coverage.filled}/${result.coverage.demanded} | ` +
      `${n(greedy.stats.seconds, 3)} | ${n(greedy.objective, 2)} | ${greedy.coverage.filled}/${greedy.coverage.demanded} |`,
  );
  console.error(
    `done ${c.experts} × ${c.sites} × ${c.periods}: ${result.status} in ${n(result.stats.seconds)} s`,
  );
}

console.log(
  `\nDispatch-plan optimizer (HiGHS 1.15 in WebAssembly, node ${process.version}), seed 1, limits 10/10/60 s\n`,
);
console.log(
  '| experts × sites × periods | variables / constraints | status | time (s) | CPU (s) | objective | bound | gap | filled | greedy time (s) | greedy objective | greedy filled |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
// The machine may be shared: CPU seconds beside wall seconds show how much of a core the solver got.
for (const r of rows) console.log(r);
console.log(
  `\nload average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')} on ${os.cpus().length} cores`,
);
if (failed) process.exit(1);
