import '../../i18n/referral';
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio } from 'antd';
import { EditOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { SEXES, type PatientUpdate, type Referral } from '@yilian/domain';
import { usePatient, useUpdatePatient } from '../../api/referrals';
import { useEnumLabel } from '../../components/EnumSelect';
import { useApiError } from '../../utils/errors';
import { formatDateTime, textOrNull, toDate } from '../../utils/form';
import { DiscrepancyPanel } from './DiscrepancyPanel';

// A referral shows the patient as they were when it was made. The register carries them as they
// are now; staff of an institution that treated the patient change it here, explicitly, with the
// reason (the server audits before and after). Referrals already made keep their details.

interface Values {
  name?: string;
  sex?: (typeof SEXES)[number];
  birthDate?: Dayjs | null;
  phone?: string;
  reason?: string;
}

const FIELD_LABEL = {
  name: 'referral.patientName',
  sex: 'referral.sex',
  birthDate: 'referral.birthDate',
  phone: 'referral.phone',
} as const;

/** The notes under the patient card, and the edit button with its dialog. */
export function usePatientEdit(r: Referral) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { modal, message } = App.useApp();
  const onError = useApiError();
  const current = usePatient(r.patient.id).data;
  const update = useUpdatePatient(r.patient.id);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();

  const start = () => {
    if (!current) return;
    form.setFieldsValue({
      name: current.name,
      sex: current.sex,
      birthDate: dayjs(current.birthDate),
      phone: '',
      reason: '',
    });
    setOpen(true);
  };

  const save = async () => {
    if (!current) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: PatientUpdate = { reason: v.reason!.trim() };
    if (v.name && v.name.trim() !== current.name) body.name = v.name.trim();
    if (v.sex && v.sex !== current.sex) body.sex = v.sex;
    const birth = toDate(v.birthDate);
    if (birth && birth !== current.birthDate) body.birthDate = birth;
    const phone = textOrNull(v.phone);
    if (phone) body.phone = phone;
    const fields = (['name', 'sex', 'birthDate', 'phone'] as const).filter((f) => body[f] !== undefined);
    if (fields.length === 0) {
      void message.info(t('referral.editNothing'));
      return;
    }
    modal.confirm({
      title: t('referral.editConfirmTitle'),
      icon: <SafetyOutlined />,
      content: t('referral.editConfirmContent', { fields: fields.map((f) => t(FIELD_LABEL[f])).join('、') }),
      okText: t('referral.editConfirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-patient-edit' } as never,
      onOk: () =>
        update.mutateAsync(body).then(
          () => {
            setOpen(false);
            void message.success(t('referral.patientUpdated'));
          },
          (e: unknown) => onError(e, form),
        ),
    });
  };

  const button = current?.editable ? (
    <Button size="small" icon={<EditOutlined />} onClick={start} data-testid="edit-patient">
      {t('referral.editPatient')}
    </Button>
  ) : null;

  const p = r.patient;
  const changed =
    current && (current.name !== p.name || current.sex !== p.sex || current.birthDate !== p.birthDate);
  const notes = (
    <>
      {changed && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="patient-registration-changed"
          title={t('referral.registrationChanged', {
            date: formatDateTime(current.updatedAt),
            name: current.name,
            sex: label('sex', current.sex),
            birthDate: current.birthDate,
          })}
        />
      )}
      {r.patientDiscrepancy && <DiscrepancyPanel r={r} />}
    </>
  );

  const dialog = (
    <Modal
      open={open}
      title={t('referral.editPatientTitle')}
      onCancel={() => setOpen(false)}
      onOk={() => void save()}
      okText={t('referral.editPatient')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: update.isPending, 'data-testid': 'patient-edit-submit' } as never}
      forceRender
      data-testid="patient-edit-dialog"
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('referral.editPatientHint')} />
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('referral.patientName')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={40} autoComplete="off" data-testid="edit-patient-name" />
        </Form.Item>
        <Form.Item name="sex" label={t('referral.sex')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={SEXES.map((s) => ({ value: s, label: label('sex', s) }))}
          />
        </Form.Item>
        <Form.Item name="birthDate" label={t('referral.birthDate')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="phone" label={t('referral.phone')}>
          <Input
            maxLength={20}
            autoComplete="off"
            placeholder={current?.phone ? t('referral.editPhoneKeep', { phone: current.phone }) : undefined}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('referral.editReason')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
            data-testid="edit-patient-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );

  return { button, notes, dialog };
}
