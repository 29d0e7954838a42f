import type {
  Bundle,
  BundleEntryResponse,
  OperationOutcome,
  OperationOutcomeIssue,
  Organization,
  Patient,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { referralCreate, type Referral } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError, conflict, forbidden } from '../../errors.js';
import * as referrals from '../referral/referral.service.js';
import { DIRECTION_DISPLAY, idDocumentSystem, URI } from './fhir.codes.js';
import { deriveDirection } from './fhir.derive.js';
import {
  checkEnvelope,
  identityWarnings,
  Issues,
  ORGANIZATION_SYSTEMS,
  parseIfNoneExist,
  parseReferral,
  sourceOf,
  type ImportEntry,
  type ParsedReferral,
} from './fhir.import.js';
import {
  findInstitutionsByIdentifiers,
  findReferralIdsByIdentifier,
  findRegisteredPatient,
  findStaffByLicense,
  findVisibleInstitution,
  rolesInCommonConsortium,
  type FoundInstitution,
} from './fhir.import.repository.js';
import { issue, outcome } from './fhir.outcome.js';
import {
  findDepartmentByName,
  findReferralRow,
  patientCreatedWith,
  practitionerOf,
} from './fhir.repository.js';
import { organizationIdentifiers, serviceRequest } from './fhir.resources.js';
import { validationErrors } from './fhir.validator.js';

// Referrals from other systems: a transaction Bundle (POST /fhir/R4) or a single ServiceRequest
// (POST /fhir/R4/ServiceRequest). Every problem of the request is collected and answered at once,
// each with its FHIRPath; the referral is then made by referrals.createOnce, so validation, scope,
// audit and notifications are the REST API's, and a sender's order number names one referral of
// its institution: a retry (or a conditional create) answers the referral the first one made.

/** Stands in for an institution that was not found, so the rest of the body is still checked. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Imported {
  referral: Referral;
  created: boolean;
  /** The Practitioner of the referral (staff member, account, or the referral itself). */
  practitionerId: string;
  patientCreated: boolean;
  institutions: Map<string, FoundInstitution>;
  notes: OperationOutcomeIssue[];
  parsed: ParsedReferral;
}

/** The structural validator's errors, then the mapping's, all in one list. */
async function parseAll(resource: unknown, entries: ImportEntry[], x: Issues) {
  for (const i of await validationErrors(resource as Resource))
    x.error(i.expression?.[0] ?? 'Bundle', i.details?.text ?? i.diagnostics ?? 'is not valid FHIR R4');
  const structural = !x.ok;
  try {
    return parseReferral(entries, x);
  } catch (err) {
    // A shape the validator refused already (a string where an object goes …): its errors say it.
    if (structural && !(err instanceof AppError)) return undefined;
    throw err;
  }
}

function labelOf(system: string) {
  return ORGANIZATION_SYSTEMS[system] ?? system;
}

/** The institution behind each Organization, by any of its identifiers. */
async function resolveInstitutions(s: Services, p: Principal, parsed: ParsedReferral, x: Issues) {
  const found = new Map<string, FoundInstitution>();
  for (const c of parsed.organizations.values()) {
    if (c.identifiers.length === 0) continue;
    const rows = await findInstitutionsByIdentifiers(s.db, p, c.identifiers);
    if (rows.length === 0) {
      const first = c.identifiers[0]!;
      x.error(first.at, `no institution in your consortia has the ${labelOf(first.system)} ${first.value}`);
      continue;
    }
    if (rows.length > 1) {
      x.error(
        `${c.at}.identifier`,
        `names ${rows.length} institutions: ${rows.map((r) => r.name).join(', ')}`,
      );
      continue;
    }
    const inst = rows[0]!;
    // An identifier that disagrees with the register: found by the others, and said so.
    const registered = organizationIdentifiers({ ...inst, medicalLicenseNo: inst.medicalLicenseNo });
    for (const id of c.identifiers) {
      if (id.system === URI.ws500Organization) continue;
      if (!registered.some((r) => r.system === id.system && r.value === id.value))
        x.warning(
          id.at,
          `is not the ${labelOf(id.system)} registered for ${inst.name}, which the other identifiers name`,
          'not-found',
        );
    }
    found.set(c.key, inst);
  }
  return found;
}

