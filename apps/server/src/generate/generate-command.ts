import { parseArgs } from 'node:util';
import type { Database } from '../db/connection.js';
import { generateNational, NATIONAL } from './national.js';

export const GENERATE_USAGE = `  generate [--fraction F] [--referrals N] [--months M] [--tag T]
                                            national-scale generated data: F of ${NATIONAL.consortia} consortia,
                                            ${NATIONAL.institutions} institutions and ${NATIONAL.referralsPerYear} referrals a year (default F = 0.001)`;

/** `npm run yilian -- generate ...`; options are checked before the database is opened. */
export async function generateCommand(
  args: string[],
  withDb: (fn: (d: Database) => Promise<number>) => Promise<number>,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      fraction: { type: 'string', default: '0.001' },
      referrals: { type: 'string' },
      months: { type: 'string', default: '12' },
      tag: { type: 'string' },
    },
  });
  const fraction = Number(values.fraction);
  const referrals = values.referrals === undefined ? undefined : Number(values.referrals);
  const months = Number(values.months);
  const problems = [
    !(fraction > 0 && fraction <= 1) && '--fraction must be a number in (0, 1]',
    referrals !== undefined &&
      !(Number.isInteger(referrals) && referrals >= 0) &&
      '--referrals must be a whole number',
    !(Number.isInteger(months) && months >= 1 && months <= 60) && '--months must be 1 to 60',
    values.tag !== undefined &&
      !/^[A-Z][A-Z0-9]{0,11}$/.test(values.tag) &&
      '--tag must be capital letters and digits',
  ].filter(Boolean);
  if (problems.length) {
    for (const p of problems) console.error(p);
    return 2;
  }
  return withDb(async (database) => {
    const result = await generateNational(
      database.db,
      { userId: null, username: 'yilian generate', ip: null },
      { fraction, referrals, months, tag: values.tag },
      (m) => console.log(m),
    );
    console.log(
      `Generated ${result.tag}: ${result.consortia} consortia, ${result.institutions} institutions, ` +
        `${result.patients} patients, ${result.referrals} referrals in ${result.seconds.toFixed(1)} s`,
    );
    return 0;
  });
}
