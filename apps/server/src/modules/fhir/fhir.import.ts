import type {
  Bundle,
  CodeableConcept,
  OperationOutcomeIssue,
  Organization,
  Patient,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { ID_DOCUMENT_TYPES, type IdDocumentType, type PatientDiscrepancy } from '@yilian/domain';
import { URGENCY_OF_PRIORITY, URI, idDocumentSystem } from './fhir.codes.js';
import { fhirInvalid, issue } from './fhir.outcome.js';

// Reading a referral transaction Bundle (as GET Bundle/referral-{id} writes it) into the fields
// of a referralCreate body. Pure: the service resolves institutions and departments, validates
// the body with the domain schema and creates the referral through the referral service. Every
// field remembers the FHIRPath it came from, so an error names the element at fault.

export const ACCEPTED_TYPES = ['ServiceRequest', 'Task', 'Patient', 'Organization', 'Practitioner'] as const;
type AcceptedType = (typeof ACCEPTED_TYPES)[number];

export interface Located<T> {
  value: T;
  /** FHIRPath of the element the value came from. */
  at: string;
}

export interface ImportEntry {
  index: number;
  type: AcceptedType;
  resource: Resource;
  at: string;
}

export interface ParsedReferral {
  /** referralCreate fields but the institution and department ids, which the service resolves. */
  body: Record<string, unknown> & { patient: Record<string, unknown> };
  /** referralCreate field path ('patient.idNumber') → FHIRPath of its source element. */
  sources: Record<string, string>;
  entries: ImportEntry[];
  /** Each Organization entry's institution code. */
  organizationCodes: Map<number, Located<string>>;
  performer: number;
  requester?: number;
  toDepartment?: Located<string>;
  fromDepartment?: Located<string>;
  warnings: OperationOutcomeIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape a transaction must have before the validator and the mapping look inside. */
export function checkEnvelope(input: unknown): ImportEntry[] {
  if (!isObject(input) || input.resourceType !== 'Bundle')
    throw fhirInvalid('Bundle.resourceType', 'the body must be a Bundle resource');
  if (input.type !== 'transaction')
    throw fhirInvalid('Bundle.type', "must be 'transaction' (a referral is imported as one transaction)");
  if (!Array.isArray(input.entry) || input.entry.length === 0)
    throw fhirInvalid(
      'Bundle.entry',
      'a referral Bundle has entries (ServiceRequest, Patient, Organizations…)',
    );
  return input.entry.map((e: unknown, index): ImportEntry => {
    const at = `Bundle.entry[${index}]`;
    if (!isObject(e) || !isObject(e.resource)) throw fhirInvalid(`${at}.resource`, 'is missing');
    const type = e.resource.resourceType;
    if (!ACCEPTED_TYPES.includes(type as AcceptedType))
      throw fhirInvalid(
        `${at}.resource.resourceType`,
        `${String(type)} is not part of a referral Bundle (${ACCEPTED_TYPES.join(', ')})`,
      );
    if (!isObject(e.request)) throw fhirInvalid(`${at}.request`, 'is required in a transaction');
    if (e.request.method !== 'POST' && e.request.method !== 'PUT')
      throw fhirInvalid(`${at}.request.method`, 'only POST (or PUT) entries create a referral');
    return {
      index,
      type: type as AcceptedType,
      resource: e.resource as unknown as Resource,
      at: `${at}.resource`,
    };
  });
}

function codingOf(concepts: CodeableConcept[] | undefined, system: string, at: string) {
  for (const [i, c] of (concepts ?? []).entries()) {
    for (const [j, coding] of (c.coding ?? []).entries()) {
      if (coding.system === system && coding.code)
        return { code: coding.code, display: coding.display, text: c.text, at: `${at}[${i}].coding[${j}]` };
    }
  }
  return undefined;
}

/**
 * Parses the Bundle's entries (already past checkEnvelope and the structural validator).
 * Errors name the element; the institutions behind the Organizations are the service's to find.
 */
export function parseReferralBundle(bundle: Bundle, entries: ImportEntry[]): ParsedReferral {
  const sources: Record<string, string> = {};
  const warnings: OperationOutcomeIssue[] = [];
  const byUrl = new Map<string, ImportEntry>();
  for (const e of entries) {
    const fullUrl = bundle.entry?.[e.index]?.fullUrl;
    if (fullUrl) byUrl.set(fullUrl, e);
    if (e.resource.id) byUrl.set(`${e.type}/${e.resource.id}`, e);
  }
  const resolve = (r: Reference | undefined, type: AcceptedType, at: string): ImportEntry => {
    if (!r?.reference) throw fhirInvalid(at, `needs a reference to the ${type} entry`);
    const e = byUrl.get(r.reference);
    if (!e) throw fhirInvalid(`${at}.reference`, `${r.reference} is not an entry of the Bundle`);
    if (e.type !== type) throw fhirInvalid(`${at}.reference`, `must refer to a ${type}, not a ${e.type}`);
    return e;
  };

  const requests = entries.filter((e) => e.type === 'ServiceRequest');
  if (requests.length !== 1)
    throw fhirInvalid(
      'Bundle.entry',
      `a referral Bundle holds one ServiceRequest (found ${requests.length})`,
    );
  const srEntry = requests[0]!;
  const sr = srEntry.resource as ServiceRequest;
  const at = srEntry.at;

  if (sr.status !== 'draft' && sr.status !== 'active')
    throw fhirInvalid(`${at}.status`, 'a new referral is draft or active');
  if (sr.intent !== 'order' && sr.intent !== 'original-order')
    throw fhirInvalid(`${at}.intent`, "a referral is an order (intent 'order')");
  const submit = sr.status === 'active';

  const direction = codingOf(sr.category, URI.direction, `${at}.category`);
  if (!direction)
    throw fhirInvalid(`${at}.category`, `needs a coding of ${URI.direction} (up, down or lateral)`);
  sources.direction = `${direction.at}.code`;
  const green = codingOf(sr.category, URI.greenChannel, `${at}.category`);
  sources.greenCategory = green ? `${green.at}.code` : `${at}.category`;

  const priority = sr.priority ?? 'routine';
  const urgency = URGENCY_OF_PRIORITY[priority];
  if (!urgency) throw fhirInvalid(`${at}.priority`, 'must be routine, urgent, asap or stat');
  sources.urgency = `${at}.priority`;

  const reason = codingOf(sr.reasonCode, URI.icd10, `${at}.reasonCode`);
  if (!reason) throw fhirInvalid(`${at}.reasonCode`, `needs an ICD-10 coding (${URI.icd10})`);
  sources.icd10Code = `${reason.at}.code`;
  sources.diagnosisName = `${reason.at}.display`;

  const notes = sr.note ?? [];
  const keyed = notes.some((n) => n.id);
  const note = (key: 'reason' | 'summary' | 'plan', position: number) => {
    const i = keyed ? notes.findIndex((n) => n.id === key) : position;
    sources[key] = notes[i] ? `${at}.note[${i}].text` : `${at}.note`;
    return notes[i]?.text;
  };

  // Receiving side: the performer; sending side: the extension, or the Task's requester.
  if ((sr.performer?.length ?? 0) !== 1)
    throw fhirInvalid(`${at}.performer`, 'names the one receiving Organization');
  const performer = resolve(sr.performer![0], 'Organization', `${at}.performer[0]`);
  sources.toInstitutionId = `${at}.performer[0]`;
  const orgExtension = sr.extension?.findIndex((x) => x.url === URI.requestingOrganization) ?? -1;
  let requester =
    orgExtension >= 0
      ? resolve(
          sr.extension![orgExtension]!.valueReference,
          'Organization',
          `${at}.extension[${orgExtension}].valueReference`,
        )
      : undefined;
  const departmentExtension = sr.extension?.findIndex((x) => x.url === URI.requestingDepartment) ?? -1;
  const fromDepartment =
    departmentExtension >= 0 && sr.extension![departmentExtension]!.valueString
      ? {
          value: sr.extension![departmentExtension]!.valueString!,
          at: `${at}.extension[${departmentExtension}].valueString`,
        }
      : undefined;
  const toDepartmentName = sr.performerType?.text ?? sr.performerType?.coding?.[0]?.display;
  const toDepartment = toDepartmentName ? { value: toDepartmentName, at: `${at}.performerType` } : undefined;
  if (fromDepartment) sources.fromDepartmentId = fromDepartment.at;
  if (toDepartment) sources.toDepartmentId = toDepartment.at;

  const tasks = entries.filter((e) => e.type === 'Task');
  if (tasks.length > 1) throw fhirInvalid('Bundle.entry', 'a referral Bundle holds at most one Task');
  if (tasks[0]) {
    const t = tasks[0].resource as Task;
    const tat = tasks[0].at;
    if (t.focus && resolve(t.focus, 'ServiceRequest', `${tat}.focus`) !== srEntry)
      throw fhirInvalid(`${tat}.focus`, 'must be the ServiceRequest of the Bundle');
    const expected = submit ? 'requested' : 'draft';
    if (t.status !== expected)
      throw fhirInvalid(
        `${tat}.status`,
        `a new referral's Task is ${expected} (ServiceRequest.status is ${sr.status})`,
      );
    if (t.owner && resolve(t.owner, 'Organization', `${tat}.owner`) !== performer)
      throw fhirInvalid(`${tat}.owner`, 'must be the ServiceRequest’s performer');
    if (t.requester) {
      const taskRequester = resolve(t.requester, 'Organization', `${tat}.requester`);
      if (requester && taskRequester !== requester)
        throw fhirInvalid(`${tat}.requester`, 'must be the requesting organization of the ServiceRequest');
      requester ??= taskRequester;
    }
  }

  const patients = entries.filter((e) => e.type === 'Patient').length;
  if (patients !== 1)
    throw fhirInvalid('Bundle.entry', `a referral Bundle holds one Patient (found ${patients})`);
  const patientEntry = resolve(sr.subject, 'Patient', `${at}.subject`);
  const patient = parsePatient(patientEntry, sources, warnings);

  const organizationCodes = new Map<number, Located<string>>();
  for (const e of entries.filter((x) => x.type === 'Organization')) {
    const o = e.resource as Organization;
    const k = o.identifier?.findIndex((i) => i.system === URI.institutionCode && i.value) ?? -1;
    if (k < 0)
      throw fhirInvalid(`${e.at}.identifier`, `needs the institution code (system ${URI.institutionCode})`);
    organizationCodes.set(e.index, { value: o.identifier![k]!.value!, at: `${e.at}.identifier[${k}].value` });
  }

  if (entries.some((e) => e.type === 'Practitioner'))
    warnings.push(
      issue(
        'information',
        'informational',
        'The referring doctor of the new referral is the signed-in user who imports it',
        `${at}.requester`,
      ),
    );

  return {
    body: {
      direction: direction.code,
      urgency,
      greenCategory: green?.code ?? null,
      patient,
      icd10Code: reason.code,
      diagnosisName: reason.display ?? reason.text,
      reason: note('reason', 0),
      summary: note('summary', 1),
      plan: note('plan', 2) ?? null,
      submit,
    },
    sources,
    entries,
    organizationCodes,
    performer: performer.index,
    requester: requester?.index,
    toDepartment,
    fromDepartment,
    warnings,
  };
}

function idTypeOfSystem(system: string | undefined): IdDocumentType | undefined {
  return ID_DOCUMENT_TYPES.find((t) => idDocumentSystem(t) === system);
}

function parsePatient(e: ImportEntry, sources: Record<string, string>, warnings: OperationOutcomeIssue[]) {
  const pt = e.resource as Patient;
  const at = e.at;
  const ids = pt.identifier ?? [];
  const k = ids.findIndex((i) => idTypeOfSystem(i.system));
  if (k < 0)
    throw fhirInvalid(
      `${at}.identifier`,
      `needs an identity document number: a 居民身份证 has system ${URI.residentId}`,
    );
  const idNumber = ids[k]!.value ?? '';
  sources['patient.idType'] = `${at}.identifier[${k}].system`;
  sources['patient.idNumber'] = `${at}.identifier[${k}].value`;
  if (idNumber.includes('*'))
    throw fhirInvalid(
      `${at}.identifier[${k}].value`,
      'is masked; an import needs the full identity number (the exporting system reveals it, audited)',
    );
  const insurance = ids.findIndex((i) => i.system === URI.insuranceNo);
  let insuranceNo = insurance >= 0 ? (ids[insurance]!.value ?? null) : null;
  if (insurance >= 0) sources['patient.insuranceNo'] = `${at}.identifier[${insurance}].value`;
  if (insuranceNo?.includes('*')) {
    warnings.push(
      issue(
        'warning',
        'incomplete',
        'The insurance number is masked and was left out',
        sources['patient.insuranceNo'],
      ),
    );
    insuranceNo = null;
  }

  const name = pt.name?.[0];
  sources['patient.name'] = `${at}.name[0]`;
  const phoneAt = pt.telecom?.findIndex((t) => t.system === 'phone' && t.value) ?? -1;
  let phone: string | null = phoneAt >= 0 ? pt.telecom![phoneAt]!.value! : null;
  if (phone) sources['patient.phone'] = `${at}.telecom[${phoneAt}].value`;
  if (phone?.includes('*')) {
    warnings.push(
      issue('warning', 'incomplete', 'The phone number is masked and was left out', sources['patient.phone']),
    );
    phone = null;
  }
  sources['patient.sex'] = `${at}.gender`;
  sources['patient.birthDate'] = `${at}.birthDate`;
  sources.patient = at;
  return {
    name: name?.text ?? [name?.family, ...(name?.given ?? [])].filter(Boolean).join(''),
    sex: pt.gender,
    birthDate: pt.birthDate,
    idType: idTypeOfSystem(ids[k]!.system),
    idNumber,
    phone,
    insuranceNo,
  };
}

/** The FHIRPath behind a referralCreate field path, or the closest enclosing one. */
export function sourceOf(sources: Record<string, string>, field: string): string {
  for (let f = field; f; f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : '') {
    if (sources[f]) return sources[f];
  }
  return 'Bundle';
}

const IDENTITY_FIELD_LABEL = { name: 'name', sex: 'sex', birthDate: 'birth date', phone: 'phone' } as const;

/**
 * The warnings of an import whose identity number belongs to a registered patient with another
 * name, sex or birth date: the registered identity was kept and the difference recorded on the
 * referral (masked, as here) for the receiver to settle.
 */
export function identityWarnings(
  discrepancy: PatientDiscrepancy | null,
  sources: Record<string, string>,
): OperationOutcomeIssue[] {
  return (discrepancy?.fields ?? []).map((f) =>
    issue(
      'warning',
      'business-rule',
      `The identity number belongs to a registered patient: the registered ${IDENTITY_FIELD_LABEL[f.field]} ` +
        `(${f.registered}) was kept, not the one sent (${f.submitted}); the difference is recorded on the referral`,
      sourceOf(sources, `patient.${f.field}`),
    ),
  );
}
