import { describe, expect, it } from 'vitest';
import { validationErrors } from './fhir.validator.js';

// The validator the FHIR tests rely on refuses what the base R4 definitions refuse.

const texts = async (r: object) =>
  (await validationErrors(r as never)).map((i) => `${i.expression?.[0] ?? ''} ${i.details?.text ?? ''}`);

describe('FHIR R4 validation', () => {
  it('accepts a minimal valid Task and Patient', async () => {
    expect(await texts({ resourceType: 'Task', status: 'ready', intent: 'order' })).toEqual([]);
    expect(await texts({ resourceType: 'Patient', gender: 'female', birthDate: '1990-03-15' })).toEqual([]);
  });

  it.each([
    [{ resourceType: 'Task', intent: 'order' }, /Task\.status .*Missing required/],
    [{ resourceType: 'Task', status: 'booked', intent: 'order' }, /Task\.status .*not in required value set/],
    [{ resourceType: 'Patient', gender: 'man' }, /Patient\.gender .*not in required value set/],
    [{ resourceType: 'Patient', birthDate: '1990-13-45' }, /Patient\.birthDate .*Invalid date/],
    [{ resourceType: 'Patient', colour: 'red' }, /Patient\.colour .*Invalid additional property/],
    [{ resourceType: 'Patient', name: [] }, /Patient\.name must not be empty/],
    [
      { resourceType: 'Patient', identifier: [{ value: {} }] },
      /Patient\.identifier\[0\]\.value must be a JSON string/,
    ],
    [
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: { resourceType: 'Task', status: 'ready', intent: 'order' } }],
      },
      /bdl-3/,
    ],
    [
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Task', status: 'x', intent: 'order' },
            request: { method: 'POST', url: 'Task' },
          },
        ],
      },
      /Bundle\.entry\[0\]\.resource\.status .*not in required value set/,
    ],
    [
      {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/1' },
        priority: 'soon',
      },
      /ServiceRequest\.priority .*not in required value set/,
    ],
    [
      {
        resourceType: 'CapabilityStatement',
        status: 'active',
        date: '2026-01-01',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
      },
      /cpb-1/,
    ],
  ])('refuses %j', async (resource, problem) => {
    expect(await texts(resource)).toContainEqual(expect.stringMatching(problem));
  });
});
