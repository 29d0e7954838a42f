import { importJWK } from 'jose';
import type { ClientJwk, ClientJwks } from '@yilian/domain';
import { AppError, type FieldError } from '../../errors.js';

// The key material of a JWKS, beyond its shape (packages/domain client.ts checks the shape): each
// key must import as the public key its alg names. A JWKS that does not is refused whole, naming
// every bad key, so a pasted document is fixed in one go.

export async function publicKeyOf(jwk: ClientJwk) {
  return importJWK({ ...jwk, ext: true }, jwk.alg);
}

export async function checkKeyMaterial(jwks: ClientJwks, field = 'jwks'): Promise<void> {
  const errors: FieldError[] = [];
  for (const [i, key] of jwks.keys.entries()) {
    try {
      const imported = await publicKeyOf(key);
      if (imported instanceof Uint8Array || imported.type !== 'public') throw new Error('not a public key');
    } catch {
      errors.push({
        field: `${field}.keys.${i}`,
        message: `is not a valid ${key.alg} public key (kid ${key.kid})`,
      });
    }
  }
  if (errors.length)
    throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** What the web and the audit trail show of a JWKS: the keys by kid and alg, never the numbers. */
export function keySummary(jwks: ClientJwks) {
  return jwks.keys.map((k) => ({ kid: k.kid, alg: k.alg, kty: k.kty }));
}