/** The referring practitioner: a staff member of the sending institution by 执业证书编码, or text. */
async function resolvePractitioner(
  s: Services,
  p: Principal,
  parsed: ParsedReferral,
  fromId: string | null,
  x: Issues,
): Promise<referrals.ImportedFields['practitioner']> {
  const pr = parsed.practitioner;
  if (!pr) return null;
  const licenses = pr.identifiers
    .filter((i) => i.system === URI.practitionerLicense)
    .map((i) => i.value.toUpperCase());
  const staff = licenses.length && fromId ? await findStaffByLicense(s.db, fromId, licenses) : [];
  if (staff.length === 1) {
    x.information(pr.at, `The referring practitioner is ${staff[0]!.name}, staff of the sending institution`);
    return { staffId: staff[0]!.id, name: staff[0]!.name };
  }
  const name = (pr.name ?? '').trim().slice(0, 100) || p.displayName;
  x.information(
    pr.at,
    `The Practitioner matches no staff member of the sending institution by 执业证书编码 (${URI.practitionerLicense}): ` +
      'the referring practitioner is kept as sent, by name',
  );
  const id = pr.identifiers[0];
  return { staffId: null, name, identifier: id ? { system: id.system, value: id.value } : null };
}

/** A referral's direction from the two institutions' levels and roles in their consortium. */
async function derivedDirection(s: Services, fromId: string, to: FoundInstitution) {
  const from = await s.db
    .selectFrom('institutions')
    .select('level')
    .where('id', '=', fromId)
    .executeTakeFirst();
  if (!from) return undefined;
  const roles = await rolesInCommonConsortium(s.db, fromId, to.id);
  return deriveDirection(
    { level: from.level, role: roles?.fromRole ?? null },
    { level: to.level, role: roles?.toRole ?? null },
  );
}

function remap(err: AppError, sources: Record<string, string>): AppError {
  if (!err.errors?.length) return err;
  const errors = err.errors.map((f) => ({ field: sourceOf(sources, f.field), message: f.message }));
  return new AppError(err.code, errors.map((f) => `${f.field}: ${f.message}`).join('; '), errors);
}

/** The referral an `ifNoneExist` query finds among the sending institution's, if any. */
async function conditionalMatch(
  s: Services,
  p: Principal,
  parsed: ParsedReferral,
  fromId: string,
): Promise<Referral | undefined> {
  const q = parsed.ifNoneExist;
  if (!q) return undefined;
  const ids = await findReferralIdsByIdentifier(s.db, p, fromId, q.value);
  if (ids.length > 1)
    throw new AppError('conflict', `${q.at}: matches more than one referral`, [
      { field: q.at, message: 'matches more than one referral; name the system of the identifier' },
    ]);
  return ids[0] ? referrals.get(s, p, ids[0].id) : undefined;
}

