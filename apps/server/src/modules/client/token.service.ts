import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { CLIENT_KEY_ALGS, type ClientJwk } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Services } from '../../context.js';
import { publicUrl } from '../../public-url.js';
import { todayInChina } from '../shared/paginate.js';
import { publicKeyOf } from './client.keys.js';
import { currentConsortia, findClientForToken, type TokenClient } from './client.repository.js';
import { grantScopes } from './client.scopes.js';
import { clientAccountName } from './client.service.js';

// The token endpoint of SMART Backend Services (OAuth 2.0 client credentials, RFC 6749 §4.4, with
// the client authenticated by a JWT it signs with its private key, RFC 7523 §2.2):
//   grant_type=client_credentials, scope, client_assertion_type=…jwt-bearer, client_assertion=<JWT>
// The JWT is signed RS384 or ES384 with a key of the client's JWKS (header kid), iss = sub = the
// client id, aud = this endpoint's public URL, exp at most five minutes ahead, and a jti never used
// before (kept in PostgreSQL until its exp, so no server accepts it twice). The answer is an opaque
// bearer token, stored as its SHA-256 and good for five minutes. Errors are OAuth's JSON errors.

export const TOKEN_PATH = '/auth/token';
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Lifetime of an access token, and the longest an assertion may be valid ahead. */
export const TOKEN_SECONDS = 300;
const MAX_ASSERTION_SECONDS = 300;
/** Clock difference tolerated between the client and this server. */
const SKEW_SECONDS = 30;

export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type';

/** An OAuth 2.0 error answer (RFC 6749 §5.2): `{error, error_description}` with its status. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

const invalidClient = (why: string) => new OAuthError(401, 'invalid_client', why);

export interface TokenAnswer {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

export const tokenIdOf = (token: string) => createHash('sha256').update(token).digest('hex');
export const tokenUrl = (s: Services) => publicUrl(s.config, TOKEN_PATH);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Why a verified-looking assertion failed jose's checks, in words a client's engineer can act on. */
function joseReason(err: unknown, aud: string): string {
  if (err instanceof joseErrors.JWTExpired) return 'the client_assertion has expired (exp)';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return `the client_assertion's aud must be the token endpoint, ${aud}`;
    if (err.claim === 'iss' || err.claim === 'sub')
      return 'the client_assertion needs iss = sub = the client id';
    if (err.claim === 'exp' || err.claim === 'jti') return `the client_assertion needs an ${err.claim} claim`;
    if (err.claim === 'nbf') return 'the client_assertion is not valid yet (nbf)';
    return `the client_assertion's ${err.claim} claim is wrong`;
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'the client_assertion signature does not verify with the registered key';
  return 'the client_assertion could not be verified';
}

interface Context {
  client?: TokenClient;
  iss?: string;
}

/**
 * Checks a token request and, when everything holds, issues a token. Every refusal is audited
 * (with the client, when the assertion named a registered one) and thrown as an OAuthError.
 */
export async function issueToken(
  s: Services,
  body: Record<string, string>,
  ip: string,
  allowClient: (clientId: string) => boolean,
): Promise<TokenAnswer> {
  const ctx: Context = {};
  try {
    return await grant(s, body, ip, ctx, allowClient);
  } catch (err) {
    if (err instanceof OAuthError) await auditRefusal(s, ctx, ip, err);
    throw err;
  }
}

