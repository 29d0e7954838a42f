import type {
  PlanDemand,
  PlanDepartment,
  PlanExpert,
  PlanInstance,
  PlanPeriod,
  PlanSite,
} from '@yilian/domain';

// Seeded generator of dispatch-planning instances for tests and the benchmark. The shape follows
// how a consortium actually dispatches: a few sending hospitals whose departments each hold one
// specialty; county sites that ask for the same few specialties period after period (so keeping
// an expert at a site pays off); titles skewed towards mid-level; experts with blocks of
// unavailability (leave, exams, duty rosters); and slightly more demand than supply, so some
// places stay empty and the unmet-demand explanation has something to say.

export interface GenerateOptions {
  experts: number;
  sites: number;
  periods: number;
  seed: number;
  /** Number of specialties in the pool; defaults to a value that scales with the size. */
  specialties?: number;
  /** Weeks in one period; defaults to 4 when there are 12 periods or fewer, else 2 (a year either way). */
  weeksPerPeriod?: number;
}

const SPECIALTY_CODES = [
  'internal_medicine',
  'general_surgery',
  'pediatrics',
  'obstetrics_gynecology',
  'cardiology',
  'respiratory',
  'orthopedics',
  'emergency',
  'anesthesiology',
  'radiology',
  'neurology',
  'nephrology',
  'gastroenterology',
  'ophthalmology',
  'ent',
  'dermatology',
];

/** mulberry32: small, fast and good enough for reproducible instances. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateInstance(opts: GenerateOptions): PlanInstance {
  const rnd = seededRandom(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  const weeks = opts.weeksPerPeriod ?? (opts.periods <= 12 ? 4 : 2);
  const periods: PlanPeriod[] = [];
  const start = Date.UTC(2027, 0, 4); // a Monday
  for (let i = 0; i < opts.periods; i++) {
    const from = new Date(start + i * weeks * 7 * 86_400_000);
    const to = new Date(from.getTime() + (weeks * 7 - 1) * 86_400_000);
    periods.push({ index: i, start: iso(from), end: iso(to), weeks });
  }

  const nSpecialties = Math.min(
    SPECIALTY_CODES.length,
    opts.specialties ?? Math.max(3, Math.round(Math.sqrt(opts.experts) * 0.9)),
  );
  const specialties = SPECIALTY_CODES.slice(0, nSpecialties);

  // Departments: one or two per specialty (at different sending hospitals), experts spread over them.
  const departments: PlanDepartment[] = [];
  const deptSpecialty: string[] = [];
  for (const s of specialties) {
    const copies = opts.experts >= 60 && rnd() < 0.5 ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      departments.push({ id: `dept-${departments.length + 1}`, name: `${s} ${c + 1}`, maxAway: 0 });
      deptSpecialty.push(s);
    }
  }
  const experts: PlanExpert[] = [];
  const deptSize = new Array<number>(departments.length).fill(0);
  const yearWeeks = weeks * opts.periods;
  for (let i = 0; i < opts.experts; i++) {
    // The first pass gives every department someone; the rest are spread at random.
    const d = i < departments.length ? i : int(0, departments.length - 1);
    deptSize[d]++;
    const r = rnd();
    const titleRank = r < 0.15 ? 1 : r < 0.5 ? 2 : r < 0.8 ? 3 : 4;
    const unavailable = new Set<number>();
    for (let g = int(0, 2); g > 0; g--) {
      const from = int(0, opts.periods - 1);
      for (let p = from; p < Math.min(opts.periods, from + int(1, 3)); p++) unavailable.add(p);
    }
    experts.push({
      id: `exp-${i + 1}`,
      name: `Expert ${i + 1}`,
      specialty: deptSpecialty[d],
      titleRank,
      departmentId: departments[d].id,
      availablePeriods: periods.map((p) => p.index).filter((p) => !unavailable.has(p)),
      // Between a quarter and a half of the planning horizon, in whole periods.
      maxWeeksAway: weeks * Math.max(1, Math.round((yearWeeks / weeks) * (0.25 + 0.25 * rnd()))),
    });
  }
  // A department keeps at least 60% of its people at home, and may always spare one.
  departments.forEach((dep, i) => (dep.maxAway = Math.max(1, Math.floor(deptSize[i] * 0.4))));

  const sites: PlanSite[] = [];
  const demands: PlanDemand[] = [];
  for (let s = 0; s < opts.sites; s++) {
    const site = { id: `site-${s + 1}`, name: `County hospital ${s + 1}` };
    sites.push(site);
    const needs = new Set<string>();
    for (let k = int(2, 3); k > 0; k--) needs.add(pick(specialties));
    const basePriority = int(1, 4);
    for (const specialty of needs) {
      const minTitleRank = rnd() < 0.6 ? 2 : 3;
      for (const p of periods) {
        if (rnd() < 0.3) continue; // not every need is asked for in every period
        demands.push({
          id: `dem-${demands.length + 1}`,
          siteId: site.id,
          periodIndex: p.index,
          specialty,
          minTitleRank,
          count: rnd() < 0.8 ? 1 : 2,
          priority: Math.min(5, basePriority + (rnd() < 0.3 ? 1 : 0)),
        });
      }
    }
  }
  return {
    periods,
    sites,
    departments,
    experts,
    demands,
    locks: [],
    weights: { continuity: 0.5, fairness: 0.05 },
  };
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
