import { Col, DatePicker, Form, Input, Radio, Row } from 'antd';
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
import { EnumSelect, useEnumLabel } from './EnumSelect';
import { useIsMobile } from '../hooks/useIsMobile';
import { textOrNull, toDate } from '../utils/form';

// The patient of a referral, a booking of a shared resource and a consultation: the same fields,
// the 居民身份证 number checked as it is typed and the birth date and sex taken from it.

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

/** The i18n keys of the labels and messages (each module has its own wording). */
export interface PatientFieldTexts {
  name: string;
  idType: string;
  idNumber: string;
  idNumberHint: string;
  birthDate: string;
  sex: string;
  phone: string;
  insuranceNo: string;
  residentIdFormat: string;
  residentIdCheck: string;
  birthDateMismatch: string;
}

/** Name, identity document (checked as it is typed), birth date, sex, phone, insurance number. */
export function PatientFields({
  form,
  texts,
  prefix = 'patient',
}: {
  form: FormInstance;
  texts: PatientFieldTexts;
  /** The name of the form field that holds the patient. */
  prefix?: string;
}) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const mobile = useIsMobile();
  const idType = (Form.useWatch([prefix, 'idType'], form) as IdDocumentType | undefined) ?? 'resident_id';
  const residentIdRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (idType !== 'resident_id' || !value) return;
      const id = value.trim().toUpperCase();
      if (!/^\d{17}[\dX]$/.test(id)) throw new Error(t(texts.residentIdFormat));
      if (!isValidResidentId(id)) throw new Error(t(texts.residentIdCheck));
    },
  };
  const birthDateRule = {
    validator: async (_: unknown, value: Dayjs | null | undefined) => {
      const id = (form.getFieldValue([prefix, 'idNumber']) as string | undefined)?.trim().toUpperCase();
      if (idType !== 'resident_id' || !value || !id || !isValidResidentId(id)) return;
      if (value.format('YYYY-MM-DD') !== birthDateOfResidentId(id))
        throw new Error(t(texts.birthDateMismatch));
    },
  };
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'name']} label={t(texts.name)} rules={[{ required: true }]}>
          <Input maxLength={40} autoComplete="off" data-testid="field-patient-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'idType']} label={t(texts.idType)} rules={[{ required: true }]}>
          <EnumSelect ns="idType" values={ID_DOCUMENT_TYPES} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={[prefix, 'idNumber']}
          label={t(texts.idNumber)}
          rules={[{ required: true }, residentIdRule]}
          validateTrigger={['onBlur', 'onChange']}
          extra={idType === 'resident_id' ? t(texts.idNumberHint) : undefined}
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
          name={[prefix, 'birthDate']}
          label={t(texts.birthDate)}
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
        <Form.Item name={[prefix, 'sex']} label={t(texts.sex)} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={SEXES.map((s) => ({ value: s, label: label('sex', s) }))}
            data-testid="field-sex"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'phone']} label={t(texts.phone)}>
          <Input inputMode="tel" maxLength={21} autoComplete="off" data-testid="field-phone" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'insuranceNo']} label={t(texts.insuranceNo)}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}
