#!/usr/bin/env node
// A hospital system's side of SMART Backend Services, for trying Yilian's FHIR API from a shell
// (curl cannot sign a JWT). See docs/fhir.md, "Authentication".
//
//   node tools/fhir-token.mjs keygen [--alg ES384|RS384] [--kid KID] [--out NAME]
//       writes NAME.private.json (the private key, keep it secret) and NAME.jwks.json (the public
//       JWKS to register with Yilian); NAME defaults to "his", alg to ES384
//   node tools/fhir-token.mjs assertion --client ID --key NAME.private.json --aud TOKEN_URL
//       prints a client_assertion: a JWT signed with the key, iss = sub = ID, aud = TOKEN_URL,
//       exp four minutes ahead, a fresh jti (usable once)
//   node tools/fhir-token.mjs token --client ID --key NAME.private.json --fhir FHIR_BASE --scope "SCOPES"
//       finds the token endpoint in FHIR_BASE/.well-known/smart-configuration, signs an assertion,
//       asks for a token and prints the answer (JSON with access_token)
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function fail(message) {
  console.error(message);
  process.exit(2);
}

async function keygen({ alg = 'ES384', kid = `his-${new Date().toISOString().slice(0, 10)}`, out = 'his' }) {
  if (alg !== 'ES384' && alg !== 'RS384') fail('--alg must be ES384 or RS384');
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const pub = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  fs.writeFileSync(`${out}.private.json`, JSON.stringify(priv, null, 2) + '\n', { mode: 0o600 });
  fs.writeFileSync(`${out}.jwks.json`, JSON.stringify({ keys: [pub] }, null, 2) + '\n');
  console.error(`Wrote ${out}.private.json (keep it secret) and ${out}.jwks.json (register it), kid ${kid}`);
}

async function assertion({ client, key, aud }) {
  if (!client || !key || !aud) fail('assertion needs --client, --key and --aud');
  const jwk = JSON.parse(fs.readFileSync(key, 'utf8'));
  if (!jwk.d) fail(`${key} holds no private key`);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: 'JWT' })
    .setIssuer(client)
    .setSubject(client)
    .setAudience(aud)
    .setIssuedAt(now)
    .setExpirationTime(now + 240)
    .setJti(randomUUID())
    .sign(await importJWK(jwk, jwk.alg));
}

async function token({ client, key, fhir, scope }) {
  if (!fhir || !scope) fail('token needs --client, --key, --fhir and --scope');
  const conf = await fetch(`${fhir.replace(/\/$/, '')}/.well-known/smart-configuration`);
  if (!conf.ok) fail(`smart-configuration: HTTP ${conf.status}`);
  const { token_endpoint: aud } = await conf.json();
  const res = await fetch(aud, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await assertion({ client, key, aud }),
    }),
  });
  const body = await res.text();
  if (!res.ok) {
    console.error(`HTTP ${res.status} ${body}`);
    process.exit(1);
  }
  return body;
}

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    alg: { type: 'string' },
    kid: { type: 'string' },
    out: { type: 'string' },
    client: { type: 'string' },
    key: { type: 'string' },
    aud: { type: 'string' },
    fhir: { type: 'string' },
    scope: { type: 'string' },
  },
});
if (command === 'keygen') await keygen(values);
else if (command === 'assertion') console.log(await assertion(values));
else if (command === 'token') console.log(await token(values));
else fail('usage: node tools/fhir-token.mjs keygen|assertion|token … (see the comment at the top)');
