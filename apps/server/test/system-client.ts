import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { CLIENT_SCOPES, clientJwks } from '@yilian/domain';
import { systemActor, type Db } from '../src/context.js';
import { registerClient } from '../src/modules/client/client.service.js';

// A hospital system in tests: its key pair, the assertion it signs, the token it gets. The token
// endpoint's aud is the default public URL of a test app (YILIAN_PUBLIC_URL unset, PORT 8080).

export const TEST_TOKEN_URL = 'http://localhost:8080/auth/token';
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientKey {
  kid: string;
  alg: 'RS384' | 'ES384';
  privateKey: CryptoKey;
  /** The public JWK, as registered. */
  jwk: JWK;
}

export async function newClientKey(alg: 'RS384' | 'ES384' = 'RS384', kid = `k-${randomUUID().slice(0, 8)}`) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk } satisfies ClientKey;
}

export const jwksOf = (...keys: ClientKey[]) => ({ keys: keys.map((k) => k.jwk) });

/** A client assertion as SMART Backend Services asks for; `over` changes claims or the header. */
export async function signAssertion(
  clientId: string,
  key: ClientKey,
  over: { aud?: string; exp?: number; jti?: string; iss?: string; kid?: string; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: over.alg ?? key.alg, kid: over.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(over.iss ?? clientId)
    .setSubject(clientId)
    .setAudience(over.aud ?? TEST_TOKEN_URL)
    .setExpirationTime(over.exp ?? now + 240)
    .setIssuedAt(now)
    .setJti(over.jti ?? randomUUID())
    .sign(key.privateKey);
}

export function tokenRequest(app: FastifyInstance, form: Record<string, string>, ip?: string) {
  return app.inject({
    method: 'POST',
    url: '/auth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
    ...(ip ? { remoteAddress: ip } : {}),
  });
}

export function tokenForm(assertion: string, scope: string) {
  return {
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  };
}

/** Signs an assertion and gets a token; throws unless the endpoint answers 200. */
export async function getToken(app: FastifyInstance, clientId: string, key: ClientKey, scope: string) {
  const res = await tokenRequest(app, tokenForm(await signAssertion(clientId, key), scope));
  if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
  return res.json() as { access_token: string; token_type: string; expires_in: number; scope: string };
}

/** Registers a client straight into the database (as `yilian create-client` does); answers its id. */
export async function buildSystemClient(
  db: Db,
  institutionId: string,
  keys: ClientKey[],
  scopes: string[] = [...CLIENT_SCOPES],
  name = '测试医院 HIS',
): Promise<string> {
  const jwks = clientJwks.parse(jwksOf(...keys));
  return (await registerClient(db, systemActor, { name, institutionId, scopes, jwks }, new Date())).id;
}
