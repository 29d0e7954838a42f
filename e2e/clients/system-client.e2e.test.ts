import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { signInThroughForm, startHarness, type Harness } from '../harness.js';

// 西南医科大学附属医院's administrator registers the hospital's HIS with a public key; the HIS (this
// test) gets a token with an assertion signed by its private key and reads the FHIR API; the
// administrator sees the last use, revokes the client, and the HIS's token stops working at once.
describe('system clients in the browser', () => {
  let h: Harness;
  let privateKey: CryptoKey;
  let jwks: { keys: object[] };
  const kid = 'his-2026';
  let clientId = '';
  let token = '';

  beforeAll(async () => {
    h = await startHarness();
    const pair = await generateKeyPair('ES384', { extractable: true });
    privateKey = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'ES384', use: 'sig' }] };
  });
  afterAll(async () => h?.close());

  const fhirRead = (bearer: string) =>
    fetch(`${h.baseUrl}/fhir/R4/ServiceRequest?_count=1`, { headers: { authorization: `Bearer ${bearer}` } });

  it('the institution administrator registers the HIS with its public key', async () => {
    await signInThroughForm(h, 'swmu.admin');
    await h.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.page.getByTestId('nav-clients').first().click();
    await h.page.waitForURL((u) => u.pathname === '/clients');
    await h.page.getByTestId('create-client').click();
    const form = h.page.getByTestId('client-form');
    await form.getByTestId('client-name').fill('西南医大附院 HIS');
    // A private key pasted by mistake is refused in the form, before anything is sent.
    await form.getByTestId('jwks-text').fill(JSON.stringify({ keys: [{ ...jwks.keys[0], d: 'AAAA' }] }));
    await form.getByTestId('form-submit').click();
    await form.getByText('第 1 个密钥包含私钥部分（d），只能登记公钥').waitFor();
    await form.getByTestId('jwks-text').fill(JSON.stringify(jwks, null, 2));
    await h.screenshot('client-register-swmu');
    await form.getByTestId('form-submit').click();
    await h.page.waitForURL((u) => /^\/clients\/[0-9a-f-]{36}$/.test(u.pathname));
    clientId = (await h.page.getByTestId('client-id').innerText()).trim();
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    await h.page.getByTestId('last-token').getByText('从未').waitFor();
  });

  it('the HIS gets a token with a signed assertion and reads the FHIR API; the administrator sees the use', async () => {
    // The HIS reads the token endpoint (the assertion's aud) from the discovery document.
    const conf = await (await fetch(`${h.baseUrl}/fhir/R4/.well-known/smart-configuration`)).json();
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(conf.token_endpoint)
      .setExpirationTime(now + 240)
      .setJti(randomUUID())
      .sign(privateKey);
    const res = await fetch(`${h.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'system/ServiceRequest.rs system/Patient.rs',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ token_type: 'bearer', expires_in: 300 });
    token = answer.access_token;
    const read = await fhirRead(token);
    expect(read.status).toBe(200);
    expect((await read.json()).resourceType).toBe('Bundle');

    await h.page.reload();
    await h.page.getByTestId('last-token').getByText('来自 127.0.0.1').waitFor();
    await h.page.getByTestId('last-use').getByText('来自 127.0.0.1').waitFor();
    await h.screenshot('client-detail-last-use');
  });

  it('revoking, after a confirmation, stops the token at once', async () => {
    await h.page.getByTestId('revoke-client').click();
    await h.page.getByTestId('revoke-reason').fill('HIS 更换厂商');
    await h.page.getByTestId('revoke-confirm').click();
    await h.page.getByText('客户端已吊销').waitFor();
    await h.page.getByTestId('client-details').getByText('HIS 更换厂商').waitFor();
    await h.screenshot('client-revoked');
    const after = await fhirRead(token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('list and detail are usable at phone width', async () => {
    await h.page.setViewportSize({ width: 375, height: 812 });
    await h.page.reload();
    await h.page.getByTestId('client-title').waitFor();
    expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    await h.screenshot('client-detail-phone');
    await h.page.goto(`${h.baseUrl}/clients`);
    await h.page.getByTestId('client-link').first().waitFor();
    expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    const file = await h.screenshot('client-list-phone');
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  it('switches to English', async () => {
    await h.page.setViewportSize({ width: 1280, height: 800 });
    await h.page.evaluate(() => localStorage.setItem('yilian.lang', 'en'));
    await h.page.reload();
    await h.page.getByTestId('create-client').getByText('Register client').waitFor();
    await h.page.getByText('Revoked', { exact: true }).first().waitFor();
  });
});
