import type {
  CodeSystem,
  CodeSystemConcept,
  ElementDefinitionType,
  NamingSystem,
  NamingSystemUniqueId,
  Resource,
  StructureDefinition,
} from '@medplum/fhirtypes';
import {
  enumLabel,
  ID_DOCUMENT_TYPES,
  INSTITUTION_GRADES,
  INSTITUTION_KINDS,
  INSTITUTION_LEVELS,
} from '@yilian/domain';
import { VERSION } from '../../version.js';
import {
  DIRECTION_DISPLAY,
  FHIR_VERSION,
  GREEN_CHANNEL_DISPLAY,
  ID_DOCUMENT_DISPLAY,
  idDocumentSystem,
  STATE_DISPLAY,
  URI,
} from './fhir.codes.js';
import type { Bound, Criterion, Paging } from './fhir.repository.js';
import { ALL, tokenValues, dateBounds, type ParamSpec } from './fhir.search.js';

// Yilian's own definitions, served under /fhir/R4 for anyone to read (they hold no patient data):
// its CodeSystems, the StructureDefinitions of its extensions, and a NamingSystem for every
// identifier system it writes. Each is generated from the URIs of fhir.codes.ts and a table here;
// fhir.definitions.test.ts fails when a URI has no definition, and validates every one against R4.

export type DefinitionType = 'CodeSystem' | 'StructureDefinition' | 'NamingSystem';
export const DEFINITION_TYPES: readonly DefinitionType[] = [
  'CodeSystem',
  'StructureDefinition',
  'NamingSystem',
];

const YILIAN = 'https://yilian.dev/fhir';
const PUBLISHER = 'Yilian (医联)';
/** When these definitions last changed: bump with any change below. */
const PUBLISHED = '2026-12-08';
const META = { lastUpdated: `${PUBLISHED}T00:00:00.000Z` };
const CHINA = [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'CN', display: 'China' }] }];

/** The last path segment of a Yilian URI: the resource's id. */
const idOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
const pascal = (s: string) =>
  s.replace(/(^|[-_.:/])([a-z0-9])/gi, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');

// ---------------------------------------------------------------------------------------------
// CodeSystems

interface CodeSystemRow {
  name: string;
  title: string;
  description: string;
  concepts: Record<string, string>;
  /** English names, for the designation of each concept. */
  english?: Record<string, string>;
}

const LEVEL_CODES = Object.fromEntries(
  INSTITUTION_LEVELS.flatMap((level) =>
    INSTITUTION_GRADES.map((grade) => [
      `${level}-${grade}`,
      enumLabel('zh-CN', 'institutionLevel', level) +
        (grade === 'none' ? '' : `${enumLabel('zh-CN', 'institutionGrade', grade)}等`),
    ]),
  ),
);

const CODE_SYSTEM_TABLE: Record<string, CodeSystemRow> = {
  [URI.direction]: {
    name: 'ReferralDirection',
    title: '转诊方向',
    description:
      'The direction of a two-way referral (双向转诊) between the levels of a medical consortium: up to a ' +
      'higher-level hospital, down to a primary or rehabilitation institution, or lateral between peers.',
    concepts: DIRECTION_DISPLAY,
    english: { up: 'Referral up', down: 'Referral down', lateral: 'Lateral referral' },
  },
  [URI.greenChannel]: {
    name: 'GreenChannel',
    title: '绿色通道（急危重症救治中心）',
    description:
      'The emergency centre of a green-channel (绿色通道) referral: the five centres for acute and critical ' +
      'care that county medical communities build (胸痛、卒中、创伤、危重孕产妇、危重新生儿救治中心).',
    concepts: GREEN_CHANNEL_DISPLAY,
    english: {
      chest_pain: 'Chest pain centre',
      stroke: 'Stroke centre',
      trauma: 'Trauma centre',
      critical_maternal: 'Critical maternal care centre',
      critical_neonatal: 'Critical neonatal care centre',
    },
  },
  [URI.referralState]: {
    name: 'ReferralState',
    title: '转诊状态',
    description:
      "The state of a referral in Yilian's workflow, carried in Task.businessStatus (Task.status is R4's own).",
    concepts: STATE_DISPLAY,
  },
  [URI.taskOutput]: {
    name: 'ReferralOutput',
    title: '转诊结果',
    description: 'What the receiving institution hands back when a referral is completed (Task.output.type).',
    concepts: { 'discharge-summary': '出院小结' },
    english: { 'discharge-summary': 'Discharge summary' },
  },
  [URI.idDocumentType]: {
    name: 'IdDocumentType',
    title: '身份证件类型',
    description: "The kind of identity document a patient's identifier comes from (Identifier.type).",
    concepts: ID_DOCUMENT_DISPLAY,
  },
  [URI.institutionKind]: {
    name: 'InstitutionKind',
    title: '医疗机构类别',
    description: 'The kind of a medical institution (Organization.type).',
    concepts: Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, enumLabel('zh-CN', 'institutionKind', k)])),
    english: Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, enumLabel('en', 'institutionKind', k)])),
  },
  [URI.institutionLevel]: {
    name: 'InstitutionLevel',
    title: '医院等级',
    description:
      'The level and grade of a hospital (一级/二级/三级, 甲/乙/丙等; 未定级), as <level>-<grade>.',
    concepts: LEVEL_CODES,
  },
};

