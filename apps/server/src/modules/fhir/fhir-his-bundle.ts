import type { Bundle } from '@medplum/fhirtypes';
import { withUsccCheck } from '@yilian/domain';
import { residentId } from '../../../test/factories.js';
import { URI } from './fhir.codes.js';

// The Bundle 叙永县人民医院's HIS writes for a referral to 西南医科大学附属医院 (tests only): the
// 居民身份证 under the national OID, both hospitals by their 统一社会信用代码, the doctor by her
// 执业证书编码, a diagnosis of the national clinical edition 2.0, its own order number,
// requisition and time, one free-text note, and no direction or green-channel code.

export const HIS_ORDER = 'http://his.xyxrmyy.example/fhir/sid/referral-order';
export const HIS_REQUISITION = 'http://his.xyxrmyy.example/fhir/sid/requisition';
export const CITY_USCC = withUsccCheck('12510500MB0410000');
export const COUNTY_USCC = withUsccCheck('12510524MB0520000');
export const LICENSE = '110510524000123';

/** A patient the HIS knows (numbers apart from the other FHIR tests' patients). */
export const person = (n: number) => residentId(300 + n);

/** The Bundle as the county HIS writes it (its own fullUrls, order number, codes). */
export function hisBundle(order: string, n = 1, over: { name?: string } = {}): Bundle {
  const p = person(n);
  const ref = (x: string) => ({ reference: `urn:uuid:00000000-0000-4000-8000-00000000000${x}` });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: ref('1').reference,
        resource: {
          resourceType: 'Organization',
          identifier: [{ system: URI.uscc, value: COUNTY_USCC }],
          name: '叙永县人民医院',
        },
        request: {
          method: 'POST',
          url: 'Organization',
          ifNoneExist: `identifier=${URI.uscc}|${COUNTY_USCC}`,
        },
      },
      {
        fullUrl: ref('2').reference,
        resource: {
          resourceType: 'Organization',
          identifier: [{ system: URI.uscc, value: CITY_USCC }],
          name: '西南医科大学附属医院',
        },
        request: { method: 'POST', url: 'Organization', ifNoneExist: `identifier=${URI.uscc}|${CITY_USCC}` },
      },
      {
        fullUrl: ref('3').reference,
        resource: {
          resourceType: 'Practitioner',
          identifier: [{ system: URI.practitionerLicense, value: LICENSE }],
          name: [{ family: '王', given: ['丽'] }],
        },
        request: { method: 'POST', url: 'Practitioner' },
      },
      {
        fullUrl: ref('4').reference,
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: URI.residentId, value: p.idNumber }],
          name: [{ text: over.name ?? `赵${n}` }],
          gender: 'male',
          birthDate: p.birthDate,
          telecom: [{ system: 'phone', value: '13900001111' }],
        },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: ref('5').reference,
        resource: {
          resourceType: 'ServiceRequest',
          identifier: [
            {
              type: { coding: [{ system: URI.v2IdentifierType, code: 'PLAC' }] },
              system: HIS_ORDER,
              value: order,
            },
          ],
          requisition: { system: HIS_REQUISITION, value: `ZZD-${order}` },
          status: 'active',
          intent: 'order',
          priority: 'stat',
          code: { coding: [{ system: URI.snomed, code: '3457005' }], text: '转诊' },
          subject: ref('4'),
          authoredOn: '2026-03-12T08:30:00+08:00',
          requester: ref('3'),
          performer: [ref('2')],
          reasonCode: [
            {
              coding: [
                { system: URI.icd10CnClinical, code: 'I21.000x001', display: '急性前壁ST段抬高型心肌梗死' },
              ],
            },
          ],
          note: [
            { text: '胸痛3小时，心电图V1-V4导联ST段抬高，已予双抗负荷', time: '2026-03-12T08:25:00+08:00' },
          ],
        },
        request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${HIS_ORDER}|${order}` },
      },
      {
        fullUrl: ref('6').reference,
        resource: {
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          description: '急诊PCI，请胸痛中心接收',
          focus: ref('5'),
          for: ref('4'),
          requester: ref('1'),
          owner: ref('2'),
        },
        request: { method: 'POST', url: 'Task' },
      },
    ],
  };
}
