import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { Client } from '../../../test/app.js';
import { URI } from './fhir.codes.js';
import { validationErrors } from './fhir.validator.js';

// Helpers of the FHIR integration tests.

export const FHIR_HEADERS = { 'content-type': 'application/fhir+json' };

/** The resource is valid against the base R4 StructureDefinitions (no error issue). */
export async function expectValid(resource: unknown) {
  expect(await validationErrors(resource as never)).toEqual([]);
}

/** A FHIR error: the status, an OperationOutcome that validates, and the issue naming `expression`. */
export async function expectOutcome(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string },
  status: number,
  expression?: string | RegExp,
) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const oo = res.json() as OperationOutcome;
  expect(oo.resourceType).toBe('OperationOutcome');
  await expectValid(oo);
  if (expression !== undefined)
    expect(oo.issue.flatMap((i) => i.expression ?? [])).toContainEqual(
      typeof expression === 'string' ? expression : expect.stringMatching(expression),
    );
  return oo;
}

/**
 * A referral exported as a transaction Bundle (masked), and the same Bundle with the full
 * identity number and phone the sender obtained through the audited REST reveal.
 */
export async function exportReferral(client: Client, id: string) {
  const res = await client.get(`/fhir/R4/Bundle/referral-${id}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const bundle = res.json() as Bundle;
  await expectValid(bundle);
  const revealed = (await client.post(`/api/v1/referrals/${id}/reveal`, {})).json();
  const filled = structuredClone(bundle);
  const pt = filled.entry!.find((e) => e.resource!.resourceType === 'Patient')!.resource as Patient;
  pt.identifier![0]!.value = revealed.idNumber;
  delete pt.meta; // no longer masked
  if (pt.telecom?.[0]) pt.telecom[0].value = revealed.phone;
  const insurance = pt.identifier!.find((i) => i.system === URI.insuranceNo);
  if (insurance) insurance.value = revealed.insuranceNo;
  return { bundle, filled };
}

export function postBundle(client: Client, bundle: unknown) {
  return client.inject({
    method: 'POST',
    url: '/fhir/R4',
    headers: FHIR_HEADERS,
    payload: JSON.stringify(bundle),
  });
}