function codeSystem(url: string, row: CodeSystemRow): CodeSystem {
  const concept: CodeSystemConcept[] = Object.entries(row.concepts).map(([code, display]) => ({
    code,
    display,
    ...(row.english?.[code] ? { designation: [{ language: 'en', value: row.english[code] }] } : {}),
  }));
  return {
    resourceType: 'CodeSystem',
    id: idOf(url),
    meta: META,
    language: 'zh-CN',
    url,
    version: VERSION,
    name: row.name,
    title: row.title,
    status: 'active',
    experimental: false,
    date: PUBLISHED,
    publisher: PUBLISHER,
    description: row.description,
    jurisdiction: CHINA,
    caseSensitive: true,
    content: 'complete',
    count: concept.length,
    concept,
  };
}

// ---------------------------------------------------------------------------------------------
// Extensions

interface ExtensionRow {
  name: string;
  title: string;
  description: string;
  /** The elements the extension may appear on. */
  context: string[];
  type: ElementDefinitionType;
}

const EXTENSION_TABLE: Record<string, ExtensionRow> = {
  [URI.requestingOrganization]: {
    name: 'RequestingOrganization',
    title: '申请机构',
    description:
      'The institution that sends the referral. ServiceRequest.requester is the referring doctor ' +
      '(Practitioner); this names the doctor’s institution.',
    context: ['ServiceRequest'],
    type: { code: 'Reference', targetProfile: ['http://hl7.org/fhir/StructureDefinition/Organization'] },
  },
  [URI.requestingDepartment]: {
    name: 'RequestingDepartment',
    title: '申请科室',
    description: 'The department of the sending institution that refers the patient, by its name.',
    context: ['ServiceRequest'],
    type: { code: 'string' },
  },
};

