import type { Reference, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import {
  GREEN_CHANNEL_CATEGORIES,
  REFERRAL_DIRECTIONS,
  REFERRAL_STATES,
  type ReferralState,
} from '@yilian/domain';
import { SERVICE_REQUEST_STATUS, statesOf, TASK_STATUS, URGENCY_OF_PRIORITY, URI } from './fhir.codes.js';
import {
  organizationIdentifierParam,
  patientIdentifierParam,
  practitionerIdentifierParam,
  referralIdentifierParam,
} from './fhir.match.js';
import { fhirInvalid } from './fhir.outcome.js';
import type {
  Bound,
  Criterion,
  OrganizationField,
  PatientField,
  PractitionerField,
  ReferralField,
} from './fhir.repository.js';
import type { FhirType } from './fhir.resources.js';

// The search parameters of each resource type: one table that the parser and the
// CapabilityStatement both read. Only parameters R4 defines for the type (the tests check each
// against R4's SearchParameter definitions). A parameter may repeat (AND) and hold a comma list (OR).

export type SearchType = 'string' | 'token' | 'reference' | 'date' | 'uri';

export interface ParamSpec<F extends string> {
  name: string;
  type: SearchType;
  documentation: string;
  /** Turns one occurrence's comma-separated values into a criterion. */
  parse: (values: string[], modifier: string | undefined) => Criterion<F>;
  /** Modifiers accepted besides none. */
  modifiers?: readonly string[];
  /** Reference parameters: the types referred to, and the references of a resource (for _include). */
  target?: readonly FhirType[];
  follow?: (resource: Resource) => (Reference | undefined)[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** `Patient/<id>`, a bare id, or an absolute URL ending in Type/id; ids of another type match nothing. */
export function referenceIds(values: string[], types: readonly string[]): string[] {
  return values.flatMap((v) => {
    const parts = v.split('/');
    const id = parts.at(-1)!;
    const type = parts.length > 1 ? parts.at(-2) : undefined;
    if (type !== undefined && !types.includes(type)) return [];
    return isUuid(id) ? [id.toLowerCase()] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Tokens: `code`, `system|code`, `|code` (an element without a system) and `system|` (any code of
// the system), on every token parameter.

/** Every row: a token `system|` on a system every row has. */
export const ALL = Symbol('all');

export interface TokenSystem {
  /** The system URI: a Coding's or Identifier's, or for a `code` element R4's implied one. */
  uri: string | undefined;
  /**
   * The element is a `code` (status, priority, gender): it has no system property of its own, so
   * `|code` matches it, and its implied system (R4's code system) matches too.
   */
  code?: boolean;
  /** The database values behind a code of the system; '' is any code of it. */
  values: (code: string) => string[] | typeof ALL;
}

export function tokenValues(name: string, values: string[], systems: TokenSystem[]): string[] | typeof ALL {
  const out = new Set<string>();
  for (const v of values) {
    const bar = v.indexOf('|');
    const system = bar < 0 ? undefined : v.slice(0, bar);
    const code = bar < 0 ? v : v.slice(bar + 1);
    if (bar >= 0 && system === '' && code === '')
      throw fhirInvalid(name, "'|' names neither a system nor a code");
    const candidates =
      system === undefined
        ? systems
        : system === ''
          ? systems.filter((s) => s.code || s.uri === undefined)
          : systems.filter((s) => s.uri === system);
    for (const s of candidates) {
      const found = s.values(code);
      if (found === ALL) return ALL;
      found.forEach((x) => out.add(x));
    }
  }
  return [...out];
}

/** The values of an enumerated `code` element (or coding system): '' is all of them. */
const enumerated =
  (codes: readonly string[], map: (code: string) => string[] = (c) => [c]) =>
  (code: string): string[] | typeof ALL =>
    code === '' ? ALL : codes.includes(code) ? map(code) : [];

function tokenParam<F extends string>(
  name: string,
  field: F,
  documentation: string,
  systems: TokenSystem[],
  text?: F,
): ParamSpec<F> {
  return {
    name,
    type: 'token',
    documentation,
    ...(text ? { modifiers: ['text'] } : {}),
    parse: (values, modifier) => {
      // :text matches the concept's text (the department's name), as a string starts-with.
      if (modifier === 'text') return { field: text!, values, match: 'start' };
      const found = tokenValues(name, values, systems);
      return found === ALL ? { field, values: [], all: true } : { field, values: found };
    },
  };
}

const idParam = <F extends string>(field: F, type: FhirType): ParamSpec<F> =>
  tokenParam('_id', field, 'Logical id (the database uuid)', [
    { uri: undefined, values: (id) => referenceIds([id], [type]) },
  ]);

const stringParam = <F extends string>(name: string, field: F, documentation: string): ParamSpec<F> => ({
  name,
  type: 'string',
  documentation: `${documentation}; starts-with by default, :contains and :exact`,
  modifiers: ['contains', 'exact'],
  parse: (values, modifier) => ({
    field,
    values,
    match: modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'start',
  }),
});

const statusParam = (
  map: Record<ReferralState, string>,
  system: string,
  documentation: string,
): ParamSpec<ReferralField> =>
  tokenParam('status', 'status', `${documentation} (${system})`, [
    {
      uri: system,
      code: true,
      values: (c) => (c === '' ? ALL : statesOf(map, c)),
    },
  ]);

const PRIORITY_SYSTEM = 'http://hl7.org/fhir/request-priority';
const priorityParam = tokenParam<ReferralField>(
  'priority',
  'urgency',
  `routine | urgent | stat (green channel); asap matches urgent (${PRIORITY_SYSTEM})`,
  [
    {
      uri: PRIORITY_SYSTEM,
      code: true,
      values: (c) => (c === '' ? ALL : URGENCY_OF_PRIORITY[c] ? [URGENCY_OF_PRIORITY[c]] : []),
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// Dates: the R4 prefixes eq ne gt lt ge le sa eb, and a date of any precision (YYYY, YYYY-MM,
// YYYY-MM-DD, a time to the minute, second or millisecond) as the range it spans. A time without
// a zone, and a date compared with an instant, are China time (UTC+8), as everywhere in Yilian.

const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
type Prefix = (typeof PREFIXES)[number];
const LOCAL_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The range [start, end) a date search value spans, in epoch milliseconds. */
export function dateRange(name: string, raw: string): { prefix: Prefix; start: number; end: number } {
  const prefix = (/^[a-z]{2}/.test(raw) ? raw.slice(0, 2) : 'eq') as Prefix;
  if (!PREFIXES.includes(prefix))
    throw fhirInvalid(name, `prefix ${prefix} is not supported (eq, ne, gt, lt, ge, le, sa, eb)`);
  const value = /^[a-z]{2}/.test(raw) ? raw.slice(2) : raw;
  const m = DATE_VALUE.exec(value);
  const bad = () =>
    fhirInvalid(
      name,
      `${value} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.sss]][zone])`,
    );
  if (!m) throw bad();
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw bad();
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59)) throw bad();
  const offset =
    zone === undefined
      ? LOCAL_OFFSET_MS
      : zone === 'Z'
        ? 0
        : (zone.startsWith('-') ? -1 : 1) *
          (Number(zone.slice(1, 3)) * 3_600_000 + Number(zone.slice(4)) * 60_000);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const start = Date.UTC(year, month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms) - offset;
  const local = (yy: number, mm: number, dd: number) => Date.UTC(yy, mm, dd) - LOCAL_OFFSET_MS;
  const end =
    mo === undefined
      ? local(year + 1, 0, 1)
      : d === undefined
        ? local(year, month, 1)
        : h === undefined
          ? local(year, month - 1, day + 1)
          : start +
            (s === undefined
              ? 60_000
              : frac === undefined
                ? 1000
                : frac.length >= 3
                  ? 1
                  : 10 ** (3 - frac.length));
  return { prefix, start, end };
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The China date (YYYY-MM-DD) of the day that begins at or after / at or before the instant. */
const dayOf = (ms: number) => iso(ms + LOCAL_OFFSET_MS).slice(0, 10);
const ceilDay = (ms: number) => dayOf(Math.ceil((ms + LOCAL_OFFSET_MS) / DAY_MS) * DAY_MS - LOCAL_OFFSET_MS);
const floorDay = (ms: number) => dayOf(ms);

/**
 * A date search value as the rows it matches: an OR of ANDed bounds on the column. The target's
 * own range is a point for an instant column, a whole (China) day for a date column; each prefix
 * compares the two ranges as R4 says (eq: the search range contains the target's; gt: the target
 * reaches beyond the search range; sa: it starts after it; eb: it ends before it …).
 */
export function dateBounds(name: string, raw: string, target: 'instant' | 'date'): Bound[][] {
  const { prefix, start, end } = dateRange(name, raw);
  const instant = target === 'instant';
  // The target [t0, t1) is a point t, or a day [d, d + 1): on a date column, "t0 >= start" is
  // "d >= the first day beginning at or after start", "t1 <= end" is "d < the day end falls in" …
  const starts = instant ? iso(start) : ceilDay(start); // t0 >= starts: begins at or after start
  const ends = instant ? iso(end) : floorDay(end); // t0 < ends: ends by end; t0 >= ends: reaches past end
  const after = instant ? iso(end) : ceilDay(end); // t0 >= after: begins at or after end
  const before = instant ? iso(start) : floorDay(start); // t0 < before: ends by start
  const ge = (value: string): Bound => ({ op: '>=', value });
  const lt = (value: string): Bound => ({ op: '<', value });
  const within = [ge(starts), lt(ends)];
  switch (prefix) {
    case 'eq':
      return [within];
    case 'ne':
      return [[lt(starts)], [ge(ends)]];
    case 'gt':
      return [[ge(ends)]];
    case 'lt':
      return [[lt(starts)]];
    case 'ge':
      return [[ge(ends)], within];
    case 'le':
      return [[lt(starts)], within];
    case 'sa':
      return [[ge(after)]];
    case 'eb':
      return [[lt(before)]];
  }
}

function dateParam<F extends string>(
  name: string,
  field: F,
  target: 'instant' | 'date',
  documentation: string,
): ParamSpec<F> {
  return {
    name,
    type: 'date',
    documentation: `${documentation}; prefixes eq ne gt lt ge le sa eb, any precision (China time unless a zone is given)`,
    parse: (values) => ({ field, values: [], ranges: values.flatMap((v) => dateBounds(name, v, target)) }),
  };
}

const lastUpdated = <F extends string>(field: F) =>
  dateParam('_lastUpdated', field, 'instant', 'When the resource last changed (meta.lastUpdated)');

// ---------------------------------------------------------------------------------------------
// References

function referenceParam<F extends string>(
  name: string,
  field: F,
  target: readonly FhirType[],
  documentation: string,
  follow: (r: never) => (Reference | undefined)[],
): ParamSpec<F> {
  return {
    name,
    type: 'reference',
    documentation: `${documentation} (${target.map((t) => `${t}/<id>`).join(', ')} or <id>)`,
    parse: (v) => ({ field, values: referenceIds(v, target) }),
    target,
    follow: follow as (r: Resource) => (Reference | undefined)[],
  };
}

const ofServiceRequest = (f: (r: ServiceRequest) => (Reference | undefined)[]) => f;
const ofTask = (f: (r: Task) => (Reference | undefined)[]) => f;

export const SEARCH_PARAMS: {
  ServiceRequest: ParamSpec<ReferralField>[];
  Task: ParamSpec<ReferralField>[];
  Patient: ParamSpec<PatientField>[];
  Organization: ParamSpec<OrganizationField>[];
  Practitioner: ParamSpec<PractitionerField>[];
} = {
  ServiceRequest: [
    idParam('id', 'ServiceRequest'),
    lastUpdated('updatedAt'),
    statusParam(
      SERVICE_REQUEST_STATUS,
      'http://hl7.org/fhir/request-status',
      'draft | active | completed | revoked',
    ),
    referralIdentifierParam('identifier'),
    referenceParam(
      'patient',
      'patient',
      ['Patient'],
      'The patient',
      ofServiceRequest((r) => [r.subject]),
    ),
    referenceParam(
      'subject',
      'patient',
      ['Patient'],
      'The patient',
      ofServiceRequest((r) => [r.subject]),
    ),
    priorityParam,
    referenceParam(
      'requester',
      'practitioner',
      ['Practitioner'],
      'The referring doctor',
      ofServiceRequest((r) => [r.requester]),
    ),
    referenceParam(
      'performer',
      'toInstitution',
      ['Organization'],
      'The receiving institution',
      ofServiceRequest((r) => r.performer ?? []),
    ),
    tokenParam(
      'performer-type',
      'toDepartment',
      'The receiving department: :text=<name> (its performerType has a name, no code)',
      [],
      'toDepartment',
    ),
    tokenParam(
      'category',
      'category',
      `Direction (${URI.direction}|up, down or lateral) and green channel (${URI.greenChannel}|stroke …)`,
      [
        { uri: URI.direction, values: enumerated(REFERRAL_DIRECTIONS) },
        {
          uri: URI.greenChannel,
          values: (c) =>
            c === '' ? ['green:*'] : GREEN_CHANNEL_CATEGORIES.includes(c as never) ? [`green:${c}`] : [],
        },
      ],
    ),
    dateParam('authored', 'authored', 'instant', 'When the referral was sent (authoredOn)'),
    dateParam('occurrence', 'slotDate', 'date', 'The booked day (occurrenceDateTime)'),
  ],
  Task: [
    idParam('id', 'Task'),
    lastUpdated('updatedAt'),
    statusParam(
      TASK_STATUS,
      'http://hl7.org/fhir/task-status',
      'draft | requested | received | accepted | rejected | ready (booked) | in-progress | completed | cancelled | failed',
    ),
    referralIdentifierParam('identifier'),
    referenceParam(
      'patient',
      'patient',
      ['Patient'],
      'The patient',
      ofTask((t) => [t.for]),
    ),
    referenceParam(
      'subject',
      'patient',
      ['Patient'],
      'The patient (Task.for)',
      ofTask((t) => [t.for]),
    ),
    priorityParam,
    referenceParam(
      'focus',
      'id',
      ['ServiceRequest'],
      'The ServiceRequest',
      ofTask((t) => [t.focus]),
    ),
    referenceParam(
      'requester',
      'fromInstitution',
      ['Organization'],
      'The sending institution',
      ofTask((t) => [t.requester]),
    ),
    referenceParam(
      'owner',
      'toInstitution',
      ['Organization'],
      'The receiving institution',
      ofTask((t) => [t.owner]),
    ),
    tokenParam(
      'performer',
      'toDepartment',
      'The receiving department (Task.performerType): :text=<name> (it has a name, no code)',
      [],
      'toDepartment',
    ),
    tokenParam('business-status', 'status', `The Yilian referral state (${URI.referralState}|booked …)`, [
      { uri: URI.referralState, values: enumerated(REFERRAL_STATES) },
    ]),
    dateParam('authored-on', 'createdAt', 'instant', 'When the referral was written (authoredOn)'),
    dateParam('modified', 'updatedAt', 'instant', 'When the Task last changed (lastModified)'),
  ],
  Patient: [
    idParam('id', 'Patient'),
    lastUpdated('updatedAt'),
    stringParam('name', 'name', 'Name'),
    tokenParam('gender', 'gender', 'male | female (http://hl7.org/fhir/administrative-gender)', [
      {
        uri: 'http://hl7.org/fhir/administrative-gender',
        code: true,
        values: enumerated(['male', 'female']),
      },
    ]),
    dateParam('birthdate', 'birthdate', 'date', 'Birth date'),
    patientIdentifierParam('identifier'),
  ],
  Organization: [
    idParam('id', 'Organization'),
    lastUpdated('updatedAt'),
    stringParam('name', 'name', 'Name or short name'),
    organizationIdentifierParam('identifier'),
  ],
  Practitioner: [
    idParam('id', 'Practitioner'),
    lastUpdated('updatedAt'),
    stringParam('name', 'name', 'Name'),
    practitionerIdentifierParam('identifier'),
  ],
};

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** Parameters every search takes besides the type's own (_format is read for every interaction). */
const RESULT_PARAMS = new Set(['_count', '_offset', '_format', '_pretty', '_total']);

/** An _include or _revinclude: the reference parameter of `source` that leads to `target`. */
export interface Inclusion {
  source: FhirType;
  param: ParamSpec<string>;
  /** `Type:param` as asked, for the links. */
  value: string;
}

export interface ParsedSearch<F extends string> {
  criteria: Criterion<F>[];
  count: number;
  offset: number;
  /** The parameters applied, for the links. */
  applied: [string, string][];
  /** The parameters ignored (unknown, or a modifier not supported), under Prefer: handling=lenient. */
  ignored: string[];
  include: Inclusion[];
  revinclude: Inclusion[];
}

type Query = Record<string, string | string[] | undefined>;

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,7}$/.test(raw)) throw fhirInvalid(name, 'must be a non-negative whole number');
  return Number(raw);
}

const isFhirType = (t: string): t is FhirType => t in SEARCH_PARAMS;

/** `Source:param[:Target]` as an inclusion, or why not. */
function inclusion(key: '_include' | '_revinclude', value: string, type: string): Inclusion | string {
  const [source = '', name = '', targetType, ...rest] = value.split(':');
  if (value === '*' || rest.length) return `${value} is not supported (name Type:parameter)`;
  const param =
    isFhirType(source) && (SEARCH_PARAMS[source] as ParamSpec<string>[]).find((p) => p.name === name);
  if (!param || !param.follow || !param.target)
    return `${value} is not a reference parameter this server follows`;
  if (targetType !== undefined && !param.target.includes(targetType as FhirType))
    return `${source}:${name} does not refer to ${targetType}`;
  if (key === '_include' && source !== type) return `${value} does not start from ${type}`;
  if (key === '_revinclude' && !param.target.includes(type as FhirType))
    return `${value} does not refer to ${type}`;
  return { source: source as FhirType, param, value };
}

/**
 * Reads a search's query string. An unknown parameter, a modifier or an _include not supported
 * answer 400, unless the client sends `Prefer: handling=lenient`: then they are ignored and
 * reported. A supported parameter with a bad value is 400 either way.
 */
export function parseSearch<F extends string>(
  type: string,
  specs: ParamSpec<F>[],
  query: Query,
  lenient: boolean,
): ParsedSearch<F> {
  const criteria: Criterion<F>[] = [];
  const applied: [string, string][] = [];
  const ignored: string[] = [];
  const include: Inclusion[] = [];
  const revinclude: Inclusion[] = [];
  const unsupported = (key: string, why: string) => {
    if (!lenient) throw fhirInvalid(key, why);
    ignored.push(key);
  };
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || RESULT_PARAMS.has(key)) continue;
    const occurrences = Array.isArray(raw) ? raw : [raw];
    if (key === '_include' || key === '_revinclude') {
      for (const value of occurrences) {
        const found = inclusion(key, value, type);
        if (typeof found === 'string') unsupported(key, found);
        else {
          (key === '_include' ? include : revinclude).push(found);
          applied.push([key, value]);
        }
      }
      continue;
    }
    const [name, modifier] = key.split(':', 2) as [string, string | undefined];
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      unsupported(key, `is not a search parameter of ${type} on this server`);
      continue;
    }
    if (modifier !== undefined && !spec.modifiers?.includes(modifier)) {
      unsupported(key, `the modifier :${modifier} is not supported`);
      continue;
    }
    for (const value of occurrences) {
      const values = value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length === 0) continue; // an empty parameter is ignored
      criteria.push(spec.parse(values, modifier));
      applied.push([key, value]);
    }
  }
  const one = (k: string) => {
    const v = query[k];
    return Array.isArray(v) ? v.at(-1) : v;
  };
  const total = one('_total');
  if (total !== undefined && !['none', 'estimate', 'accurate'].includes(total))
    throw fhirInvalid('_total', 'must be none, estimate or accurate');
  const count = Math.min(nonNegativeInt('_count', one('_count'), DEFAULT_COUNT), MAX_COUNT);
  const offset = nonNegativeInt('_offset', one('_offset'), 0);
  return { criteria, count, offset, applied, ignored, include, revinclude };
}
