import { describe, expect, it } from 'vitest';
import { clientJwks, clientScopeProblem } from '@yilian/domain';
import { fhirScopeNeeded, grantScopes, permissionsOf, scopesAllow } from './client.scopes.js';

describe('SMART system scopes', () => {
  it('registers SMART v2 scopes of the client resource types only', () => {
    for (const ok of ['system/ServiceRequest.crs', 'system/Task.u', 'system/Task.rus', 'system/Patient.rs'])
      expect(clientScopeProblem(ok), ok).toBeNull();
    for (const bad of [
      'system/Patient.c', // patients come in with a referral, not alone
      'system/ServiceRequest.src', // letters out of order
      'system/Task.rr',
      'system/Observation.rs',
      'patient/Patient.rs',
      'system/*.rs',
      'openid',
    ])
      expect(clientScopeProblem(bad), bad).not.toBeNull();
  });

  it('grants what was asked as far as it was registered, letter by letter, v1 names read as v2', () => {
    const registered = ['system/ServiceRequest.crs', 'system/Task.rs', 'system/Task.u', 'system/Patient.rs'];
    expect(
      grantScopes('system/ServiceRequest.rs system/Task.rus system/Practitioner.rs', registered),
    ).toEqual(['system/ServiceRequest.rs', 'system/Task.rus']);
    expect(grantScopes('system/Patient.read system/ServiceRequest.write', registered)).toEqual([
      'system/ServiceRequest.c',
      'system/Patient.rs',
    ]);
    expect(grantScopes('system/Organization.rs launch openid', registered)).toEqual([]);
  });

  it('turns scopes into permissions and FHIR routes into the scope they need', () => {
    expect(permissionsOf(['system/Patient.rs']).sort()).toEqual(['referral.read']);
    expect(permissionsOf(['system/ServiceRequest.c', 'system/Task.u']).sort()).toEqual([
      'referral.create',
      'referral.handle',
    ]);
    expect(fhirScopeNeeded('GET', '/fhir/R4/Patient/:id')).toEqual({ type: 'Patient', op: 'r' });
    expect(fhirScopeNeeded('GET', '/fhir/R4/Patient')).toEqual({ type: 'Patient', op: 's' });
    expect(fhirScopeNeeded('POST', '/fhir/R4/Patient/$match')).toEqual({ type: 'Patient', op: 's' });
    expect(fhirScopeNeeded('POST', '/fhir/R4/')).toEqual({ type: 'ServiceRequest', op: 'c' });
    expect(fhirScopeNeeded('POST', '/fhir/R4')).toEqual({ type: 'ServiceRequest', op: 'c' });
    expect(fhirScopeNeeded('PUT', '/fhir/R4/Task/:id')).toEqual({ type: 'Task', op: 'u' });
    expect(fhirScopeNeeded('GET', '/fhir/R4/Bundle/referral-:id')).toEqual({
      type: 'ServiceRequest',
      op: 'r',
    });
    expect(fhirScopeNeeded('GET', '/fhir/R4/metadata')).toBeNull();
    expect(fhirScopeNeeded('GET', '/fhir/R4/CodeSystem/:id')).toBeNull();
    expect(scopesAllow(['system/Task.rs'], { type: 'Task', op: 'u' })).toBe(false);
    expect(scopesAllow(['system/Task.rs', 'system/Task.u'], { type: 'Task', op: 'u' })).toBe(true);
  });

  it('keeps only the public members of a registered key', () => {
    const key = { kty: 'EC', kid: 'k1', alg: 'ES384', crv: 'P-384', x: 'AAAA', y: 'BBBB', x5c: ['MII…'] };
    expect(clientJwks.parse({ keys: [key] }).keys[0]).toEqual({
      kty: 'EC',
      kid: 'k1',
      alg: 'ES384',
      use: 'sig',
      crv: 'P-384',
      x: 'AAAA',
      y: 'BBBB',
    });
    expect(clientJwks.safeParse({ keys: [{ ...key, crv: 'P-256' }] }).success).toBe(false);
    expect(clientJwks.safeParse({ keys: [] }).success).toBe(false);
    expect(clientJwks.safeParse([key]).success).toBe(false);
  });
});
