import {
  CLIENT_SCOPE_RESOURCES,
  parseClientScope,
  type ClientScopeResource,
  type Permission,
} from '@yilian/domain';

// SMART v2 system scopes (system/ServiceRequest.crs): what a client registered, what a token
// request may be granted, which permissions a token carries, and which scope a FHIR route needs.

type Grants = Map<ClientScopeResource, Set<string>>;
const TYPES = Object.keys(CLIENT_SCOPE_RESOURCES) as ClientScopeResource[];
const ORDER = 'cruds';

/** The letters each resource type is granted, over a list of scopes (unknown ones are ignored). */
export function grantsOf(scopes: readonly string[]): Grants {
  const grants: Grants = new Map();
  for (const scope of scopes) {
    const parsed = parseRequested(scope);
    if (!parsed) continue;
    const set = grants.get(parsed.type) ?? new Set<string>();
    for (const c of parsed.ops) set.add(c);
    grants.set(parsed.type, set);
  }
  return grants;
}

/** SMART v1 names (read, write, *) are taken as their v2 letters, as v2 servers do. */
const V1: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };

function parseRequested(scope: string): { type: ClientScopeResource; ops: string } | null {
  const v1 = /^system\/([A-Za-z]+)\.(read|write|\*)$/.exec(scope);
  if (v1) {
    const type = v1[1] as ClientScopeResource;
    if (!CLIENT_SCOPE_RESOURCES[type]) return null;
    return { type, ops: V1[v1[2]!]! };
  }
  return parseClientScope(scope);
}

function asScopes(grants: Grants): string[] {
  return TYPES.filter((t) => grants.get(t)?.size).map(
    (t) => `system/${t}.${[...ORDER].filter((c) => grants.get(t)!.has(c)).join('')}`,
  );
}

/**
 * The scopes a token is granted: what was asked, as far as the client registered it (RFC 6749
 * lets the server grant less than asked, and says so in the answer's `scope`). Empty when the two
 * have nothing in common.
 */
export function grantScopes(requested: string, registered: readonly string[]): string[] {
  const asked = grantsOf(requested.split(/\s+/).filter(Boolean));
  const allowed = grantsOf(registered);
  const out: Grants = new Map();
  for (const [type, ops] of asked) {
    const both = [...ops].filter((c) => allowed.get(type)?.has(c));
    if (both.length) out.set(type, new Set(both));
  }
  return asScopes(out);
}

/** The permissions a token's scopes carry (the routes and services check these). */
export function permissionsOf(scopes: readonly string[]): Permission[] {
  const grants = grantsOf(scopes);
  const out = new Set<Permission>();
  for (const ops of grants.values()) if (ops.has('r') || ops.has('s')) out.add('referral.read');
  if (grants.get('ServiceRequest')?.has('c')) out.add('referral.create');
  if (grants.get('Task')?.has('u')) out.add('referral.handle');
  return [...out];
}

const FHIR_BASE = '/fhir/R4';

/**
 * The scope a FHIR route needs of a system client, from its method and route pattern: a read of
 * Patient/:id needs Patient r, a search Patient s, a create c, an update u. A transaction (POST to
 * the base) and the referral Bundle are ServiceRequest's. Null when the route is not about one of
 * the client resource types (metadata, definitions): then the route's permission alone decides.
 */
export function fhirScopeNeeded(
  method: string,
  routeUrl: string,
): { type: ClientScopeResource; op: string } | null {
  if (!routeUrl.startsWith(FHIR_BASE)) return null;
  const [seg = '', ...more] = routeUrl.slice(FHIR_BASE.length).split('/').filter(Boolean);
  if (!seg) return method === 'POST' ? { type: 'ServiceRequest', op: 'c' } : null;
  if (seg === 'Bundle' && more[0]?.startsWith('referral-')) return { type: 'ServiceRequest', op: 'r' };
  if (!(seg in CLIENT_SCOPE_RESOURCES)) return null;
  const type = seg as ClientScopeResource;
  const operation = more[0] === '_search' || more.some((m) => m.startsWith('$'));
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { type, op: more.length === 0 || operation ? 's' : 'r' };
    case 'POST':
      return { type, op: operation ? 's' : more.length === 0 ? 'c' : 'u' };
    case 'PUT':
    case 'PATCH':
      return { type, op: 'u' };
    case 'DELETE':
      return { type, op: 'd' };
    default:
      return null;
  }
}

/** Whether the scopes grant what a FHIR route needs. */
export function scopesAllow(scopes: readonly string[], need: { type: ClientScopeResource; op: string }) {
  return grantsOf(scopes).get(need.type)?.has(need.op) ?? false;
}
