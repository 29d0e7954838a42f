import type {
  GreenChannelCategory,
  Icd10Edition,
  IdDocumentType,
  ReferralDirection,
  ReferralState,
  Urgency,
} from '@yilian/domain';
import { FHIR_TASK_STATUS, ID_DOCUMENT_TYPES, REFERRAL_STATES } from '@yilian/domain';

// The URIs, codes and Chinese displays of the FHIR facade, in one place: the resource builders,
// the importer, the search parameters and the CapabilityStatement all read them from here.

export const FHIR_BASE = '/fhir/R4';
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const FHIR_VERSION = '4.0.1';

const YILIAN = 'https://yilian.dev/fhir';

/** Yilian's own code systems (CodeSystem/…), naming systems (sid/…) and extensions (StructureDefinition/…). */
export const URI = {
  direction: `${YILIAN}/CodeSystem/referral-direction`,
  greenChannel: `${YILIAN}/CodeSystem/green-channel`,
  referralState: `${YILIAN}/CodeSystem/referral-state`,
  taskOutput: `${YILIAN}/CodeSystem/referral-output`,
  idDocumentType: `${YILIAN}/CodeSystem/id-document-type`,
  institutionKind: `${YILIAN}/CodeSystem/institution-kind`,
  institutionLevel: `${YILIAN}/CodeSystem/institution-level`,
  referralCode: `${YILIAN}/sid/referral-code`,
  institutionCode: `${YILIAN}/sid/institution-code`,
  /**
   * 统一社会信用代码 (GB 32100-2015). No OID or URI is published for it (HL7 China's and WS/T 500's
   * OIDs name an institution's own records, not this code): Yilian's naming system.
   */
  uscc: `${YILIAN}/sid/uscc`,
  /** 医疗机构执业许可证登记号 (医疗机构管理条例): no published naming system; Yilian's. */
  medicalLicense: `${YILIAN}/sid/medical-institution-license`,
  /** 医师执业证书编码 (医师执业注册管理办法): no published naming system; Yilian's. */
  practitionerLicense: `${YILIAN}/sid/practitioner-license`,
  /** ICD-10 国家临床版 2.0 (I21.000x001): no published URI; Yilian's, with Coding.version 2.0. */
  icd10CnClinical: `${YILIAN}/sid/icd-10-cn-clinical`,
  insuranceNo: `${YILIAN}/sid/medical-insurance-no`,
  /** Identity documents other than the 居民身份证, one naming system each: …/sid/id-document/passport. */
  idDocument: `${YILIAN}/sid/id-document`,
  requestingOrganization: `${YILIAN}/StructureDefinition/requesting-organization`,
  requestingDepartment: `${YILIAN}/StructureDefinition/requesting-department`,
  /** WHO's ICD-10. */
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  /**
   * ICD-10 as China's sharing-document standard (WS/T 500, 电子病历共享文档规范) names it in CDA
   * documents (疾病分类代码): read on import, the edition told by the code's form.
   */
  icd10Ws500: 'urn:oid:2.16.156.10011.2.3.3.11',
  /**
   * 居民身份证号 (GB 11643) under the National Health Commission's OID (2.16.156.10011, WS/T 500
   * and the 互联互通 standards): the one Chinese hospital systems write. Emitted and read.
   */
  residentId: 'urn:oid:2.16.156.10011.1.3',
  /** The OID Yilian emitted for the 居民身份证 before issue 13: still read on import. */
  residentIdPrevious: 'urn:oid:2.16.840.1.113883.2.23.1',
  /**
   * 医疗卫生机构标识 (WS/T 500): the institution's organization code as CDA documents carry it.
   * Read on import: an 18-character value is a 统一社会信用代码, a 9-character one (with or
   * without its hyphen) the organization code inside it (characters 9–17).
   */
  ws500Organization: 'urn:oid:2.16.156.10011.1.5',
  /** The match-grade extension of a $match result entry. */
  matchGrade: 'http://hl7.org/fhir/StructureDefinition/match-grade',
  snomed: 'http://snomed.info/sct',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  securityLabel: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
} as const;

export const DIRECTION_DISPLAY: Record<ReferralDirection, string> = {
  up: '上转',
  down: '下转',
  lateral: '平转',
};

export const GREEN_CHANNEL_DISPLAY: Record<GreenChannelCategory, string> = {
  chest_pain: '胸痛中心',
  stroke: '卒中中心',
  trauma: '创伤中心',
  critical_maternal: '危重孕产妇救治中心',
  critical_neonatal: '危重新生儿救治中心',
};

export const STATE_DISPLAY: Record<ReferralState, string> = {
  draft: '草稿',
  requested: '已提交',
  received: '已签收',
  accepted: '已接收',
  rejected: '已拒绝',
  booked: '已预约',
  in_progress: '诊疗中',
  completed: '已完成',
  cancelled: '已撤销',
  failed: '超时未处理',
};

export const ID_DOCUMENT_DISPLAY: Record<IdDocumentType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macau_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent: '外国人永久居留身份证',
  other: '其他证件',
};

/** The naming system of an identity document's number. */
export function idDocumentSystem(t: IdDocumentType): string {
  return t === 'resident_id' ? URI.residentId : `${URI.idDocument}/${t.replace(/_/g, '-')}`;
}

/** The identity document behind a naming system, the 居民身份证 under either OID. */
export function idTypeOfSystem(system: string | undefined): IdDocumentType | undefined {
  if (system === URI.residentIdPrevious) return 'resident_id';
  return ID_DOCUMENT_TYPES.find((t) => idDocumentSystem(t) === system);
}

/** The system URI and version of a diagnosis code's ICD-10 edition. */
export const ICD10_SYSTEM: Record<Icd10Edition, { system: string; version?: string }> = {
  who: { system: URI.icd10 },
  cn_clinical_2: { system: URI.icd10CnClinical, version: '2.0' },
};

/** The referral's urgency as a FHIR request priority; the green channel is `stat`. */
export const PRIORITY: Record<Urgency, 'routine' | 'urgent' | 'stat'> = {
  routine: 'routine',
  urgent: 'urgent',
  green_channel: 'stat',
};

/** A FHIR priority read back into an urgency (`asap` is nearest to urgent). */
export const URGENCY_OF_PRIORITY: Record<string, Urgency> = {
  routine: 'routine',
  urgent: 'urgent',
  asap: 'urgent',
  stat: 'green_channel',
};

/**
 * ServiceRequest.status of a referral: the order is active while the receiver works on it; a
 * cancelled, rejected or timed-out referral is an order withdrawn before it was carried out.
 */
export const SERVICE_REQUEST_STATUS: Record<ReferralState, 'draft' | 'active' | 'completed' | 'revoked'> = {
  draft: 'draft',
  requested: 'active',
  received: 'active',
  accepted: 'active',
  booked: 'active',
  in_progress: 'active',
  completed: 'completed',
  rejected: 'revoked',
  cancelled: 'revoked',
  failed: 'revoked',
};

/** The referral states behind one FHIR status code (a search on `status`). */
export function statesOf(map: Record<ReferralState, string>, fhirStatus: string): ReferralState[] {
  return REFERRAL_STATES.filter((s) => map[s] === fhirStatus);
}

export const TASK_STATUS = FHIR_TASK_STATUS;

/** The HL7 security label put on every resource whose identifiers are masked. */
export const MASKED = { system: URI.securityLabel, code: 'MASKED', display: 'masked' } as const;

/** The SNOMED CT concept of a patient referral, the ServiceRequest's code. */
export const PATIENT_REFERRAL = { system: URI.snomed, code: '3457005', display: 'Patient referral' } as const;
