import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { dateBounds, dateRange, tokenValues, ALL } from './fhir.search.js';

// The arithmetic behind date and token search, without a database.

const at = (iso: string) => Date.parse(iso);

describe('date search values', () => {
  it.each([
    ['2024', '2024-01-01T00:00:00+08:00', '2025-01-01T00:00:00+08:00'],
    ['2024-02', '2024-02-01T00:00:00+08:00', '2024-03-01T00:00:00+08:00'],
    ['2024-12', '2024-12-01T00:00:00+08:00', '2025-01-01T00:00:00+08:00'],
    ['2024-02-29', '2024-02-29T00:00:00+08:00', '2024-03-01T00:00:00+08:00'],
    ['2024-02-29T23:59', '2024-02-29T23:59:00+08:00', '2024-03-01T00:00:00+08:00'],
    ['2024-03-01T08:00:00Z', '2024-03-01T08:00:00Z', '2024-03-01T08:00:01Z'],
    ['2024-03-01T08:00:00.5-05:00', '2024-03-01T13:00:00.500Z', '2024-03-01T13:00:00.600Z'],
    ['2024-03-01T08:00:00.123456Z', '2024-03-01T08:00:00.123Z', '2024-03-01T08:00:00.124Z'],
  ])('%s spans [%s, %s)', (value, start, end) => {
    expect(dateRange('d', value)).toEqual({ prefix: 'eq', start: at(start), end: at(end) });
  });

  it.each([
    '2023-02-29',
    '2024-13',
    '2024-00',
    '24',
    '2024-1-5',
    '2024-03-01T25:00',
    'ap2024',
    'xx2024',
    '2024-03-01T08',
  ])('refuses %s, naming the parameter', (value) => {
    expect(() => dateRange('birthdate', value)).toThrowError(AppError);
    try {
      dateRange('birthdate', value);
    } catch (e) {
      expect((e as AppError).errors?.[0]?.field).toBe('birthdate');
    }
  });

  it('compares a day with a day, and an instant with its range', () => {
    expect(dateBounds('b', 'ge1992', 'date')).toEqual([
      [{ op: '>=', value: '1993-01-01' }],
      [
        { op: '>=', value: '1992-01-01' },
        { op: '<', value: '1993-01-01' },
      ],
    ]);
    expect(dateBounds('b', 'eb1992-03-15T10:00', 'date')).toEqual([[{ op: '<', value: '1992-03-15' }]]);
    expect(dateBounds('b', 'sa1992-03-15T10:00', 'date')).toEqual([[{ op: '>=', value: '1992-03-16' }]]);
    expect(dateBounds('u', 'ne2001-01-15', 'instant')).toEqual([
      [{ op: '<', value: '2001-01-14T16:00:00.000Z' }],
      [{ op: '>=', value: '2001-01-15T16:00:00.000Z' }],
    ]);
  });
});

describe('token search values', () => {
  const systems = [
    { uri: 'http://hl7.org/fhir/request-status', code: true, values: (c: string) => (c === '' ? ALL : [c]) },
  ] as const;
  it.each([
    ['active', ['active']],
    ['http://hl7.org/fhir/request-status|active', ['active']],
    ['|active', ['active']],
    ['http://example.org|active', []],
  ])('%s', (value, expected) => {
    expect(tokenValues('status', [value], [...systems])).toEqual(expected);
  });
  it('system| is every code', () => {
    expect(tokenValues('status', ['http://hl7.org/fhir/request-status|'], [...systems])).toBe(ALL);
    expect(() => tokenValues('status', ['|'], [...systems])).toThrowError(AppError);
  });
});
