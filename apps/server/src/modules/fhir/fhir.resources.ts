import { createHash } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Extension,
  Identifier,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { enumLabel, maskIdNumber, maskInsuranceNo, maskPhone } from '@yilian/domain';
import {
  DIRECTION_DISPLAY,
  GREEN_CHANNEL_DISPLAY,
  ICD10_SYSTEM,
  ID_DOCUMENT_DISPLAY,
  MASKED,
  PATIENT_REFERRAL,
  PRIORITY,
  SERVICE_REQUEST_STATUS,
  STATE_DISPLAY,
  TASK_STATUS,
  URI,
  idDocumentSystem,
} from './fhir.codes.js';
import {
  practitionerOf,
  type OrganizationRow,
  type PatientRow,
  type PractitionerRow,
  type ReferralRow,
} from './fhir.repository.js';

// Pure mapping from database rows to FHIR R4 resources. One referral is a ServiceRequest (the
// order) and a Task (its handling by the receiving institution), both with the referral's uuid as
// id. Identity numbers and phones are masked here, for every reader, as in the REST API.

export type FhirType = 'ServiceRequest' | 'Task' | 'Patient' | 'Organization' | 'Practitioner';

/** How one resource refers to another: `Type/id` when served alone, `urn:uuid:…` inside a transaction. */
export type Refs = (type: FhirType, id: string) => string;
export const restRefs: Refs = (type, id) => `${type}/${id}`;

/**
 * A stable uuid per resource for the fullUrls of a transaction Bundle (uuid v5 of `Type/id`): the
 * ServiceRequest and the Task share the referral's id, and their fullUrls must differ.
 */