/** Parsed entries → a referral (new, or the one the sender's order number already names). */
async function importReferral(
  s: Services,
  p: Principal,
  actor: Actor,
  parsed: ParsedReferral | undefined,
  x: Issues,
): Promise<Imported> {
  if (!parsed) {
    x.throwIfAny();
    throw new AppError('validation_failed', 'The request holds no referral');
  }
  const institutions = await resolveInstitutions(s, p, parsed, x);
  const fromId = p.institutionId;
  const sending = parsed.requester ? institutions.get(parsed.requester) : undefined;
  if (sending && sending.id !== fromId) {
    const at = parsed.organizations.get(parsed.requester!)!.identifiers[0]!.at;
    throw new AppError(
      'forbidden',
      `${at}: only staff of the requesting organization can send its referral`,
      [{ field: at, message: 'only staff of the requesting organization can send its referral' }],
    );
  }
  if (!fromId) throw forbidden('Only staff of a member institution can refer patients');
  const receiver = parsed.performer ? institutions.get(parsed.performer) : undefined;
  if (receiver?.id === fromId)
    x.error(parsed.sources.toInstitutionId!, 'must be another institution than the sending one');

  const at = parsed.request.at;
  const body = { ...parsed.body };
  if (parsed.deriveDirection) {
    const d = receiver ? await derivedDirection(s, fromId, receiver) : undefined;
    body.direction = d ?? 'lateral'; // stands in while the receiver is unknown (an error already)
    if (d)
      x.information(
        `${at}.category`,
        `No direction was sent (${URI.direction}): ${DIRECTION_DISPLAY[d]} (${d}) was derived from the two institutions' levels and roles`,
      );
  }
  const practitioner = await resolvePractitioner(s, p, parsed, fromId, x);

  const department = async (
    want: { value: string; at: string } | undefined,
    institutionId: string | undefined,
  ) => {
    if (!want || !institutionId) return null;
    const d = await findDepartmentByName(s.db, institutionId, want.value);
    if (!d) x.warning(want.at, `No department named ${want.value}; left unset`, 'not-found');
    return d?.id ?? null;
  };
  const checked = referralCreate.safeParse({
    ...body,
    toInstitutionId: receiver?.id ?? UNKNOWN_ID,
    toDepartmentId: await department(parsed.toDepartment, receiver?.id),
    fromDepartmentId: await department(parsed.fromDepartment, fromId),
  });
  if (!checked.success)
    for (const i of checked.error.issues) {
      const field = i.path.join('.');
      // Fields whose source was refused already stand in or are missing: their errors are said.
      if (field === 'toInstitutionId' && !receiver) continue;
      if (field.startsWith('patient') && !body.patient) continue;
      const at = sourceOf(parsed.sources, field);
      // A field with no source element is missing because its element was refused above (a
      // ServiceRequest without reasonCode has no diagnosis): that problem is said already.
      if (at === 'Bundle' && !x.ok) continue;
      x.error(at, i.message);
    }
  x.throwIfAny();
  if (!checked.success) throw new AppError('validation_failed', 'The referral is not valid');

  const imported: referrals.ImportedFields = {
    sender: parsed.sender,
    practitioner,
    greenCategoryDerived: parsed.greenCategoryDerived,
  };
  let result: { referral: Referral; created: boolean };
  const existing = await conditionalMatch(s, p, parsed, fromId);
  if (existing) result = { referral: existing, created: false };
  else
    try {
      // A registered patient keeps the registered identity; a difference is recorded and warned of.
      result = await referrals.createOnce(s, p, actor, checked.data, {
        onIdentityMismatch: 'record',
        imported,
      });
    } catch (err) {
      throw err instanceof AppError ? remap(err, parsed.sources) : err;
    }
  const r = result.referral;
  if (!result.created)
    x.information(
      parsed.identifierAt ?? parsed.ifNoneExist?.at ?? at,
      `A referral with this identifier exists already (${r.code}, ServiceRequest/${r.id}): it is answered, nothing new was made`,
    );
  const row = await findReferralRow(s.db, p, r.id);
  const pt = result.created ? await patientCreatedWith(s.db, r.id) : { id: r.patient.id, created: false };
  return {
    referral: r,
    created: result.created,
    practitionerId: row ? practitionerOf(row) : p.userId,
    patientCreated: pt.created,
    institutions,
    notes: [...x.notes, ...(result.created ? identityWarnings(r.patientDiscrepancy, parsed.sources) : [])],
    parsed,
  };
}

/**
 * POST /fhir/R4 with a referral transaction Bundle: a new referral from another system, or the
 * one its order number (or the entry's ifNoneExist) already names.
 */
export async function importBundle(s: Services, p: Principal, actor: Actor, input: unknown): Promise<Bundle> {
  const x = new Issues();
  const entries = checkEnvelope(input, x);
  if (entries.length === 0) x.throwIfAny();
  const parsed = await parseAll(input, entries, x);
  const done = await importReferral(s, p, actor, parsed, x);
  const r = done.referral;
  const status = done.created ? '201 Created' : '200 OK';
  const response = (e: ImportEntry): BundleEntryResponse => {
    switch (e.type) {
      case 'ServiceRequest':
        return {
          status,
          location: `ServiceRequest/${r.id}`,
          lastModified: r.updatedAt,
          ...(done.notes.length ? { outcome: outcome(done.notes) } : {}),
        };
      case 'Task':
        return { status, location: `Task/${r.id}`, lastModified: r.updatedAt };
      case 'Patient':
        return {
          status: done.patientCreated ? '201 Created' : '200 OK',
          location: `Patient/${r.patient.id}`,
        };
      case 'Organization':
        return {
          status: '200 OK',
          location: `Organization/${done.institutions.get(`entry:${e.index}`)!.id}`,
        };
      case 'Practitioner':
        return { status: '200 OK', location: `Practitioner/${done.practitionerId}` };
    }
  };
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: done.parsed.entries.map((e) => ({ response: response(e) })),
  };
}

/** A registered patient as a Patient with the full numbers, for the mapping (never sent out). */
function registeredPatient(pt: NonNullable<Awaited<ReturnType<typeof findRegisteredPatient>>>): Patient {
  return {
    resourceType: 'Patient',
    identifier: [
      { system: idDocumentSystem(pt.idType), value: pt.idNumber },
      ...(pt.insuranceNo ? [{ system: URI.insuranceNo, value: pt.insuranceNo }] : []),
    ],
    name: [{ text: pt.name }],
    gender: pt.sex,
    birthDate: pt.birthDate,
    ...(pt.phone ? { telecom: [{ system: 'phone' as const, value: pt.phone }] } : {}),
  };
}