function extension(url: string, row: ExtensionRow): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    id: idOf(url),
    meta: META,
    url,
    version: VERSION,
    name: row.name,
    title: row.title,
    status: 'active',
    experimental: false,
    date: PUBLISHED,
    publisher: PUBLISHER,
    description: row.description,
    jurisdiction: CHINA,
    fhirVersion: FHIR_VERSION,
    kind: 'complex-type',
    abstract: false,
    context: row.context.map((expression) => ({ type: 'element', expression })),
    type: 'Extension',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
    derivation: 'constraint',
    differential: {
      element: [
        { id: 'Extension', path: 'Extension', short: row.title, definition: row.description, max: '1' },
        { id: 'Extension.extension', path: 'Extension.extension', max: '0' },
        { id: 'Extension.url', path: 'Extension.url', fixedUri: url },
        { id: 'Extension.value[x]', path: 'Extension.value[x]', min: 1, type: [row.type] },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// NamingSystems: one for every identifier system Yilian writes or reads (its own …/sid/… URIs,
// the identity-document systems and the OIDs of fhir.codes.ts; the …/sid/ and OID names of code
// systems too, as kind codesystem). A URI without a row here still gets one, named after its key.

interface NamingSystemRow {
  id?: string;
  name: string;
  description: string;
  /** identifier (the default), or codesystem for a code system named by a …/sid/ URI or an OID. */
  kind?: 'identifier' | 'codesystem';
  responsible?: string;
  /** An HL7 v2 identifier type (table 0203). */
  type?: [code: string, display: string];
}

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

const NAMING_SYSTEM_TABLE: Record<string, NamingSystemRow> = {
  [URI.referralCode]: {
    name: 'YilianReferralCode',
    description: '转诊单号: the number Yilian gives each referral (ZZyyyymmdd-nnnnnn).',
    type: ['FILL', 'Filler Identifier'],
  },
  [URI.institutionCode]: {
    name: 'YilianInstitutionCode',
    description: "机构编码: an institution's code in Yilian's register.",
    type: ['XX', 'Organization identifier'],
  },
  [URI.uscc]: {
    name: 'UnifiedSocialCreditCode',
    description:
      '统一社会信用代码 (GB 32100-2015): the 18-character code of a legal entity, its check character ' +
      'validated. No OID or URI is published for it, so Yilian names the system.',
    type: ['XX', 'Organization identifier'],
  },
  [URI.medicalLicense]: {
    name: 'MedicalInstitutionLicenseNumber',
    description:
      '医疗机构执业许可证登记号 (医疗机构管理条例): the registration number of an institution’s practising ' +
      'licence. No published naming system: Yilian names it.',
    type: ['LN', 'License number'],
  },
  [URI.practitionerLicense]: {
    name: 'PractitionerLicenseNumber',
    description:
      '医师执业证书编码 (医师执业注册管理办法): the number of a doctor’s practising certificate. No published ' +
      'naming system: Yilian names it.',
    type: ['MD', 'Medical License number'],
  },
  [URI.icd10CnClinical]: {
    name: 'Icd10ChinaClinicalEdition',
    kind: 'codesystem',
    description:
      'ICD-10 国家临床版 2.0 (e.g. I21.000x001), Coding.version 2.0. No URI is published for it: Yilian names ' +
      'it. WHO’s ICD-10 is http://hl7.org/fhir/sid/icd-10.',
  },
  [URI.icd10Ws500]: {
    id: 'icd-10-ws500',
    name: 'Icd10Ws500',
    kind: 'codesystem',
    description:
      'ICD-10 as China’s sharing-document standard WS/T 500 (电子病历共享文档规范) names it (疾病分类代码). ' +
      'Read on import; the edition is told by the code’s form.',
    responsible: '国家卫生健康委员会',
  },
  [URI.insuranceNo]: {
    name: 'MedicalInsuranceNumber',
    description: '医保号: the patient’s medical insurance number.',
    type: ['SN', 'Subscriber Number'],
  },
  [URI.residentId]: {
    id: 'resident-id',
    name: 'ChineseResidentIdentityCard',
    description:
      '居民身份证号码 (GB 11643) under the National Health Commission’s OID (WS/T 500 and the 互联互通 ' +
      'standards), the one Chinese hospital systems write: Yilian writes and reads it.',
    responsible: '国家卫生健康委员会',
    type: ['NI', 'National unique individual identifier'],
  },
  [URI.residentIdPrevious]: {
    id: 'resident-id-hl7-china',
    name: 'ChineseResidentIdentityCardHl7China',
    description:
      '居民身份证号码 under the HL7 China OID, which Yilian wrote before issue 13: still read on import, no ' +
      'longer written.',
    type: ['NI', 'National unique individual identifier'],
  },
  [URI.ws500Organization]: {
    id: 'ws500-organization',
    name: 'Ws500OrganizationIdentifier',
    description:
      '医疗卫生机构标识 (WS/T 500): an institution’s code as CDA documents carry it. Read on import: 18 ' +
      'characters are a 统一社会信用代码, 9 the organization code inside it.',
    responsible: '国家卫生健康委员会',
    type: ['XX', 'Organization identifier'],
  },
};

const ID_DOCUMENT_ROWS: Record<string, NamingSystemRow> = Object.fromEntries(
  ID_DOCUMENT_TYPES.filter((t) => idDocumentSystem(t).startsWith(`${YILIAN}/`)).map((t) => [
    idDocumentSystem(t),
    {
      id: `id-document-${idOf(idDocumentSystem(t))}`,
      name: `IdDocument${pascal(idOf(idDocumentSystem(t)))}`,
      description: `${ID_DOCUMENT_DISPLAY[t]}号码: the number of a patient's ${t.replace(/_/g, ' ')} document.`,
      ...(t === 'passport' ? { type: ['PPN', 'Passport number'] as [string, string] } : {}),
    },
  ]),
);

/** Every identifier system URI in fhir.codes.ts: Yilian's …/sid/… ones and the OIDs. */
export function identifierSystems(): { key: string; uri: string }[] {
  return Object.entries(URI)
    .filter(
      ([, uri]) => (uri.startsWith(`${YILIAN}/sid/`) && uri !== URI.idDocument) || uri.startsWith('urn:oid:'),
    )
    .map(([key, uri]) => ({ key, uri: uri as string }));
}

function namingSystem(uri: string, key: string, row: NamingSystemRow | undefined): NamingSystem {
  const oid = uri.startsWith('urn:oid:') ? uri.slice('urn:oid:'.length) : undefined;
  const uniqueId: NamingSystemUniqueId[] = oid
    ? [
        { type: 'oid', value: oid, preferred: true },
        { type: 'uri', value: uri, preferred: false },
      ]
    : [{ type: 'uri', value: uri, preferred: true }];
  const r = row ?? { name: pascal(key), description: `The identifier system ${uri}.` };
  return {
    resourceType: 'NamingSystem',
    id: r.id ?? (oid ? `oid-${oid}` : idOf(uri)),
    meta: META,
    name: r.name,
    status: 'active',
    kind: r.kind ?? 'identifier',
    date: PUBLISHED,
    publisher: PUBLISHER,
    ...(r.responsible ? { responsible: r.responsible } : {}),
    ...(r.type ? { type: { coding: [{ system: V2_0203, code: r.type[0], display: r.type[1] }] } } : {}),
    description: r.description,
    jurisdiction: CHINA,
    uniqueId,
  };
}

// ---------------------------------------------------------------------------------------------

const yilianUris = (kind: string) =>
  Object.values(URI).filter((u) => u.startsWith(`${YILIAN}/${kind}/`)) as string[];

/** Built from the tables above; a URI without a CodeSystem or extension row fails at start. */
function build() {
  const missing = (kind: string, table: Record<string, unknown>) => yilianUris(kind).filter((u) => !table[u]);
  const gaps = [
    ...missing('CodeSystem', CODE_SYSTEM_TABLE),
    ...missing('StructureDefinition', EXTENSION_TABLE),
  ];
  if (gaps.length) throw new Error(`fhir.definitions.ts: no definition for ${gaps.join(', ')}`);
  const naming = new Map<string, NamingSystem>();
  for (const { key, uri } of identifierSystems())
    naming.set(uri, namingSystem(uri, key, NAMING_SYSTEM_TABLE[uri]));
  for (const [uri, row] of Object.entries(ID_DOCUMENT_ROWS)) naming.set(uri, namingSystem(uri, uri, row));
  return {
    CodeSystem: yilianUris('CodeSystem').map((u) => codeSystem(u, CODE_SYSTEM_TABLE[u]!)),
    StructureDefinition: yilianUris('StructureDefinition').map((u) => extension(u, EXTENSION_TABLE[u]!)),
    NamingSystem: [...naming.values()],
  };
}
const DEFINITIONS: Record<DefinitionType, Resource[]> = build();

export const CODE_SYSTEMS = DEFINITIONS.CodeSystem as CodeSystem[];
export const EXTENSIONS = DEFINITIONS.StructureDefinition as StructureDefinition[];
export const NAMING_SYSTEMS = DEFINITIONS.NamingSystem as NamingSystem[];

/** Canonical URLs (and NamingSystem identifier URIs) of the published definitions, by type. */
export function publishedUrls(type: DefinitionType): string[] {
  return DEFINITIONS[type].map((r) =>
    r.resourceType === 'NamingSystem'
      ? r.uniqueId.find((u) => u.type === 'uri')!.value
      : (r as CodeSystem | StructureDefinition).url!,
  );
}

// ---------------------------------------------------------------------------------------------
// Read and search, in memory

export type DefinitionField = 'id' | 'url' | 'name' | 'status' | 'value' | 'updatedAt';

const STATUS_SYSTEM = 'http://hl7.org/fhir/publication-status';

const definitionParams = (type: DefinitionType): ParamSpec<DefinitionField>[] => [
  {
    name: '_id',
    type: 'token',
    documentation: 'Logical id',
    parse: (values) => {
      const found = tokenValues('_id', values, [{ uri: undefined, values: (c) => [c] }]);
      return found === ALL ? { field: 'id', values: [], all: true } : { field: 'id', values: found };
    },
  },
  {
    name: '_lastUpdated',
    type: 'date',
    documentation: 'When the definition last changed',
    parse: (values) => ({
      field: 'updatedAt',
      values: [],
      ranges: values.flatMap((v) => dateBounds('_lastUpdated', v, 'instant')),
    }),
  },
  ...(type === 'NamingSystem'
    ? [
        {
          name: 'value',
          type: 'string' as const,
          documentation:
            'An identifier system URI or OID it names (uniqueId.value); starts-with, :exact, :contains',
          modifiers: ['exact', 'contains'],
          parse: (values: string[], modifier: string | undefined): Criterion<DefinitionField> => ({
            field: 'value',
            values,
            match: modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'start',
          }),
        },
      ]
    : [
        {
          name: 'url',
          type: 'uri' as const,
          documentation: 'The canonical URL (exact)',
          parse: (values: string[]): Criterion<DefinitionField> => ({ field: 'url', values }),
        },
      ]),
  {
    name: 'name',
    type: 'string',
    documentation: 'The computable name; starts-with, :exact, :contains',
    modifiers: ['exact', 'contains'],
    parse: (values, modifier) => ({
      field: 'name',
      values,
      match: modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'start',
    }),
  },
  {
    name: 'status',
    type: 'token',
    documentation: `draft | active | retired (${STATUS_SYSTEM})`,
    parse: (values) => {
      const found = tokenValues('status', values, [
        { uri: STATUS_SYSTEM, code: true, values: (c) => (c === '' ? ALL : [c]) },
      ]);
      return found === ALL ? { field: 'status', values: [], all: true } : { field: 'status', values: found };
    },
  },
];

export const DEFINITION_PARAMS: Record<DefinitionType, ParamSpec<DefinitionField>[]> = {
  CodeSystem: definitionParams('CodeSystem'),
  StructureDefinition: definitionParams('StructureDefinition'),
  NamingSystem: definitionParams('NamingSystem'),
};

function stringMatches(match: Criterion<string>['match'], have: string, want: string) {
  const h = have.toLowerCase();
  const w = want.toLowerCase();
  return match === 'exact' ? have === want : match === 'contains' ? h.includes(w) : h.startsWith(w);
}

const inRange = (ms: number, and: Bound[]) =>
  and.every((b) => (b.op === '>=' ? ms >= Date.parse(b.value) : ms < Date.parse(b.value)));

function matches(r: Resource, c: Criterion<DefinitionField>): boolean {
  if (c.all) return true;
  if (c.ranges) return c.ranges.some((and) => inRange(Date.parse(r.meta!.lastUpdated!), and));
  const d = r as CodeSystem | StructureDefinition | NamingSystem;
  const fieldValues: string[] =
    c.field === 'id'
      ? [d.id!]
      : c.field === 'url'
        ? [(d as CodeSystem).url ?? '']
        : c.field === 'name'
          ? [d.name ?? '']
          : c.field === 'status'
            ? [d.status]
            : c.field === 'value'
              ? ((d as NamingSystem).uniqueId?.map((u) => u.value) ?? [])
              : [];
  return c.values.some((want) =>
    fieldValues.some((have) => (c.match ? stringMatches(c.match, have, want) : have === want)),
  );
}

export function searchDefinitions(
  type: DefinitionType,
  criteria: Criterion<DefinitionField>[],
  paging: Paging,
): { total: number; resources: Resource[] } {
  const found = DEFINITIONS[type].filter((r) => criteria.every((c) => matches(r, c)));
  return { total: found.length, resources: found.slice(paging.offset, paging.offset + paging.count) };
}

export function readDefinition(type: DefinitionType, id: string): Resource | undefined {
  return DEFINITIONS[type].find((r) => r.id === id);
}