export function resourceUuid(type: FhirType, id: string): string {
  const h = createHash('sha1').update(`yilian:${type}/${id}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
export const bundleRefs: Refs = (type, id) => `urn:uuid:${resourceUuid(type, id)}`;

type ResourceOf<T extends FhirType> = Extract<Resource, { resourceType: T }>;

function ref<T extends FhirType>(
  refs: Refs,
  type: T,
  id: string,
  display?: string | null,
): Reference<ResourceOf<T>> {
  return { reference: refs(type, id), ...(display ? { display } : {}) };
}

function coding(system: string, code: string, display: string): CodeableConcept {
  return { coding: [{ system, code, display }], text: display };
}

/** An identifier type of HL7 v2 table 0203, with the Chinese name of the identifier as text. */
function v2Type(code: string, display: string, text: string): CodeableConcept {
  return { coding: [{ system: URI.v2IdentifierType, code, display }], text };
}

/** The sending system's order number and Yilian's referral number: a referral's identifiers. */
function referralIdentifiers(r: ReferralRow): Identifier[] {
  const identifier: Identifier[] = [{ system: URI.referralCode, value: r.code }];
  if (r.senderIdentifierSystem && r.senderIdentifierValue)
    identifier.push({
      use: 'usual',
      type: v2Type('PLAC', 'Placer Identifier', '发送方申请单号'),
      system: r.senderIdentifierSystem,
      value: r.senderIdentifierValue,
      assigner: { display: r.fromInstitutionName },
    });
  return identifier;
}

export function serviceRequest(r: ReferralRow, refs: Refs = restRefs): ServiceRequest {
  const extension: Extension[] = [
    {
      url: URI.requestingOrganization,
      valueReference: ref(refs, 'Organization', r.fromInstitutionId, r.fromInstitutionName),
    },
  ];
  if (r.fromDepartmentName)
    extension.push({ url: URI.requestingDepartment, valueString: r.fromDepartmentName });
  const category = [coding(URI.direction, r.direction, DIRECTION_DISPLAY[r.direction])];
  if (r.greenCategory) {
    const green = coding(URI.greenChannel, r.greenCategory, GREEN_CHANNEL_DISPLAY[r.greenCategory]);
    // Inferred from the diagnosis, not chosen by the sender (系统推断).
    if (r.greenCategoryDerived) green.coding![0]!.userSelected = false;
    category.push(green);
  }
  const note: ServiceRequest['note'] = [
    { id: 'reason', text: r.reason },
    { id: 'summary', text: r.summary },
  ];
  if (r.plan) note.push({ id: 'plan', text: r.plan });
  // The sender's own notes, as sent.
  for (const n of r.senderNotes ?? [])
    note.push({
      text: n.text,
      ...(n.time ? { time: n.time } : {}),
      ...(n.author ? { authorString: n.author } : {}),
    });
  const icd10 = ICD10_SYSTEM[r.icd10Edition];
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: { lastUpdated: r.updatedAt },
    extension,
    identifier: referralIdentifiers(r),
    ...(r.requisitionValue
      ? {
          requisition: {
            ...(r.requisitionSystem ? { system: r.requisitionSystem } : {}),
            value: r.requisitionValue,
          },
        }
      : {}),
    status: SERVICE_REQUEST_STATUS[r.status],
    intent: 'order',
    category,
    priority: PRIORITY[r.urgency],
    code: { coding: [{ ...PATIENT_REFERRAL }], text: '转诊' },
    subject: ref(refs, 'Patient', r.patientId, r.patientName),
    ...(r.slotDate ? { occurrenceDateTime: r.slotDate } : {}),
    // As the sender wrote it, else when the referral was sent (or written, for a draft).
    authoredOn: r.senderAuthoredOn ?? r.submittedAt ?? r.createdAt,
    requester: ref(refs, 'Practitioner', practitionerOf(r), r.referringDoctor),
    ...(r.toDepartmentName ? { performerType: { text: r.toDepartmentName } } : {}),
    performer: [ref(refs, 'Organization', r.toInstitutionId, r.toInstitutionName)],
    reasonCode: [
      {
        coding: [{ ...icd10, code: r.icd10Code, display: r.diagnosisName }],
        text: r.diagnosisName,
      },
    ],
    note,
  };
}

export function task(r: ReferralRow, refs: Refs = restRefs): Task {
  const booking =
    r.status === 'booked' && r.slotDate
      ? ` ${r.slotDate} ${r.slotKind === 'bed' ? '床位' : '号源'} ${r.slotLabel}`
      : '';
  const statusReason =
    r.rejectReason ?? r.cancelReason ?? (r.status === 'failed' ? '超过接收时限未处理' : null);
  const t: Task = {
    resourceType: 'Task',
    id: r.id,
    meta: { lastUpdated: r.updatedAt },
    identifier: referralIdentifiers(r),
    focus: ref(refs, 'ServiceRequest', r.id),
    status: TASK_STATUS[r.status] as Task['status'],
    ...(statusReason ? { statusReason: { text: statusReason } } : {}),
    businessStatus: {
      coding: [{ system: URI.referralState, code: r.status, display: STATE_DISPLAY[r.status] }],
      text: STATE_DISPLAY[r.status] + booking,
    },
    intent: 'order',
    priority: PRIORITY[r.urgency],
    code: {
      coding: [{ system: URI.taskCode, code: 'fulfill', display: 'Fulfill the focal request' }],
    },
    description: r.taskDescription ?? `${DIRECTION_DISPLAY[r.direction]}：${r.diagnosisName}`,
    for: ref(refs, 'Patient', r.patientId, r.patientName),
    authoredOn: r.createdAt,
    lastModified: r.updatedAt,
    requester: ref(refs, 'Organization', r.fromInstitutionId, r.fromInstitutionName),
    // The receiving department, as ServiceRequest.performerType (searched with performer:text).
    ...(r.toDepartmentName ? { performerType: [{ text: r.toDepartmentName }] } : {}),
    owner: ref(refs, 'Organization', r.toInstitutionId, r.toInstitutionName),
  };
  if (r.acceptedAt)
    t.executionPeriod = { start: r.acceptedAt, ...(r.completedAt ? { end: r.completedAt } : {}) };
  if (r.deadlineAt) t.restriction = { period: { end: r.deadlineAt } };
  if (r.status === 'completed' && r.dischargeSummary) {
    t.output = [
      {
        type: coding(URI.taskOutput, 'discharge-summary', '出院小结'),
        valueString: r.dischargeSummary,
      },
    ];
  }
  return t;
}

export function patient(pt: PatientRow): Patient {
  const identifier: Identifier[] = [
    {
      use: 'official',
      type: coding(URI.idDocumentType, pt.idType, ID_DOCUMENT_DISPLAY[pt.idType]),
      system: idDocumentSystem(pt.idType),
      value: maskIdNumber(pt.idNumber)!,
    },
  ];
  if (pt.insuranceNo) {
    identifier.push({
      use: 'secondary',
      type: {
        coding: [{ system: URI.v2IdentifierType, code: 'SN', display: 'Subscriber Number' }],
        text: '医保号',
      },
      system: URI.insuranceNo,
      value: maskInsuranceNo(pt.insuranceNo)!,
    });
  }
  const phone = maskPhone(pt.phone);
  return {
    resourceType: 'Patient',
    id: pt.id,
    // Identity, insurance and phone numbers are masked: full values only through the audited REST reveal.
    meta: { lastUpdated: pt.updatedAt, security: [{ ...MASKED }] },
    identifier,
    name: [{ use: 'official', text: pt.name }],
    ...(phone ? { telecom: [{ system: 'phone', value: phone, use: 'mobile' }] } : {}),
    gender: pt.sex,
    birthDate: pt.birthDate,
  };
}

/** The identifiers of an institution: Yilian's code, its 统一社会信用代码 and 执业许可证登记号. */
export function organizationIdentifiers(
  i: Pick<OrganizationRow, 'code' | 'uscc' | 'medicalLicenseNo'>,
): Identifier[] {
  const identifier: Identifier[] = [{ use: 'official', system: URI.institutionCode, value: i.code }];
  if (i.uscc)
    identifier.push({
      use: 'official',
      type: v2Type('XX', 'Organization identifier', '统一社会信用代码'),
      system: URI.uscc,
      value: i.uscc,
    });
  if (i.medicalLicenseNo)
    identifier.push({
      use: 'official',
      type: v2Type('LN', 'License number', '医疗机构执业许可证登记号'),
      system: URI.medicalLicense,
      value: i.medicalLicenseNo,
    });
  return identifier;
}

export function organization(i: OrganizationRow): Organization {
  return {
    resourceType: 'Organization',
    id: i.id,
    meta: { lastUpdated: i.updatedAt },
    identifier: organizationIdentifiers(i),
    active: true,
    type: [
      {
        coding: [
          { system: URI.organizationType, code: 'prov', display: 'Healthcare Provider' },
          {
            system: URI.institutionKind,
            code: i.kind,
            display: enumLabel('zh-CN', 'institutionKind', i.kind),
          },
        ],
        text: enumLabel('zh-CN', 'institutionKind', i.kind),
      },
      coding(
        URI.institutionLevel,
        `${i.level}-${i.grade}`,
        enumLabel('zh-CN', 'institutionLevel', i.level) +
          (i.grade === 'none' ? '' : `${enumLabel('zh-CN', 'institutionGrade', i.grade)}等`),
      ),
    ],
    name: i.name,
    ...(i.shortName ? { alias: [i.shortName] } : {}),
    ...(i.address ? { address: [{ text: i.address }] } : {}),
  };
}

export function practitioner(pr: PractitionerRow): Practitioner {
  const identifier: Identifier[] = [];
  if (pr.license)
    identifier.push({
      use: 'official',
      type: v2Type('LN', 'License number', '执业证书编码'),
      system: URI.practitionerLicense,
      value: pr.license,
    });
  // A practitioner an import named and Yilian does not know: the identifier as it was sent.
  if (pr.keptSystem && pr.keptValue) identifier.push({ system: pr.keptSystem, value: pr.keptValue });
  return {
    resourceType: 'Practitioner',
    id: pr.id,
    meta: { lastUpdated: pr.updatedAt },
    ...(identifier.length ? { identifier } : {}),
    active: pr.active,
    name: [{ text: pr.name }],
  };
}

/**
 * A resource as an entry of a transaction: no id or version (the receiver assigns them; the
 * MASKED security label stays), a urn:uuid fullUrl, a POST.
 */
function transactionEntry<T extends Resource & { resourceType: FhirType }>(
  resource: T,
  request: BundleEntry['request'] = { method: 'POST', url: resource.resourceType },
): BundleEntry {
  const { id, meta, ...body } = resource;
  const security = meta?.security;
  return {
    fullUrl: bundleRefs(resource.resourceType, id!),
    resource: { ...body, ...(security ? { meta: { security } } : {}) } as Resource,
    request,
  };
}

export interface ReferralParts {
  referral: ReferralRow;
  patient: PatientRow;
  organizations: OrganizationRow[];
  practitioner: PractitionerRow;
}

/**
 * One referral as a transaction Bundle another system can POST: the institutions (conditionally,
 * by code), the referring doctor, the patient (masked: the sender fills in the full number it
 * revealed), the ServiceRequest and its Task, all referring to each other by urn:uuid.
 */
export function referralBundle(parts: ReferralParts, now: Date): Bundle {
  const r = parts.referral;
  const order = [r.fromInstitutionId, r.toInstitutionId];
  const orgs = [...parts.organizations].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  // The Bundle changes whenever one of its resources does.
  const lastUpdated = [r, parts.patient, parts.practitioner, ...orgs]
    .map((x) => x.updatedAt)
    .reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  return {
    resourceType: 'Bundle',
    id: `referral-${r.id}`,
    meta: { lastUpdated },
    type: 'transaction',
    timestamp: now.toISOString(),
    entry: [
      ...orgs.map((i) =>
        transactionEntry(organization(i), {
          method: 'POST',
          url: 'Organization',
          ifNoneExist: `identifier=${URI.institutionCode}|${i.code}`,
        }),
      ),
      transactionEntry(practitioner(parts.practitioner)),
      transactionEntry(patient(parts.patient)),
      // A retry of this Bundle finds the referral instead of making a second (the sender's order number).
      transactionEntry(serviceRequest(r, bundleRefs), {
        method: 'POST',
        url: 'ServiceRequest',
        ...(r.senderIdentifierSystem && r.senderIdentifierValue
          ? { ifNoneExist: `identifier=${r.senderIdentifierSystem}|${r.senderIdentifierValue}` }
          : {}),
      }),
      transactionEntry(task(r, bundleRefs)),
    ],
  };
}

export interface SearchPage {
  /** The public base URL of /fhir/R4 (YILIAN_PUBLIC_URL), never the request's Host. */
  base: string;
  type: string;
  /** The parameters the search applied, for the self and paging links. */
  params: [string, string][];
  count: number;
  offset: number;
  total: number;
  resources: Resource[];
  /** What _include and _revinclude brought in (search.mode include). */
  included?: Resource[];
  /** Warnings, e.g. the parameters that were ignored; sent as an OperationOutcome entry. */
  outcome?: Resource;
}

export function searchBundle(s: SearchPage): Bundle {
  const link = (offset: number) => {
    const q = new URLSearchParams([...s.params, ['_count', String(s.count)], ['_offset', String(offset)]]);
    return `${s.base}/${s.type}?${q.toString()}`;
  };
  const links: Bundle['link'] = [{ relation: 'self', url: link(s.offset) }];
  if (s.count > 0) {
    links.push({ relation: 'first', url: link(0) });
    if (s.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, s.offset - s.count)) });
    if (s.offset + s.count < s.total) links.push({ relation: 'next', url: link(s.offset + s.count) });
  }
  const entryOf =
    (mode: 'match' | 'include') =>
    (resource: Resource): BundleEntry => ({
      fullUrl: `${s.base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode },
    });
  const entry: BundleEntry[] = [
    ...s.resources.map(entryOf('match')),
    ...(s.included ?? []).map(entryOf('include')),
    ...(s.outcome ? [{ resource: s.outcome, search: { mode: 'outcome' as const } }] : []),
  ];
  // JSON FHIR has no empty arrays: a search that found nothing has no entry at all.
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: s.total,
    link: links,
    ...(entry.length ? { entry } : {}),
  };
}
