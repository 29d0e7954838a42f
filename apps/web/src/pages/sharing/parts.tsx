import '../../i18n/sharing';
import './sharing.css';
import { Tag } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useEnumLabel } from '../../components/EnumSelect';
import { PatientFields as SharedPatientFields, type PatientFieldTexts } from '../../components/PatientFields';

// What the shared-resource and consultation pages have in common: the names and colours of their
// enumerations, and the patient form (the same patient as a referral's).

/** Namespaces of the enumerations of this module (`sharingEnums.<ns>.<value>`). */
export type SharingEnumNs =
  | 'resourceType'
  | 'bookingStatus'
  | 'bookingAction'
  | 'consultationKind'
  | 'consultationStatus'
  | 'consultationAction'
  | 'repeatReason'
  | 'weekday';

export function useSharingLabel() {
  const { t } = useTranslation();
  return (ns: SharingEnumNs, value: string | number | null | undefined): string =>
    value === null || value === undefined || value === ''
      ? ''
      : t(`sharingEnums.${ns}.${value}`, { defaultValue: String(value) });
}

const COLORS: Partial<Record<SharingEnumNs, Record<string, string>>> = {
  bookingStatus: {
    requested: 'blue',
    confirmed: 'geekblue',
    completed: 'green',
    no_show: 'volcano',
    cancelled: 'default',
  },
  consultationStatus: {
    requested: 'blue',
    accepted: 'cyan',
    scheduled: 'purple',
    reported: 'orange',
    completed: 'green',
    rejected: 'red',
    cancelled: 'default',
    failed: 'volcano',
  },
  consultationKind: { consultation: 'blue', imaging_reading: 'purple', ecg_reading: 'magenta' },
};

export function SharingTag({
  ns,
  value,
  testId,
}: {
  ns: SharingEnumNs;
  value: string | null | undefined;
  testId?: string;
}) {
  const label = useSharingLabel();
  if (!value) return null;
  return (
    <Tag color={COLORS[ns]?.[value]} data-testid={testId} data-value={testId ? value : undefined}>
      {label(ns, value)}
    </Tag>
  );
}

export {
  fillFromResidentId,
  INITIAL_PATIENT,
  patientPayload,
  type PatientValues,
} from '../../components/PatientFields';

/** The wording of the patient fields on the shared-resource and consultation pages. */
export const SHARING_PATIENT_TEXTS: PatientFieldTexts = {
  name: 'sharing.patient.name',
  idType: 'sharing.patient.idType',
  idNumber: 'sharing.patient.idNumber',
  idNumberHint: 'sharing.patient.idNumberHint',
  birthDate: 'sharing.patient.birthDate',
  sex: 'sharing.patient.sex',
  phone: 'sharing.patient.phone',
  insuranceNo: 'sharing.patient.insuranceNo',
  residentIdFormat: 'sharing.patient.residentIdFormat',
  residentIdCheck: 'sharing.patient.residentIdCheck',
  birthDateMismatch: 'sharing.patient.birthDateMismatch',
};

/** The patient fields with the wording of this module. */
export function PatientFields({ form }: { form: FormInstance }) {
  return <SharedPatientFields form={form} texts={SHARING_PATIENT_TEXTS} />;
}

/** Whole years between the birth date and today. */
export function ageOf(birthDate: string): number {
  return dayjs().diff(dayjs(birthDate), 'year');
}

/** 王建国 · 男 · 46 岁 */
export function usePatientLine() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  return (p: { name: string; sex: string; birthDate: string }) =>
    [p.name, label('sex', p.sex), t('sharing.patient.age', { age: ageOf(p.birthDate) })].join(' · ');
}

/** The first and last day of a period: this month so far by default. */
export function defaultPeriod(): [Dayjs, Dayjs] {
  return [dayjs().startOf('month'), dayjs()];
}

/** 3 小时 12 分 / 2 天 3 小时 */
export function useMinutes() {
  const { t } = useTranslation();
  return (minutes: number | null | undefined): string => {
    if (minutes === null || minutes === undefined) return '—';
    const m = Math.round(minutes);
    const days = Math.floor(m / 1440);
    const hours = Math.floor((m % 1440) / 60);
    const mins = m % 60;
    if (days > 0) return t('sharing.duration.daysHours', { days, hours });
    if (hours > 0) return t('sharing.duration.hoursMinutes', { hours, minutes: mins });
    return t('sharing.duration.minutes', { minutes: mins });
  };
}