const LITERAL = /^(Patient|Organization)\/([0-9a-f-]{36})$/i;

/**
 * A single ServiceRequest as entries: its contained resources, and the registered patient and
 * institutions it refers to by `Patient/{id}` and `Organization/{id}` (which the caller sees).
 */
async function singleEntries(s: Services, p: Principal, input: unknown, x: Issues): Promise<ImportEntry[]> {
  const sr = input as ServiceRequest & { contained?: unknown };
  if (typeof input !== 'object' || input === null || sr.resourceType !== 'ServiceRequest') {
    x.error('ServiceRequest', 'the body must be a ServiceRequest resource');
    return [];
  }
  const { contained, ...own } = sr;
  const entries: ImportEntry[] = [
    { index: 0, type: 'ServiceRequest', resource: own as Resource, at: 'ServiceRequest', urls: [] },
  ];
  for (const [i, c] of (Array.isArray(contained) ? contained : []).entries()) {
    const r = c as Resource;
    const at = `ServiceRequest.contained[${i}]`;
    if (
      r?.resourceType !== 'Patient' &&
      r?.resourceType !== 'Organization' &&
      r?.resourceType !== 'Practitioner'
    ) {
      x.error(`${at}.resourceType`, 'a referral contains a Patient, Organizations or a Practitioner');
      continue;
    }
    entries.push({ index: i + 1, type: r.resourceType, resource: r, at, urls: r.id ? [`#${r.id}`] : [] });
  }
  const refs: [string | undefined, string][] = [
    [sr.subject?.reference, 'ServiceRequest.subject'],
    ...(sr.performer ?? []).map((r, i): [string | undefined, string] => [
      r.reference,
      `ServiceRequest.performer[${i}]`,
    ]),
    ...(sr.extension ?? []).map((e, i): [string | undefined, string] => [
      e.url === URI.requestingOrganization ? e.valueReference?.reference : undefined,
      `ServiceRequest.extension[${i}].valueReference`,
    ]),
  ];
  for (const [reference, at] of refs) {
    const m = reference ? LITERAL.exec(reference) : null;
    if (!m || entries.some((e) => e.urls.includes(reference!))) continue;
    const id = m[2]!.toLowerCase();
    if (m[1] === 'Patient') {
      const pt = await findRegisteredPatient(s.db, p, id);
      if (!pt) x.error(`${at}.reference`, `${reference} is not a patient of a referral you see`);
      else
        entries.push({
          index: entries.length,
          type: 'Patient',
          resource: registeredPatient(pt),
          at,
          urls: [reference!],
        });
    } else {
      const inst = await findVisibleInstitution(s.db, p, id);
      if (!inst) x.error(`${at}.reference`, `${reference} is not an institution of your consortia`);
      else {
        const org: Organization = {
          resourceType: 'Organization',
          identifier: [{ system: URI.institutionCode, value: inst.code }],
        };
        entries.push({ index: entries.length, type: 'Organization', resource: org, at, urls: [reference!] });
      }
    }
  }
  return entries;
}

/**
 * POST /fhir/R4/ServiceRequest: one ServiceRequest, the patient and institutions contained or
 * referred to by id; with If-None-Exist, the referral that query finds is answered (200) instead.
 */
export async function createServiceRequest(
  s: Services,
  p: Principal,
  actor: Actor,
  input: unknown,
  ifNoneExist: string | undefined,
): Promise<{ created: boolean; id: string; resource: ServiceRequest; outcome: OperationOutcome }> {
  const x = new Issues();
  const entries = await singleEntries(s, p, input, x);
  if (entries.length === 0) x.throwIfAny();
  const parsed = await parseAll(input, entries, x);
  if (parsed && ifNoneExist) parsed.ifNoneExist = parseIfNoneExist(ifNoneExist, 'If-None-Exist', x);
  const done = await importReferral(s, p, actor, parsed, x);
  const row = await findReferralRow(s.db, p, done.referral.id);
  if (!row) throw conflict('The referral is no longer visible to you');
  const notes = done.notes.length
    ? done.notes
    : [
        issue(
          'information',
          'informational',
          done.created ? 'The referral was created' : 'The referral exists',
        ),
      ];
  return { created: done.created, id: row.id, resource: serviceRequest(row), outcome: outcome(notes) };
}
