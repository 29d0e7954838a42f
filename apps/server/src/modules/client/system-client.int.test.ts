import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { validationErrors } from '../fhir/fhir.validator.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildUser,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../../../test/factories.js';
import {
  ASSERTION_TYPE,
  jwksOf,
  newClientKey,
  signAssertion,
  TEST_TOKEN_URL,
  tokenForm,
  tokenRequest,
  type ClientKey,
} from '../../../test/system-client.js';

// The county hospital's HIS as a SMART Backend Services client: its administrator registers it
// with a public key, the HIS proves the key and gets a five-minute token, reads within its
// institution's scope only, and is stopped at once when revoked. Every refusal is OAuth's.
describe.each(DATABASES)('system clients (%s)', (kind) => {
  let t: TestApp;
  let w: ReferralWorld;
  let other: ReferralWorld;
  let countyAdmin: Client;
  let rsa: ClientKey;
  let ec: ClientKey;
  let clientId: string;
  let referralId: string;
  let otherReferralId: string;

  const fhir = (url: string, token: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
  const token = async (key: ClientKey, scope = 'system/ServiceRequest.rs system/Patient.rs') =>
    tokenRequest(t.app, tokenForm(await signAssertion(clientId, key), scope));

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.database.db;
    w = await buildReferralWorld(db, '510524');
    other = await buildReferralWorld(db, '331121');
    const admin = await buildUser(db, 'institution_admin', {
      consortiumId: w.consortium.id,
      institutionId: w.county.id,
    });
    countyAdmin = await signIn(t.app, admin.username, PASSWORD);
    const countyDoctor = await signIn(t.app, w.users.countyDoctor.username, PASSWORD);
    referralId = (
      await countyDoctor.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, 1))
    ).json().id;
    const otherDoctor = await signIn(t.app, other.users.countyDoctor.username, PASSWORD);
    otherReferralId = (
      await otherDoctor.post('/api/v1/referrals', referralBody({ institutionId: other.city.id }, 2))
    ).json().id;
    rsa = await newClientKey('RS384');
    ec = await newClientKey('ES384');
  });
  afterAll(async () => t?.close());

  it('the institution administrator registers the HIS with its public keys; a bad JWKS is refused naming the key', async () => {
    const bad = async (jwks: unknown) => {
      const res = await countyAdmin.post('/api/v1/clients', {
        name: '叙永县人民医院 HIS',
        scopes: ['system/ServiceRequest.crs'],
        jwks,
      });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await bad({ keys: [{ ...rsa.jwk, d: 'AAAA' }] })).toContain('jwks.keys.0.d');
    expect(await bad({ keys: [{ kty: 'oct', k: 'c2VjcmV0', alg: 'HS256', kid: 'h' }] })).toEqual(
      expect.arrayContaining(['jwks.keys.0.kty', 'jwks.keys.0.alg']),
    );
    expect(await bad({ keys: [{ ...rsa.jwk, kid: undefined }] })).toContain('jwks.keys.0.kid');
    expect(await bad({ keys: [{ ...rsa.jwk, alg: 'RS256' }] })).toContain('jwks.keys.0.alg');
    expect(await bad({ keys: [{ ...rsa.jwk, n: rsa.jwk.n!.slice(0, 200) }] })).toContain('jwks.keys.0.n');
    expect(await bad({ keys: [{ ...ec.jwk, x: 'AAAA' }] })).toContain('jwks.keys.0');
    expect(await bad({ keys: [rsa.jwk, { ...ec.jwk, kid: rsa.kid }] })).toContain('jwks.keys.1.kid');

    const res = await countyAdmin.post('/api/v1/clients', {
      name: '叙永县人民医院 HIS',
      scopes: ['system/ServiceRequest.crs', 'system/Patient.rs', 'system/Organization.rs'],
      jwks: jwksOf(rsa, ec),
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    clientId = c.id;
    expect(c).toMatchObject({
      institutionId: w.county.id,
      state: 'active',
      accountName: `client:${c.id}`,
      keys: [
        { kid: rsa.kid, alg: 'RS384', kty: 'RSA' },
        { kid: ec.kid, alg: 'ES384', kty: 'EC' },
      ],
      lastTokenAt: null,
    });
    expect((await countyAdmin.get('/api/v1/clients?q=叙永')).json().total).toBe(1);
    // Its account never signs in with a password, and is not among the people's accounts.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: c.accountName, password: '!system-client' },
    });
    expect(login.statusCode).toBe(401);
    expect(JSON.stringify((await countyAdmin.get('/api/v1/users?pageSize=200')).json())).not.toContain(
      'client:',
    );
  });

  it('an office and another institution’s administrator cannot register or revoke the county’s client', async () => {
    const office = await signIn(t.app, w.users.office.username, PASSWORD);
    const cityAdmin = await signIn(t.app, w.users.cityAdmin.username, PASSWORD);
    const body = { name: 'x', scopes: ['system/Task.rs'], jwks: jwksOf(rsa), institutionId: w.county.id };
    expect((await office.post('/api/v1/clients', body)).statusCode).toBe(403);
    expect((await office.post(`/api/v1/clients/${clientId}/revoke`, {})).statusCode).toBe(403);
    const named = await cityAdmin.post('/api/v1/clients', body);
    expect(named.statusCode).toBe(400);
    expect(named.json().errors[0].field).toBe('institutionId');
    expect((await cityAdmin.post(`/api/v1/clients/${clientId}/revoke`, {})).statusCode).toBe(404);
    expect((await cityAdmin.get(`/api/v1/clients/${clientId}`)).statusCode).toBe(404);
    expect((await cityAdmin.get('/api/v1/clients')).json().total).toBe(0);
  });

  it('the HIS gets a token for the registered scopes it asks, and reads within its institution only', async () => {
    const conf = await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' });
    expect(conf.statusCode).toBe(200);
    expect(conf.json()).toMatchObject({
      token_endpoint: TEST_TOKEN_URL,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      grant_types_supported: ['client_credentials'],
      capabilities: expect.arrayContaining(['client-confidential-asymmetric']),
    });
    // The CapabilityStatement names the token endpoint too, and stays valid R4.
    const metadata = (await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })).json();
    expect(JSON.stringify(metadata.rest[0].security)).toContain('/auth/token');
    expect(await validationErrors(metadata)).toEqual([]);

    const res = await token(ec, 'system/ServiceRequest.crs system/Patient.rs system/Task.rs');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const answer = res.json();
    // Task was not registered: the answer grants what both name.
    expect(answer).toMatchObject({
      token_type: 'bearer',
      expires_in: 300,
      scope: 'system/ServiceRequest.crs system/Patient.rs',
    });
    const bearer = answer.access_token as string;

    const read = await fhir(`/fhir/R4/ServiceRequest/${referralId}`, bearer);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().resourceType).toBe('ServiceRequest');
    const patientId = read.json().subject.reference.split('/')[1];
    expect((await fhir(`/fhir/R4/Patient/${patientId}`, bearer)).statusCode).toBe(200);
    // Another consortium's referral and institution are not there for it.
    expect((await fhir(`/fhir/R4/ServiceRequest/${otherReferralId}`, bearer)).statusCode).toBe(404);
    expect((await fhir(`/fhir/R4/Organization/${other.city.id}`, bearer)).statusCode).toBe(403);
    const search = (await fhir('/fhir/R4/ServiceRequest', bearer)).json();
    expect(JSON.stringify(search)).not.toContain(otherReferralId);
    expect(JSON.stringify(search)).toContain(referralId);
    // The token's scopes, per resource type: no Organization in this token (though registered).
    const scoped = await fhir(`/fhir/R4/Organization/${w.county.id}`, bearer);
    expect(scoped.statusCode).toBe(403);
    expect(scoped.headers['www-authenticate']).toContain('error="insufficient_scope"');
    const orgToken = (await token(rsa, 'system/Organization.rs')).json().access_token;
    expect((await fhir(`/fhir/R4/Organization/${w.county.id}`, orgToken)).statusCode).toBe(200);
    expect((await fhir(`/fhir/R4/Organization/${other.city.id}`, orgToken)).statusCode).toBe(404);
    // The web's API does not take the token.
    expect((await fhir(`/api/v1/referrals/${referralId}`, bearer)).statusCode).toBe(401);
    // A cross-site header does not make a bearer request a forgery (no cookie is read on it).
    const post = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4',
      headers: {
        authorization: `Bearer ${bearer}`,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/fhir+json',
      },
      payload: '{"resourceType": ',
    });
    expect(post.statusCode).toBe(400); // the body's fault, not a refused forgery (403)

    // The administrator sees when and from where the HIS last used it.
    const seen = (await countyAdmin.get(`/api/v1/clients/${clientId}`)).json();
    expect(seen).toMatchObject({ lastTokenIp: '127.0.0.1', lastUsedIp: '127.0.0.1' });
    expect(seen.lastTokenAt).toBeTruthy();
    expect(seen.lastUsedAt).toBeTruthy();

    // The audit trail names the client.
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['actorName', 'action'])
      .where('entityId', '=', clientId)
      .where('action', '=', 'client.token_issued')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit.every((a) => a.actorName === `client:${clientId}`)).toBe(true);
  });

  it('refuses a wrong aud, an expired or replayed assertion, an unknown kid, HS256, none, and unregistered scopes, each as OAuth says', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = async (form: Record<string, string>, status: number, error: string) => {
      const res = await tokenRequest(t.app, form);
      expect({ status: res.statusCode, error: res.json().error }, res.body).toEqual({ status, error });
      expect(res.headers['content-type']).toContain('application/json');
      return res.json().error_description as string;
    };
    const scope = 'system/ServiceRequest.rs';
    expect(
      await refused(
        tokenForm(await signAssertion(clientId, rsa, { aud: 'http://evil.example/auth/token' }), scope),
        401,
        'invalid_client',
      ),
    ).toContain(TEST_TOKEN_URL);
    expect(
      await refused(
        tokenForm(await signAssertion(clientId, rsa, { exp: now - 120 }), scope),
        401,
        'invalid_client',
      ),
    ).toContain('expired');
    expect(
      await refused(
        tokenForm(await signAssertion(clientId, rsa, { exp: now + 3600 }), scope),
        401,
        'invalid_client',
      ),
    ).toContain('five minutes');
    expect(
      await refused(
        tokenForm(await signAssertion(clientId, rsa, { kid: 'nobody' }), scope),
        401,
        'invalid_client',
      ),
    ).toContain('kid');
    // Signed with the EC key but claiming the RSA key's kid: the signature does not verify.
    expect(
      await refused(
        tokenForm(await signAssertion(clientId, ec, { kid: rsa.kid }), scope),
        401,
        'invalid_client',
      ),
    ).toMatch(/registered for RS384|signature/);
    const hs256 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(TEST_TOKEN_URL)
      .setExpirationTime(now + 120)
      .setJti('hs')
      .sign(new TextEncoder().encode('a-shared-secret-anyone-might-guess'));
    expect(await refused(tokenForm(hs256, scope), 401, 'invalid_client')).toContain('HS256');
    const none = new UnsecuredJWT({ jti: 'none' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(TEST_TOKEN_URL)
      .setExpirationTime(now + 120)
      .encode();
    expect(await refused(tokenForm(none, scope), 401, 'invalid_client')).toContain('none');
    await refused(tokenForm(await signAssertion(clientId, rsa), 'system/Task.u'), 400, 'invalid_scope');
    await refused(
      tokenForm(await signAssertion('0b1e9b5e-0000-4000-8000-000000000000', rsa), scope),
      401,
      'invalid_client',
    );
    await refused(
      { ...tokenForm(await signAssertion(clientId, rsa), scope), grant_type: 'password' },
      400,
      'unsupported_grant_type',
    );
    await refused(
      { ...tokenForm(await signAssertion(clientId, rsa), scope), client_assertion_type: 'x' },
      401,
      'invalid_client',
    );
    const json = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      payload: { grant_type: 'client_credentials' },
    });
    expect({ status: json.statusCode, error: json.json().error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });

    // A replay, even two at once, gets one token at most.
    const assertion = await signAssertion(clientId, rsa);
    const both = await Promise.all([1, 2].map(() => tokenRequest(t.app, tokenForm(assertion, scope))));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    expect(await refused(tokenForm(assertion, scope), 401, 'invalid_client')).toContain('jti');

    // Each refusal is in the audit trail, naming the client when the assertion named it.
    const rows = await t.database.db
      .selectFrom('auditLog')
      .select(['actorName', 'entityId', 'after'])
      .where('action', '=', 'client.token_refused')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(
      rows.filter((r) => r.entityId === clientId).every((r) => r.actorName === `client:${clientId}`),
    ).toBe(true);
  });

  it('a FHIR request without a usable token answers 401 with WWW-Authenticate', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/fhir/R4/ServiceRequest' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="yilian"');
    expect(none.json().resourceType).toBe('OperationOutcome');
    const bad = await fhir('/fhir/R4/ServiceRequest', 'not-a-token');
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await fhir('/fhir/R4/metadata', 'not-a-token')).statusCode).toBe(200);
  });

  it('rotating the keys ends the old key and its tokens; revoking stops an issued token at once', async () => {
    const issued = (await token(rsa)).json().access_token;
    const fresh = await newClientKey('RS384');
    const rotated = await countyAdmin.inject({
      method: 'PUT',
      url: `/api/v1/clients/${clientId}/keys`,
      payload: { jwks: jwksOf(fresh), note: '年度轮换' },
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().keys).toEqual([{ kid: fresh.kid, alg: 'RS384', kty: 'RSA' }]);
    expect((await fhir(`/fhir/R4/ServiceRequest/${referralId}`, issued)).statusCode).toBe(401);
    expect((await token(rsa)).json().error).toBe('invalid_client');

    const bearer = (await token(fresh)).json().access_token;
    expect((await fhir(`/fhir/R4/ServiceRequest/${referralId}`, bearer)).statusCode).toBe(200);
    const revoked = await countyAdmin.post(`/api/v1/clients/${clientId}/revoke`, { reason: 'HIS 更换厂商' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokeReason: 'HIS 更换厂商' });
    const after = await fhir(`/fhir/R4/ServiceRequest/${referralId}`, bearer);
    expect(after.statusCode).toBe(401);
    expect(after.headers['www-authenticate']).toContain('error="invalid_token"');
    const again = await token(fresh);
    expect({ status: again.statusCode, error: again.json().error }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
    expect((await countyAdmin.post(`/api/v1/clients/${clientId}/revoke`, {})).statusCode).toBe(409);

    const rows = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName'])
      .where('entityId', '=', clientId)
      .where('action', 'in', ['client.created', 'client.keys_rotated', 'client.revoked'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['client.created', 'client.keys_rotated', 'client.revoked']);
  });

  it('the form accepts no parameter twice, and the type is form-urlencoded', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&grant_type=client_credentials&client_assertion_type=${encodeURIComponent(ASSERTION_TYPE)}`,
    });
    expect({ status: res.statusCode, error: res.json().error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
    // Hostile input: always an OAuth error, never a 5xx.
    const base = tokenForm('x', 'system/ServiceRequest.rs');
    for (const form of [
      { ...base, client_assertion: 'a.b.c' },
      { ...base, client_assertion: 'eyJhbGciOiJub25lIn0.eyJpc3MiOjF9.' },
      { ...base, client_assertion: `${'A'.repeat(5000)}.${'B'.repeat(5000)}.C` },
      { ...base, client_assertion: await signAssertion('not-a-uuid', rsa) },
      {
        ...base,
        client_assertion: await signAssertion(clientId, rsa, { jti: 'j'.repeat(300) }),
        scope: 'x'.repeat(3000),
      },
      {},
    ]) {
      const r = await tokenRequest(t.app, form as Record<string, string>);
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(typeof r.json().error).toBe('string');
    }
    const binary = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from([0, 1, 2, 255]),
    });
    expect({ status: binary.statusCode, error: binary.json().error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
  });
});
