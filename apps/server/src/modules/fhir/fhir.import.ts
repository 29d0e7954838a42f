import type {
  BundleEntry,
  CodeableConcept,
  Identifier,
  OperationOutcomeIssue,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  GREEN_CHANNEL_CATEGORIES,
  ICD10_CN_CLINICAL_PATTERN,
  ICD10_PATTERN,
  isValidUscc,
  normalizeIcd10,
  type Icd10Edition,
  type PatientDiscrepancy,
  type Urgency,
} from '@yilian/domain';
import { AppError, type FieldError } from '../../errors.js';
import { GREEN_CHANNEL_DISPLAY, idTypeOfSystem, URI } from './fhir.codes.js';
import { greenChannelOfDiagnosis } from './fhir.derive.js';
import { issue } from './fhir.outcome.js';

// Reading a referral (a transaction Bundle as a hospital system or another Yilian writes it, or a
// single ServiceRequest) into the fields of a referralCreate body. Pure: the import service finds
// the institutions and staff, validates the body with the domain schema and creates the referral.
// Parsing never stops at the first problem: every one is collected with the FHIRPath of its
// element, and the Bundle is answered with one OperationOutcome listing them all.

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
  /** FHIRPath of the resource: `Bundle.entry[3].resource`, or `ServiceRequest` for a single create. */
  at: string;
  /** How references name it: the entry's fullUrl, `Type/id`, or `#id` for a contained resource. */
  urls: string[];
  request?: BundleEntry['request'];
}

/** A FHIRPath inside one resource: of an entry's resource, or of a resource posted alone. */
const inResource = (path: string) =>
  /^Bundle\.entry\[\d+\]\.resource\b/.test(path) || !path.startsWith('Bundle');

/** Every problem of one request, each with its FHIRPath; warnings and notes for the answer. */
export class Issues {
  readonly errors: FieldError[] = [];
  readonly notes: OperationOutcomeIssue[] = [];

