import fc from 'fast-check';

// Requests generated from the OpenAPI document: each value is usually shaped like what the schema
// asks for (so requests get past the first field and reach deeper checks and the database), and
// often is not: wrong types, missing fields, huge strings, odd Unicode, SQL and HTML fragments,
// malformed and unknown ids, impossible and out-of-range dates.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
  $ref?: string;
}

export interface FuzzOperation {
  method: string;
  path: string;
  query: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
}

interface Spec {
  components?: { schemas?: Record<string, JsonSchema> };
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

export function fuzzOperations(spec: Spec, skip: (path: string) => boolean): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    if (skip(path)) continue;
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody ? (op.requestBody.content?.['application/json']?.schema ?? {}) : undefined,
      });
    }
  }
  return ops;
}

/** Values no field should accept as they are, or that test the edges of what it accepts. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(5000),
    '长'.repeat(3000),
    "'; drop table users; --",
    "' or '1'='1",
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '\u0000\u202e\ud800',
    '\ufeff\u200b𝕐𝕚𝕝𝕚𝕒𝕟👨‍⚕️',
    '../../etc/passwd',
    '%00%ff',
    '${jndi:ldap://x}',
    '2026-02-30',
    '0000-01-01',
    '9999-12-31',
    '-001000-01-01',
    '2026-13-01T25:61:00Z',
    'not-a-uuid',
    '00000000-0000-4000-8000-000000000000',
    'NaN',
    '1e400',
    -1,
    0,
    2 ** 31,
    -(2 ** 53),
    1e308,
    0.5,
    true,
    null,
    [],
    {},
    { __proto__: { admin: true } },
    ['a', 1, null],
  ),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.integer(),
  fc.double(),
);

const day = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((t) => new Date(t).toISOString());

function resolve(schema: JsonSchema, spec: { components?: { schemas?: Record<string, JsonSchema> } }) {
  if (schema.$ref) return spec.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {};
  return schema;
}

/** Something shaped like the schema asks, about four times in five; something nasty otherwise. */
export function valueFor(
  input: JsonSchema,
  ids: string[],
  spec: { components?: { schemas?: Record<string, JsonSchema> } },
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(input, spec);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, ids, spec, depth + 1)));
  if (schema.allOf?.length) return valueFor(schema.allOf[0]!, ids, spec, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  let shaped: fc.Arbitrary<unknown>;
  if (schema.enum?.length) shaped = fc.constantFrom(...schema.enum);
  else if (type === 'string' && schema.format === 'uuid')
    shaped = ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
  else if (type === 'string' && schema.format === 'date') shaped = day.map((d) => d.slice(0, 10));
  else if (type === 'string' && schema.format === 'date-time') shaped = day;
  else if (type === 'string') shaped = fc.string({ unit: 'grapheme', maxLength: schema.maxLength ?? 40 });
  else if (type === 'integer')
    shaped = fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100000 });
  else if (type === 'number') shaped = fc.double({ noNaN: true, noDefaultInfinity: true });
  else if (type === 'boolean') shaped = fc.boolean();
  else if (type === 'array' && depth < 4)
    shaped = fc.array(valueFor(schema.items ?? {}, ids, spec, depth + 1), { maxLength: 4 });
  else if ((type === 'object' || schema.properties) && depth < 4) {
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) record[k] = valueFor(v, ids, spec, depth + 1);
    // Optional fields come and go; now and then one required field is missing.
    const requiredKeys = Object.keys(props).filter((k) => required.has(k));
    const drop = requiredKeys.length
      ? fc.option(fc.constantFrom(...requiredKeys), { freq: 6 })
      : fc.constant(null);
    shaped = fc.tuple(fc.record(record, { requiredKeys }), drop).map(([o, missing]) => {
      if (missing) delete (o as Record<string, unknown>)[missing];
      return o;
    });
  } else shaped = nasty;
  const weights = schema.nullable ? [8, 1, 1] : [8, 2, 0];
  return fc.oneof(
    { weight: weights[0]!, arbitrary: shaped },
    { weight: weights[1]!, arbitrary: nasty },
    { weight: weights[2]! || 1, arbitrary: schema.nullable ? fc.constant(null) : shaped },
  );
}

export interface FuzzRequest {
  method: string;
  url: string;
  payload?: unknown;
}

/** One generated request for the operation: path id, query and body. */
export function requestFor(
  op: FuzzOperation,
  ids: string[],
  spec: { components?: { schemas?: Record<string, JsonSchema> } },
): fc.Arbitrary<FuzzRequest> {
  const id = fc.oneof(
    { weight: 6, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom('not-a-uuid', '1', "1' or 1=1--", '%2e%2e', 'x'.repeat(300)) },
  );
  const query = fc.record(Object.fromEntries(op.query.map((q) => [q.name, valueFor(q.schema, ids, spec)])), {
    requiredKeys: [],
  });
  const body = op.body ? valueFor(op.body, ids, spec) : fc.constant(undefined);
  return fc.tuple(id, query, body).map(([pathId, q, payload]) => {
    const search = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
        // Lone surrogates cannot be percent-encoded: a client could not send them either.
        return `${k}=${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '?'))}`;
      })
      .join('&');
    // Every path parameter ({id}, {versionId}...) gets the same generated id.
    const path = op.path.replace(/\{\w+\}/g, encodeURIComponent(pathId));
    return { method: op.method, url: search ? `${path}?${search}` : path, payload };
  });
}
