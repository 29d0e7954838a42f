import type { Bundle, BundleEntryResponse, Resource } from '@medplum/fhirtypes';
import { referralCreate } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import * as referrals from '../referral/referral.service.js';
import {
  checkEnvelope,
  identityWarnings,
  parseReferralBundle,
  sourceOf,
  type ParsedReferral,
} from './fhir.import.js';
import { fhirInvalid, issue, outcome } from './fhir.outcome.js';
import {
  findDepartmentByName,
  findInstitutionByCode,
  findOrganizationRows,
  findPatientRow,
  findPractitionerRow,
  findReferralRow,
  patientCreatedWith,
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
import { validationErrors } from './fhir.validator.js';

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

function remap(err: AppError, parsed: ParsedReferral): AppError {
  if (!err.errors?.length) return err;
  const errors = err.errors.map((f) => ({ field: sourceOf(parsed.sources, f.field), message: f.message }));
  return new AppError(err.code, errors.map((f) => `${f.field}: ${f.message}`).join('; '), errors);
}

/**
 * POST /fhir/R4 with a referral transaction Bundle: a new referral from another system. The
 * Organizations must be institutions of the caller's consortia (matched by code), the caller
 * staff of the requesting one; the rest is referrals.create, as if sent through the REST API.
 */
export async function importBundle(s: Services, p: Principal, actor: Actor, input: unknown): Promise<Bundle> {
  const entries = checkEnvelope(input);
  const bundle = input as Bundle;
  const invalid = await validationErrors(bundle);
  if (invalid.length) {
    const errors = invalid.map((i) => ({
      field: i.expression?.[0] ?? 'Bundle',
      message: i.details?.text ?? i.diagnostics ?? 'is not valid FHIR R4',
    }));
    throw new AppError('validation_failed', 'The Bundle is not valid FHIR R4', errors);
  }
  const parsed = parseReferralBundle(bundle, entries);

  const institutions = new Map<number, { id: string; code: string; name: string }>();
  for (const [index, code] of parsed.organizationCodes) {
    const found = await findInstitutionByCode(s.db, p, code.value);
    if (!found) throw fhirInvalid(code.at, `no institution with code ${code.value} in your consortia`);
    institutions.set(index, found);
  }
  const receiver = institutions.get(parsed.performer)!;
  if (parsed.requester !== undefined && institutions.get(parsed.requester)!.id !== p.institutionId)
    throw fhirInvalid(
      parsed.organizationCodes.get(parsed.requester)!.at,
      'only staff of the requesting organization can send its referral',
      'forbidden',
    );

  const warnings = [...parsed.warnings];
  const department = async (
    want: { value: string; at: string } | undefined,
    institutionId: string | null,
  ) => {
    if (!want || !institutionId) return null;
    const d = await findDepartmentByName(s.db, institutionId, want.value);
    if (!d)
      warnings.push(issue('warning', 'not-found', `No department named ${want.value}; left unset`, want.at));
    return d?.id ?? null;
  };
  const body = referralCreate.safeParse({
    ...parsed.body,
    toInstitutionId: receiver.id,
    toDepartmentId: await department(parsed.toDepartment, receiver.id),
    fromDepartmentId: await department(parsed.fromDepartment, p.institutionId),
  });
  if (!body.success) {
    const errors = body.error.issues.map((i) => ({
      field: sourceOf(parsed.sources, i.path.join('.')),
      message: i.message,
    }));
    throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }

  let created;
  try {
    // A registered patient keeps the registered identity; a difference is recorded and warned of.
    created = await referrals.create(s, p, actor, body.data, { onIdentityMismatch: 'record' });
  } catch (err) {
    throw err instanceof AppError ? remap(err, parsed) : err;
  }
  const pt = await patientCreatedWith(s.db, created.id);
  warnings.push(...identityWarnings(created.patientDiscrepancy, parsed.sources));

  const response = (e: (typeof entries)[number]): BundleEntryResponse => {
    switch (e.type) {
      case 'ServiceRequest':
        return {
          status: '201 Created',
          location: `ServiceRequest/${created.id}`,
          lastModified: created.updatedAt,
          ...(warnings.length ? { outcome: outcome(warnings) } : {}),
        };
      case 'Task':
        return { status: '201 Created', location: `Task/${created.id}`, lastModified: created.updatedAt };
      case 'Patient':
        return { status: pt.created ? '201 Created' : '200 OK', location: `Patient/${pt.id}` };
      case 'Organization':
        return { status: '200 OK', location: `Organization/${institutions.get(e.index)!.id}` };
      case 'Practitioner':
        return { status: '200 OK', location: `Practitioner/${p.userId}` };
    }
  };
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: entries.map((e) => ({ response: response(e) })),
  };
}
