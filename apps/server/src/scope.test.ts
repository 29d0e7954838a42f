import { describe, expect, it } from 'vitest';
import { regionPrefix } from './scope.js';
import { parentOf, regionByCode, searchRegions } from './modules/region/regions.js';
import { LoginThrottle } from './modules/auth/login-throttle.js';
import { loadConfig } from './config.js';
import { pgTimestampToIso } from './db/connection.js';

describe('regions (GB/T 2260)', () => {
  it('reduces a code to the prefix its children share', () => {
    expect(regionPrefix('320000')).toBe('32');
    expect(regionPrefix('320600')).toBe('3206');
    expect(regionPrefix('320614')).toBe('320614');
  });

  it('knows the counties of the reports and their full names', () => {
    expect(regionByCode('320614')?.fullName).toBe('江苏省南通市海门区');
    expect(regionByCode('510524')?.fullName).toBe('四川省泸州市叙永县');
    expect(regionByCode('331121')?.name).toBe('青田县');
    expect(regionByCode('999999')).toBeUndefined();
    expect(parentOf('320614')).toBe('320600');
    expect(parentOf('320600')).toBe('320000');
  });

  it('searches by name and lists children', () => {
    expect(searchRegions({ q: '叙永' }).map((r) => r.code)).toContain('510524');
    expect(searchRegions({ parent: '320600' }).map((r) => r.code)).toContain('320614');
  });
});

describe('login throttle', () => {
  it('allows max attempts per window, then refuses until the window passes', () => {
    const t = new LoginThrottle(3, 1000);
    expect([t.allow('ip', 0), t.allow('ip', 1), t.allow('ip', 2), t.allow('ip', 3)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(t.allow('other', 3)).toBe(true);
    expect(t.allow('ip', 1500)).toBe(true);
  });
});

describe('config', () => {
  it('defaults to PGlite in ./data on port 8080 with demo data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, databaseUrl: undefined, demo: true });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('fails fast naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(loadConfig({ YILIAN_DEMO: '0' }).demo).toBe(false);
  });
});

describe('timestamps from PostgreSQL', () => {
  it('become ISO strings in UTC', () => {
    expect(pgTimestampToIso('2026-11-25 10:09:19.123456+08')).toBe('2026-11-25T02:09:19.123Z');
    expect(pgTimestampToIso('2026-11-25 02:09:19+00')).toBe('2026-11-25T02:09:19.000Z');
    expect(pgTimestampToIso('2026-11-25 02:09:19.5+05:30')).toBe('2026-11-24T20:39:19.500Z');
  });
});
