import '../../i18n/sharing';
import './sharing.css';
import { Col, DatePicker, Form, Input, Radio, Row, Tag } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ID_DOCUMENT_TYPES,
  SEXES,
  birthDateOfResidentId,
  isValidResidentId,
  type IdDocumentType,
} from '@yilian/domain';
import { EnumSelect, useEnumLabel } from '../../components/EnumSelect';
import { useIsMobile } from '../../hooks/useIsMobile';
import { textOrNull, toDate } from '../../utils/form';

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

type Sex = (typeof SEXES)[number];

export interface PatientValues {
  name?: string;
  sex?: Sex;
  birthDate?: Dayjs | null;
  idType: IdDocumentType;
  idNumber?: string;
  phone?: string;
  insuranceNo?: string;
}
export const INITIAL_PATIENT: PatientValues = { idType: 'resident_id' };

/** The patient of the form as the API takes it (the contract's patientInput checks the rest). */
export function patientPayload(p: PatientValues) {
  return {
    name: p.name?.trim(),
    sex: p.sex,
    birthDate: toDate(p.birthDate) ?? undefined,
    idType: p.idType,
    idNumber: p.idNumber?.trim().toUpperCase(),
    phone: textOrNull(p.phone),
    insuranceNo: textOrNull(p.insuranceNo),
  };
}

/** For a form's onValuesChange: a valid 居民身份证 number fills birth date and sex. */
export function fillFromResidentId<V extends { patient?: PatientValues }>(
  form: FormInstance<V>,
  changed: Partial<V>,
  all: V,
) {
  const p = changed.patient;
  if (!p || !('idNumber' in p || 'idType' in p) || all.patient?.idType !== 'resident_id') return;
  const id = (all.patient.idNumber ?? '').trim().toUpperCase();
  if (!isValidResidentId(id)) return;
  form.setFieldValue(['patient', 'birthDate'] as never, dayjs(birthDateOfResidentId(id)) as never);
  form.setFieldValue(['patient', 'sex'] as never, (Number(id[16]) % 2 === 1 ? 'male' : 'female') as never);
  void form.validateFields([['patient', 'birthDate']] as never).catch(() => undefined);
}

/** Name, identity document (checked as it is typed), birth date, sex, phone, insurance number. */
export function PatientFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const mobile = useIsMobile();
  const idType = (Form.useWatch(['patient', 'idType'], form) as IdDocumentType | undefined) ?? 'resident_id';
  const residentIdRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (idType !== 'resident_id' || !value) return;
      const id = value.trim().toUpperCase();
      if (!/^\d{17}[\dX]$/.test(id)) throw new Error(t('sharing.patient.residentIdFormat'));
      if (!isValidResidentId(id)) throw new Error(t('sharing.patient.residentIdCheck'));
    },
  };
  const birthDateRule = {
    validator: async (_: unknown, value: Dayjs | null | undefined) => {
      const id = (form.getFieldValue(['patient', 'idNumber']) as string | undefined)?.trim().toUpperCase();
      if (idType !== 'resident_id' || !value || !id || !isValidResidentId(id)) return;
      if (value.format('YYYY-MM-DD') !== birthDateOfResidentId(id))
        throw new Error(t('sharing.patient.birthDateMismatch'));
    },
  };
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name={['patient', 'name']} label={t('sharing.patient.name')} rules={[{ required: true }]}>
          <Input maxLength={40} autoComplete="off" data-testid="field-patient-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['patient', 'idType']}
          label={t('sharing.patient.idType')}
          rules={[{ required: true }]}
        >
          <EnumSelect ns="idType" values={ID_DOCUMENT_TYPES} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={['patient', 'idNumber']}
          label={t('sharing.patient.idNumber')}
          rules={[{ required: true }, residentIdRule]}
          validateTrigger={['onBlur', 'onChange']}
          extra={idType === 'resident_id' ? t('sharing.patient.idNumberHint') : undefined}
          normalize={(v: string | undefined) => v?.toUpperCase()}
        >
          <Input
            maxLength={32}
            autoComplete="off"
            inputMode={idType === 'resident_id' ? 'numeric' : 'text'}
            data-testid="field-id-number"
          />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name={['patient', 'birthDate']}
          label={t('sharing.patient.birthDate')}
          rules={[{ required: true }, birthDateRule]}
        >
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly={mobile}
            disabledDate={(d) => d.isAfter(dayjs())}
            data-testid="field-birth-date"
          />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={['patient', 'sex']} label={t('sharing.patient.sex')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={SEXES.map((s) => ({ value: s, label: label('sex', s) }))}
            data-testid="field-sex"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['patient', 'phone']} label={t('sharing.patient.phone')}>
          <Input inputMode="tel" maxLength={21} autoComplete="off" data-testid="field-phone" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['patient', 'insuranceNo']} label={t('sharing.patient.insuranceNo')}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
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