  /**
   * An error already reported at `at`, or at an element of the same resource containing it or
   * inside it (the validator and the mapping say one thing once). Errors about the Bundle as a
   * whole (`Bundle.entry`: one ServiceRequest, one Patient) never hide an entry's, nor the reverse.
   */
  covers(at: string): boolean {
    const within = (outer: string, inner: string) =>
      inResource(outer) && (inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`));
    return this.errors.some((e) => e.field === at || within(e.field, at) || within(at, e.field));
  }
  error(at: string, message: string): void {
    if (!this.covers(at)) this.errors.push({ field: at, message });
  }
  warning(at: string, message: string, code: OperationOutcomeIssue['code'] = 'business-rule'): void {
    this.notes.push(issue('warning', code, message, at));
  }
  information(at: string, message: string): void {
    this.notes.push(issue('information', 'informational', message, at));
  }
  get ok(): boolean {
    return this.errors.length === 0;
  }
  /** One 400 listing every error; nothing when there is none. */
  throwIfAny(): void {
    if (this.ok) return;
    throw new AppError(
      'validation_failed',
      this.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      this.errors,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
/** A non-blank string, or nothing (the validator reports other JSON types). */
const textOf = (v: unknown): string | undefined => (isText(v) && v.trim() ? v : undefined);

/**
 * The shape a transaction must have before the validator and the mapping look inside. Entries
 * that cannot be read are left out (and reported); the rest go on to be read.
 */
export function checkEnvelope(input: unknown, x: Issues): ImportEntry[] {
  if (!isObject(input) || input.resourceType !== 'Bundle') {
    x.error('Bundle.resourceType', 'the body must be a Bundle resource');
    return [];
  }
  if (input.type !== 'transaction')
    x.error('Bundle.type', "must be 'transaction' (a referral is imported as one transaction)");
  if (!Array.isArray(input.entry) || input.entry.length === 0) {
    x.error('Bundle.entry', 'a referral Bundle has entries (ServiceRequest, Patient, Organizations…)');
    return [];
  }
  return input.entry.flatMap((e: unknown, index): ImportEntry[] => {
    const at = `Bundle.entry[${index}]`;
    if (!isObject(e) || !isObject(e.resource)) {
      x.error(`${at}.resource`, 'is missing');
      return [];
    }
    const type = e.resource.resourceType;
    if (!ACCEPTED_TYPES.includes(type as AcceptedType)) {
      x.error(
        `${at}.resource.resourceType`,
        `${String(type)} is not part of a referral Bundle (${ACCEPTED_TYPES.join(', ')})`,
      );
      return [];
    }
    if (!isObject(e.request)) x.error(`${at}.request`, 'is required in a transaction');
    else if (e.request.method !== 'POST' && e.request.method !== 'PUT')
      x.error(`${at}.request.method`, 'only POST (or PUT) entries create a referral');
    const resource = e.resource as unknown as Resource;
    const urls = [
      ...(typeof e.fullUrl === 'string' ? [e.fullUrl] : []),
      ...(typeof resource.id === 'string' ? [`${type as string}/${resource.id}`] : []),
    ];
    return [
      {
        index,
        type: type as AcceptedType,
        resource,
        at: `${at}.resource`,
        urls,
        request: isObject(e.request) ? (e.request as unknown as BundleEntry['request']) : undefined,
      },
    ];
  });
}

function codingOf(concepts: CodeableConcept[] | undefined, systems: readonly string[], at: string) {
  for (const system of systems)
    for (const [i, c] of (concepts ?? []).entries())
      for (const [j, coding] of (c.coding ?? []).entries())
        if (coding.system === system && coding.code)
          return {
            system,
            code: coding.code,
            display: coding.display,
            text: c.text,
            userSelected: coding.userSelected,
            at: `${at}[${i}].coding[${j}]`,
          };
  return undefined;
}

/** An identifier by which an institution is known. */
export interface OrgIdentifier {
  system: string;
  value: string;
  at: string;
}

/** An Organization of the request: an entry, or a logical reference by identifier. */
export interface OrgCandidate {
  key: string;
  at: string;
  identifiers: OrgIdentifier[];
}

/** The systems an institution is found by, and what each is. */
export const ORGANIZATION_SYSTEMS: Record<string, string> = {
  [URI.institutionCode]: "Yilian's institution code",
  [URI.uscc]: '统一社会信用代码',
  [URI.medicalLicense]: '医疗机构执业许可证登记号',
  [URI.ws500Organization]: '医疗卫生机构标识 (WS/T 500)',
};

function organizationIdentifiers(ids: Identifier[] | undefined, at: string, x: Issues): OrgIdentifier[] {
  const out: OrgIdentifier[] = [];
  for (const [k, id] of (ids ?? []).entries()) {
    if (!id.system || !ORGANIZATION_SYSTEMS[id.system] || typeof id.value !== 'string' || !id.value) continue;
    const vat = `${at}[${k}].value`;
    const value = id.system === URI.institutionCode ? id.value.trim() : id.value.trim().toUpperCase();
    if (id.system === URI.uscc && !isValidUscc(value)) {
      x.error(vat, 'is not a valid 统一社会信用代码 (GB 32100: 18 characters, check character)');
      continue;
    }
    out.push({ system: id.system, value, at: vat });
  }
  return out;
}

/** The Practitioner the request names: its name and identifiers, for the service to match. */
export interface PractitionerCandidate {
  at: string;
  name: string | undefined;
  identifiers: { system: string; value: string; at: string }[];
}

export interface ParsedReferral {
  /** referralCreate fields but the institution and department ids, which the service resolves. */
  body: Record<string, unknown> & { patient?: Record<string, unknown> };
  /** referralCreate field path ('patient.idNumber') → FHIRPath of its source element. */
  sources: Record<string, string>;
  entries: ImportEntry[];
  /** The ServiceRequest entry. */
  request: ImportEntry;
  organizations: Map<string, OrgCandidate>;
  performer?: string;
  /** The sending institution's Organization, when the request names it. */
  requester?: string;
  practitioner?: PractitionerCandidate;
  /** What the sender said that is kept as sent. */
  sender: {
    identifier: { system: string; value: string } | null;
    requisition: { system: string | null; value: string } | null;
    authoredOn: string | null;
    taskDescription: string | null;
    notes: { text: string; time?: string; author?: string }[];
  };
  /** Where the order number came from, for errors about it. */
  identifierAt?: string;
  greenCategoryDerived: boolean;
  /** The direction was not sent: the service derives it from the two institutions. */
  deriveDirection: boolean;
  /** A conditional create: the referral this query finds is answered instead of a new one. */
  ifNoneExist?: Located<{ system: string | undefined; value: string }>;
  toDepartment?: Located<string>;
  fromDepartment?: Located<string>;
}

/** `identifier=system|value` (the one search a conditional create of a referral takes). */
export function parseIfNoneExist(
  query: string,
  at: string,
  x: Issues,
): Located<{ system: string | undefined; value: string }> | undefined {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const keys = [...new Set(params.keys())];
  const value = params.getAll('identifier');
  if (keys.length !== 1 || keys[0] !== 'identifier' || value.length !== 1) {
    x.error(at, 'a referral is created conditionally on its identifier only: identifier=system|value');
    return undefined;
  }
  const v = value[0]!;
  const bar = v.indexOf('|');
  const parsed =
    bar < 0 ? { system: undefined, value: v } : { system: v.slice(0, bar), value: v.slice(bar + 1) };
  if (!parsed.value || parsed.value.includes('|')) {
    x.error(at, 'identifier=system|value names one identifier');
    return undefined;
  }
  return { value: parsed, at };
}

const KEYED_NOTES = ['reason', 'summary', 'plan'] as const;
const MAX_IDENTIFIER = 200;

/**
 * Reads the request's entries (already past checkEnvelope; the structural validator may have
 * found errors, reported beside these). Returns nothing when there is no one ServiceRequest.
 */
export function parseReferral(entries: ImportEntry[], x: Issues): ParsedReferral | undefined {
  const sources: Record<string, string> = {};
  const byUrl = new Map<string, ImportEntry>();
  for (const e of entries) for (const u of e.urls) byUrl.set(u, e);
  const resolve = (r: Reference | undefined, type: AcceptedType, at: string): ImportEntry | undefined => {
    if (!r?.reference) {
      x.error(at, `needs a reference to the ${type} entry`);
      return undefined;
    }
    const e = byUrl.get(r.reference);
    if (!e) x.error(`${at}.reference`, `${r.reference} is not an entry of the Bundle`);
    else if (e.type !== type) x.error(`${at}.reference`, `must refer to a ${type}, not a ${e.type}`);
    else return e;
    return undefined;
  };

  const requests = entries.filter((e) => e.type === 'ServiceRequest');
  if (requests.length !== 1) {
    x.error('Bundle.entry', `a referral Bundle holds one ServiceRequest (found ${requests.length})`);
    return undefined;
  }
  const srEntry = requests[0]!;
  const sr = srEntry.resource as ServiceRequest;
  const at = srEntry.at;

  if (sr.status !== 'draft' && sr.status !== 'active')
    x.error(`${at}.status`, 'a new referral is draft or active');
  if (sr.intent !== 'order' && sr.intent !== 'original-order')
    x.error(`${at}.intent`, "a referral is an order (intent 'order')");
  const submit = sr.status === 'active';

  // Direction: as sent, else derived by the service from the two institutions.
  const direction = codingOf(sr.category, [URI.direction], `${at}.category`);
  sources.direction = direction ? `${direction.at}.code` : `${at}.category`;

  // The diagnosis: WHO ICD-10, the national clinical edition 2.0, or WS/T 500's ICD-10 OID.
  const reason = codingOf(
    sr.reasonCode,
    [URI.icd10CnClinical, URI.icd10Ws500, URI.icd10],
    `${at}.reasonCode`,
  );
  let icd10Code: string | undefined;
  let icd10Edition: Icd10Edition = 'who';
  if (!reason)
    x.error(
      `${at}.reasonCode`,
      `needs an ICD-10 coding: WHO's (${URI.icd10}) or the national clinical edition 2.0 (${URI.icd10CnClinical})`,
    );
  else {
    icd10Code = normalizeIcd10(reason.code);
    icd10Edition =
      reason.system === URI.icd10CnClinical ||
      (reason.system === URI.icd10Ws500 &&
        !ICD10_PATTERN.test(icd10Code) &&
        ICD10_CN_CLINICAL_PATTERN.test(icd10Code))
        ? 'cn_clinical_2'
        : 'who';
    sources.icd10Code = `${reason.at}.code`;
    sources.diagnosisName = reason.display ? `${reason.at}.display` : `${reason.at}`;
  }

  // Urgency and green channel: the category as sent; for stat, else from the diagnosis.
  const green = codingOf(sr.category, [URI.greenChannel], `${at}.category`);
  sources.greenCategory = green ? `${green.at}.code` : `${at}.category`;
  sources.urgency = `${at}.priority`;
  let greenCategory: string | null = green?.code ?? null;
  let greenCategoryDerived = green?.userSelected === false;
  let urgency: Urgency | undefined;
  const priority = sr.priority ?? 'routine';
  if (priority === 'routine') urgency = 'routine';
  else if (priority === 'urgent' || priority === 'asap' || priority === 'stat') {
    if (green) urgency = 'green_channel';
    else if (priority === 'stat' && icd10Code && greenChannelOfDiagnosis(icd10Code)) {
      const proposed = greenChannelOfDiagnosis(icd10Code)!;
      urgency = 'green_channel';
      greenCategory = proposed;
      greenCategoryDerived = true;
      x.information(
        `${at}.category`,
        `No green-channel category was sent: ${GREEN_CHANNEL_DISPLAY[proposed]} (${proposed}) was inferred from the diagnosis ${icd10Code} and is marked as inferred`,
      );
    } else {
      urgency = 'urgent';
      if (priority !== 'urgent')
        x.warning(
          `${at}.priority`,
          `${priority} without a green-channel category (${URI.greenChannel}) was taken as urgent, not the green channel`,
        );
    }
  } else x.error(`${at}.priority`, 'must be routine, urgent, asap or stat');
  if (greenCategory && !(GREEN_CHANNEL_CATEGORIES as readonly string[]).includes(greenCategory))
    greenCategoryDerived = false;

  // Notes: keyed (reason, summary, plan, as Yilian writes them), the sender's own kept as sent.
  const notes = sr.note ?? [];
  const keyed = (key: (typeof KEYED_NOTES)[number]) => {
    const i = notes.findIndex((n) => n.id === key);
    return i >= 0 && notes[i]!.text ? { text: notes[i]!.text!, at: `${at}.note[${i}].text` } : undefined;
  };
  const own = notes.flatMap((n, i) =>
    !(KEYED_NOTES as readonly string[]).includes(n.id ?? '') && typeof n.text === 'string' && n.text.trim()
      ? [{ n, text: n.text, at: `${at}.note[${i}].text` }]
      : [],
  );

  const tasks = entries.filter((e) => e.type === 'Task');
  if (tasks.length > 1) x.error('Bundle.entry', 'a referral Bundle holds at most one Task');
  const t = tasks[0]?.resource as Task | undefined;
  const tat = tasks[0]?.at;
  const description =
    t && typeof t.description === 'string' && t.description.trim()
      ? { text: t.description, at: `${tat}.description` }
      : undefined;

  const reasonNote = keyed('reason') ?? description ?? own[0];
  if (!reasonNote)
    x.error(
      `${at}.note`,
      "needs the reason for referral: a note (id 'reason', or the first one) or the Task's description",
    );
  sources.reason = reasonNote?.at ?? `${at}.note`;
  const rest = own.filter((o) => o !== reasonNote);
  const summaryNote =
    keyed('summary') ??
    (rest.length ? { text: rest.map((o) => o.text).join('\n\n'), at: rest[0]!.at } : reasonNote);
  sources.summary = summaryNote?.at ?? `${at}.note`;
  const planNote = keyed('plan');
  sources.plan = planNote?.at ?? `${at}.note`;

  // Receiving side: the performer; sending side: the extension, the Task's requester or the
  // ServiceRequest's (when it is an Organization).
  const organizations = new Map<string, OrgCandidate>();
  const organization = (r: Reference | undefined, rat: string): string | undefined => {
    if (!r?.reference && r?.identifier?.value) {
      const ids = organizationIdentifiers([r.identifier], `${rat}.identifier`, x).map((i) => ({
        ...i,
        at: `${rat}.identifier.value`,
      }));
      if (ids.length === 0 && !x.covers(`${rat}.identifier`))
        x.error(
          `${rat}.identifier`,
          `names an institution by one of: ${Object.keys(ORGANIZATION_SYSTEMS).join(', ')}`,
        );
      if (ids.length === 0) return undefined;
      const key = `ref:${rat}`;
      organizations.set(key, { key, at: rat, identifiers: ids });
      return key;
    }
    const e = resolve(r, 'Organization', rat);
    return e ? `entry:${e.index}` : undefined;
  };
  for (const e of entries.filter((y) => y.type === 'Organization')) {
    const o = e.resource as Organization;
    const ids = organizationIdentifiers(o.identifier, `${e.at}.identifier`, x);
    if (ids.length === 0 && !x.covers(`${e.at}.identifier`))
      x.error(
        `${e.at}.identifier`,
        `needs an identifier Yilian knows the institution by: ${Object.entries(ORGANIZATION_SYSTEMS)
          .map(([system, what]) => `${what} (${system})`)
          .join(', ')}`,
      );
    organizations.set(`entry:${e.index}`, { key: `entry:${e.index}`, at: e.at, identifiers: ids });
  }

  let performer: string | undefined;
  if ((sr.performer?.length ?? 0) !== 1) x.error(`${at}.performer`, 'names the one receiving Organization');
  else performer = organization(sr.performer![0], `${at}.performer[0]`);
  sources.toInstitutionId = `${at}.performer[0]`;

  const orgExtension = sr.extension?.findIndex((e) => e.url === URI.requestingOrganization) ?? -1;
  let requester =
    orgExtension >= 0
      ? organization(
          sr.extension![orgExtension]!.valueReference,
          `${at}.extension[${orgExtension}].valueReference`,
        )
      : undefined;
  const departmentExtension = sr.extension?.findIndex((e) => e.url === URI.requestingDepartment) ?? -1;
  const fromDepartmentName =
    departmentExtension >= 0 ? textOf(sr.extension![departmentExtension]!.valueString) : undefined;
  const fromDepartment = fromDepartmentName
    ? { value: fromDepartmentName, at: `${at}.extension[${departmentExtension}].valueString` }
    : undefined;
  const toDepartmentName = textOf(sr.performerType?.text) ?? textOf(sr.performerType?.coding?.[0]?.display);
  const toDepartment = toDepartmentName ? { value: toDepartmentName, at: `${at}.performerType` } : undefined;
  if (fromDepartment) sources.fromDepartmentId = fromDepartment.at;
  if (toDepartment) sources.toDepartmentId = toDepartment.at;

  if (t && tat) {
    // The Bundle holds one ServiceRequest: a focus that resolves is it.
    if (t.focus) resolve(t.focus, 'ServiceRequest', `${tat}.focus`);
    const expected = submit ? 'requested' : 'draft';
    if (t.status !== expected)
      x.error(
        `${tat}.status`,
        `a new referral's Task is ${expected} (ServiceRequest.status is ${sr.status})`,
      );
    if (t.owner) {
      const owner = organization(t.owner, `${tat}.owner`);
      if (owner && performer && owner !== performer && !sameLogical(organizations, owner, performer))
        x.error(`${tat}.owner`, 'must be the ServiceRequest’s performer');
    }
    if (t.requester) {
      const taskRequester = organization(t.requester, `${tat}.requester`);
      if (
        taskRequester &&
        requester &&
        taskRequester !== requester &&
        !sameLogical(organizations, taskRequester, requester)
      )
        x.error(`${tat}.requester`, 'must be the requesting organization of the ServiceRequest');
      requester ??= taskRequester;
    }
  }

  // The referring practitioner: the ServiceRequest's requester (or the Bundle's one Practitioner).
  let practitioner: PractitionerCandidate | undefined;
  const rat = `${at}.requester`;
  const requesterEntry = sr.requester?.reference ? byUrl.get(sr.requester.reference) : undefined;
  if (sr.requester?.reference && !requesterEntry)
    x.error(`${rat}.reference`, `${sr.requester.reference} is not an entry of the Bundle`);
  else if (requesterEntry?.type === 'Organization') requester ??= `entry:${requesterEntry.index}`;
  else if (requesterEntry && requesterEntry.type !== 'Practitioner')
    x.error(
      `${rat}.reference`,
      `must refer to a Practitioner or an Organization, not a ${requesterEntry.type}`,
    );
  const practitionerEntry =
    requesterEntry?.type === 'Practitioner'
      ? requesterEntry
      : !sr.requester && entries.filter((e) => e.type === 'Practitioner').length === 1
        ? entries.find((e) => e.type === 'Practitioner')
        : undefined;
  if (practitionerEntry) {
    const pr = practitionerEntry.resource as Practitioner;
    const name = pr.name?.[0];
    practitioner = {
      at: practitionerEntry.at,
      name: textOf(name?.text) ?? textOf([name?.family, ...(name?.given ?? [])].filter(isText).join('')),
      identifiers: (pr.identifier ?? []).flatMap((id, k) =>
        id.system && typeof id.value === 'string' && id.value
          ? [
              {
                system: id.system,
                value: id.value.trim(),
                at: `${practitionerEntry.at}.identifier[${k}].value`,
              },
            ]
          : [],
      ),
    };
  } else if (
    !sr.requester?.reference &&
    isText(sr.requester?.identifier?.system) &&
    textOf(sr.requester?.identifier?.value)
  )
    practitioner = {
      at: rat,
      name: textOf(sr.requester.display),
      identifiers: [
        {
          system: sr.requester.identifier.system,
          value: sr.requester.identifier.value!.trim(),
          at: `${rat}.identifier.value`,
        },
      ],
    };

  const patientCount = entries.filter((e) => e.type === 'Patient').length;
  if (patientCount !== 1)
    x.error('Bundle.entry', `a referral Bundle holds one Patient (found ${patientCount})`);
  const patientEntry = resolve(sr.subject, 'Patient', `${at}.subject`);
  const patient = patientEntry ? parsePatient(patientEntry, sources, x) : undefined;

  // The sender's order number (a placer identifier first), requisition, authoredOn, description.
  const ids = (sr.identifier ?? [])
    .map((id, k) => ({ id, at: `${at}.identifier[${k}]` }))
    .filter(({ id }) => typeof id.value === 'string' && id.value.trim() && id.system !== URI.referralCode);
  const placer = ids.find(({ id }) => id.type?.coding?.some((c) => c.code === 'PLAC')) ?? ids[0];
  let identifier: ParsedReferral['sender']['identifier'] = null;
  if (placer && !placer.id.system)
    x.warning(
      `${placer.at}.system`,
      "The order number has no system (the sending system's naming system) and was not kept",
      'incomplete',
    );
  else if (placer) {
    const value = placer.id.value!.trim();
    if (value.length > MAX_IDENTIFIER || placer.id.system!.length > MAX_IDENTIFIER)
      x.error(`${placer.at}.value`, `an order number has at most ${MAX_IDENTIFIER} characters`);
    else identifier = { system: placer.id.system!, value };
  }
  const requisition =
    typeof sr.requisition?.value === 'string' && sr.requisition.value.trim()
      ? { system: sr.requisition.system ?? null, value: sr.requisition.value.trim().slice(0, MAX_IDENTIFIER) }
      : null;
  const senderNotes = own.map(({ n }) => ({
    text: n.text!,
    ...(typeof n.time === 'string' ? { time: n.time } : {}),
    ...(typeof n.authorString === 'string' ? { author: n.authorString } : {}),
  }));

  const request = srEntry.request;
  const ifNoneExist =
    typeof request?.ifNoneExist === 'string' && request.ifNoneExist
      ? parseIfNoneExist(request.ifNoneExist, `Bundle.entry[${srEntry.index}].request.ifNoneExist`, x)
      : undefined;

  return {
    body: {
      ...(direction ? { direction: direction.code } : {}),
      urgency,
      greenCategory,
      ...(patient ? { patient } : {}),
      icd10Code,
      icd10Edition,
      diagnosisName: reason?.display ?? reason?.text,
      reason: reasonNote?.text,
      summary: summaryNote?.text,
      plan: planNote?.text ?? null,
      submit,
    },
    sources,
    entries,
    request: srEntry,
    organizations,
    performer,
    requester,
    practitioner,
    sender: {
      identifier,
      requisition,
      authoredOn: typeof sr.authoredOn === 'string' ? sr.authoredOn : null,
      taskDescription: description?.text ?? null,
      notes: senderNotes,
    },
    identifierAt: placer?.at,
    greenCategoryDerived: greenCategoryDerived && !!greenCategory,
    deriveDirection: !direction,
    ifNoneExist,
    toDepartment,
    fromDepartment,
  };
}

/** Two logical references (by identifier) that name the same institution the same way. */
function sameLogical(orgs: Map<string, OrgCandidate>, a: string, b: string): boolean {
  const x = orgs.get(a)?.identifiers ?? [];
  const y = orgs.get(b)?.identifiers ?? [];
  return x.some((i) => y.some((j) => i.system === j.system && i.value === j.value));
}

function parsePatient(e: ImportEntry, sources: Record<string, string>, x: Issues) {
  const pt = e.resource as Patient;
  const at = e.at;
  const ids = pt.identifier ?? [];
  // A 居民身份证 first (under either OID), else another identity document.
  let k = ids.findIndex((i) => idTypeOfSystem(i.system) === 'resident_id');
  if (k < 0) k = ids.findIndex((i) => idTypeOfSystem(i.system));
  if (k < 0) {
    x.error(
      `${at}.identifier`,
      `needs an identity document number: a 居民身份证 has system ${URI.residentId} (or ${URI.residentIdPrevious})`,
    );
    return undefined;
  }
  const idNumber = typeof ids[k]!.value === 'string' ? ids[k]!.value! : '';
  sources['patient.idType'] = `${at}.identifier[${k}].system`;
  sources['patient.idNumber'] = `${at}.identifier[${k}].value`;
  if (idNumber.includes('*'))
    x.error(
      `${at}.identifier[${k}].value`,
      'is masked; an import needs the full identity number (the exporting system reveals it, audited)',
    );
  const insurance = ids.findIndex((i) => i.system === URI.insuranceNo);
  let insuranceNo =
    insurance >= 0 && typeof ids[insurance]!.value === 'string' ? ids[insurance]!.value! : null;
  if (insurance >= 0) sources['patient.insuranceNo'] = `${at}.identifier[${insurance}].value`;
  if (insuranceNo?.includes('*')) {
    x.warning(
      sources['patient.insuranceNo']!,
      'The insurance number is masked and was left out',
      'incomplete',
    );
    insuranceNo = null;
  }

  const name = pt.name?.[0];
  sources['patient.name'] = `${at}.name[0]`;
  const phoneAt = pt.telecom?.findIndex((t) => t.system === 'phone' && t.value) ?? -1;
  let phone: string | null = phoneAt >= 0 ? pt.telecom![phoneAt]!.value! : null;
  if (phone) sources['patient.phone'] = `${at}.telecom[${phoneAt}].value`;
  if (phone?.includes('*')) {
    x.warning(sources['patient.phone']!, 'The phone number is masked and was left out', 'incomplete');
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
        `(${f.registered}) was kept, not the one sent (${f.submitted}); the difference is recorded on the referral ` +
        'for the receiving staff to confirm or reject',
      sourceOf(sources, `patient.${f.field}`),
    ),
  );
}
