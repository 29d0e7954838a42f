import { REFERRAL_DIRECTIONS, type ReferralState } from '@yilian/domain';
import { SERVICE_REQUEST_STATUS, statesOf, TASK_STATUS, URGENCY_OF_PRIORITY, URI } from './fhir.codes.js';
import { fhirInvalid } from './fhir.outcome.js';
import type {
  Criterion,
  OrganizationField,
  PatientField,
  PractitionerField,
  ReferralField,
} from './fhir.repository.js';
import type { FhirType } from './fhir.resources.js';

// The search parameters of each resource type: one table that the parser and the
// CapabilityStatement both read. A parameter may repeat (AND) and hold a comma list (OR).

export type SearchType = 'string' | 'token' | 'reference' | 'date';

export interface ParamSpec<F extends string> {
  name: string;
  type: SearchType;
  documentation: string;
  /** Turns one occurrence's comma-separated values into a criterion. */
  parse: (values: string[], modifier: string | undefined) => Criterion<F>;
  /** Modifiers accepted besides none. */
  modifiers?: readonly string[];
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

/** `system|code`, `|code` or `code`: the codes whose system (if named) is `system`. */
export function tokenCodes(values: string[], system: string | undefined): string[] {
  return values.flatMap((v) => {
    const bar = v.indexOf('|');
    if (bar < 0) return [v];
    const sys = v.slice(0, bar);
    return sys === '' || sys === system ? [v.slice(bar + 1)] : [];
  });
}

const idParam = <F extends string>(field: F, type: FhirType): ParamSpec<F> => ({
  name: '_id',
  type: 'token',
  documentation: 'Logical id (the database uuid)',
  parse: (values) => ({ field, values: referenceIds(values, [type]) }),
});

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

const statusParam = (map: Record<ReferralState, string>, doc: string): ParamSpec<ReferralField> => ({
  name: 'status',
  type: 'token',
  documentation: doc,
  parse: (values) => ({
    field: 'status',
    values: [...new Set(tokenCodes(values, undefined).flatMap((c) => statesOf(map, c)))],
  }),
});

const referralCommon: ParamSpec<ReferralField>[] = [
  {
    name: 'identifier',
    type: 'token',
    documentation: `Referral number (${URI.referralCode}|ZZyyyymmdd-nnnnnn)`,
    parse: (values) => ({ field: 'code', values: tokenCodes(values, URI.referralCode) }),
  },
  {
    name: 'patient',
    type: 'reference',
    documentation: 'The patient (Patient/<id> or <id>)',
    parse: (v) => ({ field: 'patient', values: referenceIds(v, ['Patient']) }),
  },
  {
    name: 'subject',
    type: 'reference',
    documentation: 'The patient (Patient/<id> or <id>)',
    parse: (v) => ({ field: 'patient', values: referenceIds(v, ['Patient']) }),
  },
  {
    name: 'priority',
    type: 'token',
    documentation: 'routine | urgent | stat (green channel); asap matches urgent',
    parse: (values) => ({
      field: 'urgency',
      values: [...new Set(tokenCodes(values, undefined).flatMap((c) => URGENCY_OF_PRIORITY[c] ?? []))],
    }),
  },
];

export const SEARCH_PARAMS: {
  ServiceRequest: ParamSpec<ReferralField>[];
  Task: ParamSpec<ReferralField>[];
  Patient: ParamSpec<PatientField>[];
  Organization: ParamSpec<OrganizationField>[];
  Practitioner: ParamSpec<PractitionerField>[];
} = {
  ServiceRequest: [
    idParam('id', 'ServiceRequest'),
    statusParam(SERVICE_REQUEST_STATUS, 'draft | active | completed | revoked'),
    ...referralCommon,
    {
      name: 'requester',
      type: 'reference',
      documentation:
        'The referring doctor (Practitioner/<id>), or the sending institution (Organization/<id>, ' +
        'the requesting-organization extension); a bare id matches either',
      // uuids are unique across tables, so one list can hold both kinds.
      parse: (v) => ({ field: 'requester', values: referenceIds(v, ['Practitioner', 'Organization']) }),
    },
    {
      name: 'performer',
      type: 'reference',
      documentation: 'The receiving institution (Organization/<id> or <id>)',
      parse: (v) => ({ field: 'toInstitution', values: referenceIds(v, ['Organization']) }),
    },
    {
      name: 'category',
      type: 'token',
      documentation: `Direction: ${URI.direction}|up, down or lateral`,
      parse: (values) => ({
        field: 'direction',
        values: tokenCodes(values, URI.direction).filter((c) =>
          (REFERRAL_DIRECTIONS as readonly string[]).includes(c),
        ),
      }),
    },
  ],
  Task: [
    idParam('id', 'Task'),
    statusParam(
      TASK_STATUS,
      'draft | requested | received | accepted | rejected | ready (booked) | in-progress | completed | cancelled | failed',
    ),
    ...referralCommon,
    {
      name: 'for',
      type: 'reference',
      documentation: 'The patient (Patient/<id> or <id>)',
      parse: (v) => ({ field: 'patient', values: referenceIds(v, ['Patient']) }),
    },
    {
      name: 'focus',
      type: 'reference',
      documentation: 'The ServiceRequest (ServiceRequest/<id> or <id>)',
      parse: (v) => ({ field: 'id', values: referenceIds(v, ['ServiceRequest']) }),
    },
    {
      name: 'requester',
      type: 'reference',
      documentation: 'The sending institution (Organization/<id> or <id>)',
      parse: (v) => ({ field: 'fromInstitution', values: referenceIds(v, ['Organization']) }),
    },
    {
      name: 'owner',
      type: 'reference',
      documentation: 'The receiving institution (Organization/<id> or <id>)',
      parse: (v) => ({ field: 'toInstitution', values: referenceIds(v, ['Organization']) }),
    },
    {
      name: 'performer',
      type: 'reference',
      documentation: 'Yilian: the receiving institution, as owner (Organization/<id> or <id>)',
      parse: (v) => ({ field: 'toInstitution', values: referenceIds(v, ['Organization']) }),
    },
    {
      name: 'business-status',
      type: 'token',
      documentation: `The Yilian referral state (${URI.referralState}|booked …)`,
      parse: (values) => ({ field: 'status', values: tokenCodes(values, URI.referralState) }),
    },
  ],
  Patient: [
    idParam('id', 'Patient'),
    stringParam('name', 'name', 'Name'),
    {
      name: 'gender',
      type: 'token',
      documentation: 'male | female',
      parse: (values) => ({ field: 'gender', values: tokenCodes(values, undefined) }),
    },
    {
      name: 'birthdate',
      type: 'date',
      documentation: 'Birth date, YYYY-MM-DD (equality only)',
      parse: (values) => {
        const bad = values.find((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v));
        if (bad !== undefined) throw fhirInvalid('birthdate', 'only YYYY-MM-DD equality is supported');
        return { field: 'birthdate', values };
      },
    },
  ],
  Organization: [
    idParam('id', 'Organization'),
    stringParam('name', 'name', 'Name or short name'),
    {
      name: 'identifier',
      type: 'token',
      documentation: `Institution code (${URI.institutionCode}|<code>)`,
      parse: (values) => ({ field: 'code', values: tokenCodes(values, URI.institutionCode) }),
    },
  ],
  Practitioner: [idParam('id', 'Practitioner'), stringParam('name', 'name', 'Name')],
};

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** Parameters every search takes besides the type's own. */
const RESULT_PARAMS = new Set(['_count', '_offset', '_format']);

export interface ParsedSearch<F extends string> {
  criteria: Criterion<F>[];
  count: number;
  offset: number;
  /** The parameters applied, for the links. */
  applied: [string, string][];
  /** The parameters ignored (unknown, or a modifier not supported). */
  ignored: string[];
}

type Query = Record<string, string | string[] | undefined>;

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,7}$/.test(raw)) throw fhirInvalid(name, 'must be a non-negative whole number');
  return Number(raw);
}