async function grant(
  s: Services,
  body: Record<string, string>,
  ip: string,
  ctx: Context,
  allowClient: (clientId: string) => boolean,
): Promise<TokenAnswer> {
  if (!body.grant_type) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
  if (body.grant_type !== 'client_credentials')
    throw new OAuthError(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
  if (body.client_assertion_type !== ASSERTION_TYPE)
    throw invalidClient(`client_assertion_type must be ${ASSERTION_TYPE} (private_key_jwt)`);
  const assertion = body.client_assertion;
  if (!assertion) throw invalidClient('client_assertion is required');

  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw invalidClient('client_assertion is not a signed JWT');
  }
  ctx.iss = str(claims.iss)?.slice(0, 80);
  const iss = str(claims.iss);
  if (!iss || iss !== claims.sub) throw invalidClient('the client_assertion needs iss = sub = the client id');
  if (body.client_id && body.client_id !== iss)
    throw invalidClient('client_id differs from the assertion’s iss');
  const client = UUID.test(iss) ? await findClientForToken(s.db, iss.toLowerCase()) : undefined;
  if (!client) throw invalidClient('unknown client');
  ctx.client = client;
  if (client.revokedAt) throw invalidClient('the client is revoked');

  const alg = str(header.alg);
  if (!alg || !(CLIENT_KEY_ALGS as readonly string[]).includes(alg))
    throw invalidClient(`alg ${alg ?? '(none)'} is not accepted: sign with ${CLIENT_KEY_ALGS.join(' or ')}`);
  const kid = str(header.kid);
  if (!kid) throw invalidClient('the client_assertion header names no kid');
  const jwk = client.jwks.keys.find((k: ClientJwk) => k.kid === kid);
  if (!jwk) throw invalidClient(`no registered key has kid ${kid.slice(0, 80)}`);
  if (jwk.alg !== alg)
    throw invalidClient(`the key ${kid.slice(0, 80)} is registered for ${jwk.alg}, not ${alg}`);

  const now = s.now();
  const aud = tokenUrl(s);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, await publicKeyOf(jwk), {
      algorithms: [jwk.alg],
      issuer: client.id,
      subject: client.id,
      audience: aud,
      requiredClaims: ['exp', 'jti'],
      clockTolerance: SKEW_SECONDS,
      currentDate: now,
    }));
  } catch (err) {
    throw invalidClient(joseReason(err, aud));
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = payload.exp!;
  if (exp > nowSeconds + MAX_ASSERTION_SECONDS + SKEW_SECONDS)
    throw invalidClient('the client_assertion’s exp must be at most five minutes ahead');
  const jti = str(payload.jti);
  if (!jti || jti.length > 255)
    throw invalidClient('the client_assertion needs a jti of at most 255 characters');

  if (!body.scope?.trim()) throw new OAuthError(400, 'invalid_scope', 'scope is required');
  const registered = client.scopes.split(' ').filter(Boolean);
  const granted = grantScopes(body.scope, registered);
  if (!granted.length)
    throw new OAuthError(
      400,
      'invalid_scope',
      `none of the requested scopes is registered for this client (registered: ${registered.join(' ')})`,
    );
  if (!allowClient(client.id))
    throw new OAuthError(
      429,
      'invalid_request',
      'too many token requests for this client; wait a few minutes',
    );

  // The account acts in a consortium its institution belongs to now (it may have left one).
  const consortia = await currentConsortia(s.db, client.institutionId, todayInChina(now));
  if (!consortia.length)
    throw new OAuthError(400, 'invalid_grant', 'the client’s institution belongs to no consortium');
  const consortiumId =
    client.consortiumId && consortia.includes(client.consortiumId) ? client.consortiumId : consortia[0]!;

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TOKEN_SECONDS * 1000).toISOString();
  const scope = granted.join(' ');
  const actor: Actor = { userId: client.userId, username: clientAccountName(client.id), ip };
  await s.db.transaction().execute(async (trx) => {
    // The jti is taken once, by one transaction: a replay, even at the same moment on another
    // server, finds it taken (the primary key) and is refused.
    const fresh = await trx
      .insertInto('clientAssertionJtis')
      .values({ clientId: client.id, jti, expiresAt: new Date(exp * 1000).toISOString() })
      .onConflict((oc) => oc.doNothing())
      .returning('jti')
      .executeTakeFirst();
    if (!fresh) throw invalidClient('the client_assertion’s jti was used before: sign a new assertion');
    const stale = new Date(now.getTime() - SKEW_SECONDS * 1000).toISOString();
    await trx.deleteFrom('clientAssertionJtis').where('expiresAt', '<', stale).execute();
    await trx.deleteFrom('clientTokens').where('expiresAt', '<', now.toISOString()).execute();
    await trx
      .insertInto('clientTokens')
      .values({ id: tokenIdOf(token), clientId: client.id, scopes: scope, expiresAt, ip })
      .execute();
    await trx
      .updateTable('systemClients')
      .set({ lastTokenAt: now.toISOString(), lastTokenIp: ip })
      .where('id', '=', client.id)
      .execute();
    if (consortiumId !== client.consortiumId)
      await trx.updateTable('users').set({ consortiumId }).where('id', '=', client.userId).execute();
    await recordAudit(trx, actor, {
      action: 'client.token_issued',
      entityType: 'system_client',
      entityId: client.id,
      consortiumId,
      institutionId: client.institutionId,
      after: { scope, expiresAt, jti: jti.slice(0, 80) },
    });
  });
  return { access_token: token, token_type: 'bearer', expires_in: TOKEN_SECONDS, scope };
}

/** Each refused token request enters the audit trail, naming the client when one was named. */
async function auditRefusal(s: Services, ctx: Context, ip: string, err: OAuthError): Promise<void> {
  const c = ctx.client;
  const actor: Actor = c
    ? { userId: c.userId, username: clientAccountName(c.id), ip }
    : { userId: null, username: null, ip };
  await s.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'client.token_refused',
      entityType: 'system_client',
      entityId: c?.id ?? null,
      consortiumId: c?.consortiumId ?? null,
      institutionId: c?.institutionId ?? null,
      after: { error: err.error, reason: err.description, ...(!c && ctx.iss ? { iss: ctx.iss } : {}) },
    }),
  );
}
