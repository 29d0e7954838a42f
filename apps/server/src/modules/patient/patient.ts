import { maskIdNumber, maskInsuranceNo, maskPhone, type PatientInput } from '@yilian/domain';
import type { Tx } from '../../context.js';

/** Finds or files the patient in the consortium's register (one row per identity document). */
export async function upsertPatient(
  trx: Tx,
  consortiumId: string,
  pt: PatientInput,
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('patients')
    .values({
      consortiumId,
      name: pt.name,
      sex: pt.sex,
      birthDate: pt.birthDate,
      idType: pt.idType,
      idNumber: pt.idNumber,
      phone: pt.phone ?? null,
      insuranceNo: pt.insuranceNo ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['consortiumId', 'idType', 'idNumber']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        sex: eb.ref('excluded.sex'),
        birthDate: eb.ref('excluded.birthDate'),
        phone: eb.fn.coalesce('excluded.phone', 'patients.phone'),
        insuranceNo: eb.fn.coalesce('excluded.insuranceNo', 'patients.insuranceNo'),
        updatedAt: now.toISOString(),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PatientColumns {
  patientName: string;
  patientSex: 'male' | 'female';
  patientBirthDate: string;
  patientIdType: PatientInput['idType'];
  patientIdNumber: string;
  patientPhone: string | null;
  patientInsuranceNo: string | null;
}

/** The patient as every list and detail shows them: identity, phone and insurance numbers masked. */
export function maskedPatient(r: PatientColumns) {
  return {
    name: r.patientName,
    sex: r.patientSex,
    birthDate: r.patientBirthDate,
    idType: r.patientIdType,
    idNumber: maskIdNumber(r.patientIdNumber)!,
    phone: maskPhone(r.patientPhone),
    insuranceNo: maskInsuranceNo(r.patientInsuranceNo),
    masked: true,
  };
}

export const patientColumns = [
  'pt.name as patientName',
  'pt.sex as patientSex',
  'pt.birthDate as patientBirthDate',
  'pt.idType as patientIdType',
  'pt.idNumber as patientIdNumber',
  'pt.phone as patientPhone',
  'pt.insuranceNo as patientInsuranceNo',
] as const;