/**
 * Reads a search's query string. Unknown parameters are ignored, as FHIR asks, and reported;
 * with `Prefer: handling=strict` they answer 400. A supported parameter with a bad value is 400.
 */
export function parseSearch<F extends string>(
  specs: ParamSpec<F>[],
  query: Query,
  strict: boolean,
): ParsedSearch<F> {
  const criteria: Criterion<F>[] = [];
  const applied: [string, string][] = [];
  const ignored: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || RESULT_PARAMS.has(key)) continue;
    const occurrences = Array.isArray(raw) ? raw : [raw];
    const [name, modifier] = key.split(':', 2) as [string, string | undefined];
    const spec = specs.find((s) => s.name === name);
    if (!spec || (modifier !== undefined && !spec.modifiers?.includes(modifier))) {
      if (strict) throw fhirInvalid(key, 'is not a supported search parameter');
      ignored.push(key);
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
  const format = one('_format');
  if (format !== undefined && !/json/.test(format))
    throw fhirInvalid('_format', 'only JSON (application/fhir+json) is served', 'bad_request');
  const count = Math.min(nonNegativeInt('_count', one('_count'), DEFAULT_COUNT), MAX_COUNT);
  const offset = nonNegativeInt('_offset', one('_offset'), 0);
  return { criteria, count, offset, applied, ignored };
}
