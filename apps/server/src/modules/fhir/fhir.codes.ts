import type {
  GreenChannelCategory,
  IdDocumentType,
  ReferralDirection,
  ReferralState,
  Urgency,
} from '@yilian/domain';
import { FHIR_TASK_STATUS, REFERRAL_STATES } from '@yilian/domain';

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
  insuranceNo: `${YILIAN}/sid/medical-insurance-no`,
  /** Identity documents other than the 居民身份证, one naming system each: …/sid/id-document/passport. */
  idDocument: `${YILIAN}/sid/id-document`,
  requestingOrganization: `${YILIAN}/StructureDefinition/requesting-organization`,
  requestingDepartment: `${YILIAN}/StructureDefinition/requesting-department`,
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  /** 居民身份证 (GB 11643): the HL7 China OID for the resident identity card number. */
  residentId: 'urn:oid:2.16.840.1.113883.2.23.1',
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
