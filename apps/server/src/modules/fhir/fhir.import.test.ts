import { describe, expect, it } from 'vitest';
import { Issues } from './fhir.import.js';

describe('Issues: every problem once', () => {
  it('says one element once, whoever finds it, and keeps apart what is about the Bundle as a whole', () => {
    const x = new Issues();
    x.error('Bundle.entry[5].resource.status', 'not an R4 code'); // the validator
    x.error('Bundle.entry[5].resource.status', "a new referral's Task is requested"); // the mapping
    x.error('Bundle.entry[1].resource.identifier[0].value', 'check character');
    x.error('Bundle.entry[1].resource.identifier', 'needs an identifier'); // inside: said already
    x.error('Bundle.entry', 'holds one Patient (found 2)'); // the Bundle: its own problem
    x.error('Bundle.entry[3].resource.birthDate', 'does not match'); // still said
    x.error('ServiceRequest.subject.reference', 'not a patient you see');
    x.error('ServiceRequest.subject', 'needs a reference');
    expect(x.errors.map((e) => e.field)).toEqual([
      'Bundle.entry[5].resource.status',
      'Bundle.entry[1].resource.identifier[0].value',
      'Bundle.entry',
      'Bundle.entry[3].resource.birthDate',
      'ServiceRequest.subject.reference',
    ]);
    expect(() => x.throwIfAny()).toThrow(/5|status/);
  });
});
