import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Principal, Services } from '../../context.js';
import { AppError } from '../../errors.js';
import { scopesAllow } from '../client/client.scopes.js';
import { DEFINITION_PARAMS, searchDefinitions, type DefinitionType } from './fhir.definitions.js';
import { issue, outcome } from './fhir.outcome.js';
import {
  searchOrganizations,
  searchPatients,
  searchPractitioners,
  searchReferrals,
  type Criterion,
  type Paging,
} from './fhir.repository.js';
import {
  organization,
  patient,
  practitioner,
  searchBundle,
  serviceRequest,
  task,
  type FhirType,
} from './fhir.resources.js';
import { parseSearch, SEARCH_PARAMS, type ParamSpec, type ParsedSearch } from './fhir.search.js';

// Searches: the query string read by fhir.search.ts, run within the reader's scope, and what
// _include and _revinclude bring in (within the same scope), as a searchset Bundle whose links
// are built on the public base URL.

type Query = Record<string, string | string[] | undefined>;

/** At most this many resources come in by one _revinclude; more are reported, not sent. */
export const MAX_REVINCLUDED = 1000;

async function runSearch(
  s: Services,
  p: Principal,
  type: FhirType,
  criteria: Criterion<string>[],
  paging: Paging,
): Promise<{ total: number; resources: Resource[] }> {
  switch (type) {
    case 'ServiceRequest':
    case 'Task': {
      const { total, rows } = await searchReferrals(s.db, p, criteria as never, paging);
      return { total, resources: rows.map((r) => (type === 'Task' ? task(r) : serviceRequest(r))) };
    }
    case 'Patient': {
      const { total, rows } = await searchPatients(s.db, p, criteria as never, paging);
      return { total, resources: rows.map(patient) };
    }
    case 'Organization': {
      const { total, rows } = await searchOrganizations(s.db, p, criteria as never, paging);
      return { total, resources: rows.map(organization) };
    }
    case 'Practitioner': {
      const { total, rows } = await searchPractitioners(s.db, p, criteria as never, paging);
      return { total, resources: rows.map(practitioner) };
    }
  }
}

/** The resources the page refers to (_include) and those referring to it (_revinclude), each once. */
async function inclusions(
  s: Services,
  p: Principal,
  type: FhirType,
  page: Resource[],
  parsed: ParsedSearch<string>,
): Promise<{ included: Resource[]; warnings: OperationOutcomeIssue[] }> {
  const key = (r: Resource) => `${r.resourceType}/${r.id}`;
  const seen = new Set(page.map(key));
  const included: Resource[] = [];
  const add = (found: Resource[]) => {
    for (const r of found)
      if (!seen.has(key(r))) {
        seen.add(key(r));
        included.push(r);
      }
  };
  const warnings: OperationOutcomeIssue[] = [];
  // A system client's token reads only the types its scopes name: an inclusion is a read too.
  if (p.clientId) {
    const asked = [
      ...parsed.include.flatMap((i) =>
        i.param.target!.map((type) => ({ key: '_include', i, type, op: 'r' })),
      ),
      ...parsed.revinclude.map((i) => ({ key: '_revinclude', i, type: i.source, op: 's' })),
    ];
    for (const a of asked)
      if (!scopesAllow(p.scopes ?? [], { type: a.type, op: a.op }))
        throw new AppError('forbidden', `${a.key}=${a.i.value} needs the scope system/${a.type}.${a.op}`, [
          { field: a.key, message: `${a.i.value} needs the scope system/${a.type}.${a.op}` },
        ]);
  }
  if (page.length === 0) return { included, warnings };

  for (const inc of parsed.include) {
    const wanted = new Map<FhirType, Set<string>>();
    for (const ref of page.flatMap((r) => inc.param.follow!(r))) {
      const [t, id] = (ref?.reference ?? '').split('/') as [FhirType, string | undefined];
      if (id && inc.param.target!.includes(t)) wanted.set(t, (wanted.get(t) ?? new Set()).add(id));
    }
    for (const [t, ids] of wanted) {
      const criteria: Criterion<string>[] = [{ field: 'id', values: [...ids] }];
      add((await runSearch(s, p, t, criteria, { count: ids.size, offset: 0 })).resources);
    }
  }
  const refs = page.map((r) => `${type}/${r.id}`);
  for (const inc of parsed.revinclude) {
    const found = await runSearch(s, p, inc.source, [inc.param.parse(refs, undefined)], {
      count: MAX_REVINCLUDED,
      offset: 0,
    });
    add(found.resources);
    if (found.total > MAX_REVINCLUDED)
      warnings.push(
        issue(
          'warning',
          'too-costly',
          `_revinclude=${inc.value} found ${found.total} resources; the first ${MAX_REVINCLUDED} are included`,
          '_revinclude',
        ),
      );
  }
  return { included, warnings };
}

const ignoredWarnings = (ignored: string[]) =>
  ignored.map((name) =>
    issue('warning', 'not-supported', `Search parameter ${name} is not supported and was ignored`, name),
  );

/** A search of one of the referral resource types, within the reader's scope. */
export async function search(
  s: Services,
  p: Principal,
  type: FhirType,
  query: Query,
  o: { lenient: boolean; base: string },
): Promise<Bundle> {
  const parsed = parseSearch(type, SEARCH_PARAMS[type] as ParamSpec<string>[], query, o.lenient);
  const { total, resources } = await runSearch(s, p, type, parsed.criteria, parsed);
  const { included, warnings } = await inclusions(s, p, type, resources, parsed);
  const issues = [...ignoredWarnings(parsed.ignored), ...warnings];
  return searchBundle({
    base: o.base,
    type,
    params: parsed.applied,
    count: parsed.count,
    offset: parsed.offset,
    total,
    resources,
    included,
    outcome: issues.length ? outcome(issues) : undefined,
  });
}

/** A search of Yilian's published definitions (public). */
export function searchPublished(
  type: DefinitionType,
  query: Query,
  o: { lenient: boolean; base: string },
): Bundle {
  const parsed = parseSearch(type, DEFINITION_PARAMS[type], query, o.lenient);
  const { total, resources } = searchDefinitions(type, parsed.criteria, parsed);
  const issues = ignoredWarnings(parsed.ignored);
  return searchBundle({
    base: o.base,
    type,
    params: parsed.applied,
    count: parsed.count,
    offset: parsed.offset,
    total,
    resources,
    outcome: issues.length ? outcome(issues) : undefined,
  });
}
