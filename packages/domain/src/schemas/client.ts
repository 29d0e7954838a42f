import { z } from 'zod';
import { id, optionalText, pageQuery, text, timestamp } from './common.js';

// System clients: a hospital system (a county HIS) that calls Yilian's FHIR API with its own keys,
// as SMART Backend Services describes: OAuth 2.0 client credentials, the client authenticating with
// a JWT signed by its private key (private_key_jwt, RS384 or ES384); Yilian keeps only the public
// keys, as a JWKS. A client belongs to one institution and acts in that institution's scope.

/** What each FHIR resource type may be granted, in SMART v2 letters (c r u d s, in that order). */
export const CLIENT_SCOPE_RESOURCES = {
  ServiceRequest: 'crs',
  Task: 'rus',
  Patient: 'rs',
  Organization: 'rs',
  Practitioner: 'rs',
} as const;
export type ClientScopeResource = keyof typeof CLIENT_SCOPE_RESOURCES;

/** The scopes offered when a client is registered (any well-formed subset is accepted too). */
export const CLIENT_SCOPES = [
  'system/ServiceRequest.crs',
  'system/Task.rs',
  'system/Task.u',
  'system/Patient.rs',
  'system/Organization.rs',
  'system/Practitioner.rs',
] as const;

const SCOPE = /^system\/([A-Za-z]+)\.([cruds]+)$/;
const ORDER = 'cruds';

/** A SMART v2 system scope split into its resource type and letters, or null when it is not one. */
export function parseClientScope(scope: string): { type: ClientScopeResource; ops: string } | null {
  const m = SCOPE.exec(scope);
  if (!m) return null;
  const type = m[1] as ClientScopeResource;
  const allowed: string = CLIENT_SCOPE_RESOURCES[type] ?? '';
  const letters = m[2]!;
  if (!allowed || [...letters].some((c) => !allowed.includes(c))) return null;
  if (new Set(letters).size !== letters.length) return null;
  const ops = [...ORDER].filter((c) => letters.includes(c)).join('');
  if (ops !== letters) return null; // SMART v2 letters come in the order c r u d s
  return { type, ops };
}

/** Why a scope cannot be registered, or null. */
export function clientScopeProblem(scope: string): string | null {
  if (!SCOPE.test(scope)) return 'must be a SMART v2 system scope such as system/ServiceRequest.crs';
  const type = SCOPE.exec(scope)![1] as ClientScopeResource;
  const allowed = CLIENT_SCOPE_RESOURCES[type];
  if (!allowed)
    return `names a resource type Yilian does not serve to clients (${Object.keys(CLIENT_SCOPE_RESOURCES).join(', ')})`;
  if (!parseClientScope(scope))
    return `${type} allows the letters ${allowed}, each once, in the order c r u d s`;
  return null;
}

