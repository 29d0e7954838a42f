import { maskIdNumber, maskInsuranceNo, maskName, maskPhone, type PatientInput } from '@yilian/domain';
import type { Tx } from '../../context.js';

export interface RegisteredIdentity {
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  phone: string | null;
}

export interface Registration {
  id: string;
  /** Filed now (the number was not registered), from what was sent. */
  created: boolean;
  /** The identity in the register, which the new record keeps whatever was sent. */
  registered: RegisteredIdentity;
}

/**
 * Finds the patient in the consortium's register (one row per identity document), or files them.
 * A registered patient's name, sex, birth date and phone are never changed here: only an explicit,
 * audited edit (patient.service update) changes them. An insurance number is filled when missing.
 */
export async function registerPatient(
  trx: Tx,
  consortiumId: string,
  pt: PatientInput,
): Promise<Registration> {
  const find = () =>
    trx
      .selectFrom('patients')
      .select(['id', 'name', 'sex', 'birthDate', 'phone', 'insuranceNo'])
      .where('consortiumId', '=', consortiumId)
      .where('idType', '=', pt.idType)
      .where('idNumber', '=', pt.idNumber)
      .executeTakeFirst();
  let row = await find();
  if (!row) {
    const inserted = await trx
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
      .onConflict((oc) => oc.columns(['consortiumId', 'idType', 'idNumber']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted)
      return {
        id: inserted.id,
        created: true,
        registered: { name: pt.name, sex: pt.sex, birthDate: pt.birthDate, phone: pt.phone ?? null },
      };
    // Filed at the same moment by another request: that one is the registered patient.
    row = await find();
    if (!row) throw new Error('patient neither inserted nor found');
  }
  if (!row.insuranceNo && pt.insuranceNo)
    await trx.updateTable('patients').set({ insuranceNo: pt.insuranceNo }).where('id', '=', row.id).execute();
  const { name, sex, birthDate, phone } = row;
  return { id: row.id, created: false, registered: { name, sex, birthDate, phone } };
}

/** Finds or files the patient (see registerPatient: a registered identity is kept as it is). */
export async function upsertPatient(
  trx: Tx,
  consortiumId: string,
  pt: PatientInput,
  _now?: Date,
): Promise<string> {
  return (await registerPatient(trx, consortiumId, pt)).id;
}

/** Names compared as people read them: spaces and letter case aside. */
const sameName = (a: string, b: string) =>
  a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/** The fields of the identity sent that differ from the registered one (the phone is not compared). */
export function identityDifferences(
  sent: Pick<PatientInput, 'name' | 'sex' | 'birthDate'>,
  registered: RegisteredIdentity,
): ('name' | 'sex' | 'birthDate')[] {
  const out: ('name' | 'sex' | 'birthDate')[] = [];
  if (!sameName(sent.name, registered.name)) out.push('name');
  if (sent.sex !== registered.sex) out.push('sex');
  if (sent.birthDate !== registered.birthDate) out.push('birthDate');
  return out;
}

/** One identity field as lists and discrepancies show it: the name masked, the birth date as its year. */
export function maskedIdentityValue(field: 'name' | 'sex' | 'birthDate' | 'phone', v: string | null): string {
  if (v === null) return '';
  if (field === 'name') return maskName(v)!;
  if (field === 'birthDate') return `${v.slice(0, 4)}-**-**`;
  if (field === 'phone') return maskPhone(v)!;
  return v;
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
