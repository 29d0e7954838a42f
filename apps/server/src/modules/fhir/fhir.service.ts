import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Principal, Services } from '../../context.js';
import { notFound } from '../../errors.js';
import {
  findOrganizationRows,
  findPatientRow,
  findPractitionerRow,
  findReferralRow,
  practitionerOf,
} from './fhir.repository.js';
import {
  organization,
  patient,
  practitioner,
  referralBundle,
  serviceRequest,
  task,
  type FhirType,
} from './fhir.resources.js';
import { isUuid } from './fhir.search.js';

// The FHIR facade's use cases. Reads and searches see what the REST API shows the same user
// (referralVisible), masked the same way; an import goes through referrals.create, so its
// validation, scope checks and audit are the REST API's.

export const FHIR_TYPES: readonly FhirType[] = [
  'ServiceRequest',
  'Task',
  'Patient',
  'Organization',
  'Practitioner',
];

export async function read(s: Services, p: Principal, type: FhirType, id: string): Promise<Resource> {
  const found = isUuid(id) ? await readResource(s, p, type, id.toLowerCase()) : undefined;
  if (!found) throw notFound(`${type}/${id}`);
  return found;
}

async function readResource(s: Services, p: Principal, type: FhirType, id: string) {
  switch (type) {
    case 'ServiceRequest':
    case 'Task': {
      const r = await findReferralRow(s.db, p, id);
      return r && (type === 'Task' ? task(r) : serviceRequest(r));
    }
    case 'Patient': {
      const pt = await findPatientRow(s.db, p, id);
      return pt && patient(pt);
    }
    case 'Organization': {
      const [i] = await findOrganizationRows(s.db, p, [id]);
      return i && organization(i);
    }
    case 'Practitioner': {
      const pr = await findPractitionerRow(s.db, p, id);
      return pr && practitioner(pr);
    }
  }
}

/** A referral as a transaction Bundle (GET Bundle/referral-{id}). */
export async function exportReferral(s: Services, p: Principal, referralId: string): Promise<Bundle> {
  const r = isUuid(referralId) ? await findReferralRow(s.db, p, referralId.toLowerCase()) : undefined;
  if (!r) throw notFound(`Bundle/referral-${referralId}`);
  const [pt, organizations, pr] = await Promise.all([
    findPatientRow(s.db, p, r.patientId),
    findOrganizationRows(s.db, p, [r.fromInstitutionId, r.toInstitutionId]),
    findPractitionerRow(s.db, p, practitionerOf(r)),
  ]);
  // The patient as the referral was made; the register may carry other values today.
  const asMade = {
    ...pt!,
    name: r.patientName,
    sex: r.patientSex,
    birthDate: r.patientBirthDate,
    phone: r.patientPhone,
  };
  return referralBundle({ referral: r, patient: asMade, organizations, practitioner: pr! }, s.now());
}

// Referrals from other systems (a transaction Bundle, a single ServiceRequest): fhir.import-service.ts.
export { createServiceRequest, importBundle } from './fhir.import-service.js';