export const clientScope = z
  .string()
  .trim()
  .max(60)
  .superRefine((v, ctx) => {
    const problem = clientScopeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const CLIENT_KEY_ALGS = ['RS384', 'ES384'] as const;
export type ClientKeyAlg = (typeof CLIENT_KEY_ALGS)[number];

/** Members of a JWK that belong to a private (or secret) key: never registered. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** One public key of a JWKS; stored with its public members only. */
export const clientJwk = z
  .object({
    kty: z.enum(['RSA', 'EC'], { error: 'must be RSA (for RS384) or EC (for ES384)' }),
    kid: z.string().trim().min(1, 'every key needs a kid').max(200),
    alg: z.enum(CLIENT_KEY_ALGS, { error: 'must be RS384 or ES384' }),
    use: z.literal('sig', { error: 'must be sig (or left out)' }).optional(),
    key_ops: z.array(z.string()).optional(),
    n: b64url.optional(),
    e: b64url.optional(),
    crv: z.string().optional(),
    x: b64url.optional(),
    y: b64url.optional(),
    // Private members, named so that they are refused rather than silently dropped.
    d: z.unknown().optional(),
    p: z.unknown().optional(),
    q: z.unknown().optional(),
    dp: z.unknown().optional(),
    dq: z.unknown().optional(),
    qi: z.unknown().optional(),
    oth: z.unknown().optional(),
    k: z.unknown().optional(),
  })
  .superRefine((k, ctx) => {
    const at = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    for (const m of PRIVATE_MEMBERS)
      if ((k as Record<string, unknown>)[m] !== undefined)
        at(m, 'is part of a private key: register the public key only, and keep the private key secret');
    if (k.alg === 'RS384') {
      if (k.kty !== 'RSA') at('kty', 'must be RSA for RS384');
      if (!k.n) at('n', 'is required for an RSA key');
      else if (k.n.length < 342) at('n', 'the RSA key must have at least 2048 bits');
      if (!k.e) at('e', 'is required for an RSA key');
    }
    if (k.alg === 'ES384') {
      if (k.kty !== 'EC') at('kty', 'must be EC for ES384');
      if (k.crv !== 'P-384') at('crv', 'must be P-384 for ES384');
      if (!k.x) at('x', 'is required for an EC key');
      if (!k.y) at('y', 'is required for an EC key');
    }
    if (k.key_ops && !k.key_ops.includes('verify')) at('key_ops', 'must include verify');
  })
  .transform((k) =>
    k.kty === 'RSA'
      ? { kty: k.kty, kid: k.kid, alg: k.alg, use: 'sig' as const, n: k.n!, e: k.e! }
      : { kty: k.kty, kid: k.kid, alg: k.alg, use: 'sig' as const, crv: k.crv!, x: k.x!, y: k.y! },
  );
export type ClientJwk = z.output<typeof clientJwk>;

/** A JWKS document: { "keys": [ … ] }, one to ten public keys with distinct kids. */
export const clientJwks = z
  .object(
    { keys: z.array(clientJwk).min(1, 'needs at least one key').max(10, 'at most ten keys') },
    { error: 'must be a JWKS document: {"keys": [ … ]}' },
  )
  .superRefine((j, ctx) => {
    const seen = new Set<string>();
    j.keys.forEach((k, i) => {
      if (seen.has(k.kid))
        ctx.addIssue({ code: 'custom', path: ['keys', i, 'kid'], message: 'is used twice' });
      seen.add(k.kid);
    });
  });
export type ClientJwks = z.output<typeof clientJwks>;

export const CLIENT_STATES = ['active', 'revoked'] as const;
export type ClientState = (typeof CLIENT_STATES)[number];

export const systemClient = z.object({
  id,
  name: z.string(),
  institutionId: id,
  institutionName: z.string(),
  institutionCode: z.string(),
  /** The account the client acts through: the author of what it writes, the actor in the audit trail. */
  accountId: id,
  accountName: z.string(),
  scopes: z.array(z.string()),
  keys: z.array(z.object({ kid: z.string(), alg: z.enum(CLIENT_KEY_ALGS), kty: z.string() })),
  state: z.enum(CLIENT_STATES),
  createdAt: timestamp,
  createdByName: z.string().nullable(),
  keysRotatedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  revokedByName: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** The last token issued to it, and from where. */
  lastTokenAt: timestamp.nullable(),
  lastTokenIp: z.string().nullable(),
  /** The last request made with one of its tokens, and from where (noted at most once a minute). */
  lastUsedAt: timestamp.nullable(),
  lastUsedIp: z.string().nullable(),
});
export type SystemClient = z.infer<typeof systemClient>;

const scopeList = z
  .array(clientScope)
  .min(1, 'choose at least one scope')
  .max(20)
  .transform((l) => [...new Set(l)]);

export const systemClientCreate = z
  .object({
    name: text(80),
    /** The platform admin names the institution; an institution's administrator registers for its own. */
    institutionId: id.optional(),
    scopes: scopeList,
    jwks: clientJwks,
  })
  .strict();
export type SystemClientCreate = z.input<typeof systemClientCreate>;

export const systemClientKeys = z.object({ jwks: clientJwks, note: optionalText(200) }).strict();
export type SystemClientKeys = z.input<typeof systemClientKeys>;

export const systemClientRevoke = z.object({ reason: optionalText(200) }).strict();
export type SystemClientRevoke = z.infer<typeof systemClientRevoke>;

export const systemClientListQuery = pageQuery.extend({
  institutionId: id.optional(),
  state: z.enum(CLIENT_STATES).optional(),
});
export type SystemClientListQuery = z.infer<typeof systemClientListQuery>;
