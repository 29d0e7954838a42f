import '../../i18n/referral';
import './referral.css';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, Radio, Result, Row, Typography } from 'antd';
import {
  MinusCircleOutlined,
  PlusOutlined,
  SaveOutlined,
  SendOutlined,
  ThunderboltFilled,
} from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  GREEN_CHANNEL_CATEGORIES,
  REFERRAL_DIRECTIONS,
  URGENCIES,
  referralCreate,
  type GreenChannelCategory,
  type ReferralCreate,
  type ReferralDirection,
  type Urgency,
} from '@yilian/domain';
import { isApiError } from '../../api/client';
import { useCreateReferral } from '../../api/referrals';
import { useEnumLabel } from '../../components/EnumSelect';
import { PageHeader } from '../../components/PageHeader';
import {
  fillFromResidentId,
  INITIAL_PATIENT,
  PatientFields,
  patientPayload,
  type PatientFieldTexts,
  type PatientValues,
} from '../../components/PatientFields';
import { DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { textOrNull, toDate, validate } from '../../utils/form';
import { Icd10Select } from './Icd10Select';
import { RegisteredPatientNotice, useIsRegistered } from './RegisteredPatient';

interface Values {
  direction: ReferralDirection;
  urgency: Urgency;
  greenCategory?: GreenChannelCategory | null;
  fromDepartmentId?: string | null;
  toInstitutionId?: string;
  toDepartmentId?: string | null;
  patient: PatientValues;
  icd10Code?: string;
  diagnosisName?: string;
  reason?: string;
  summary?: string;
  plan?: string;
  followUps?: { title?: string; dueOn?: Dayjs | null }[];
  /** The number is registered and the sender confirms the registered identity. */
  confirmRegisteredPatient?: boolean;
}

const INITIAL: Partial<Values> = {
  direction: 'up',
  urgency: 'routine',
  patient: INITIAL_PATIENT,
  followUps: [],
};

/** The wording of the patient fields on a referral. */
const REFERRAL_PATIENT_TEXTS: PatientFieldTexts = {
  name: 'referral.patientName',
  idType: 'referral.idType',
  idNumber: 'referral.idNumber',
  idNumberHint: 'referral.idNumberHint',
  birthDate: 'referral.birthDate',
  sex: 'referral.sex',
  phone: 'referral.phone',
  insuranceNo: 'referral.insuranceNo',
  residentIdFormat: 'referral.residentIdFormat',
  residentIdCheck: 'referral.residentIdCheck',
  birthDateMismatch: 'validation.field.birthDate',
};

/**
 * A new referral, written on a phone at the bedside as often as at a desk: one column on a phone,
 * the green channel in red, the identity number checked as it is typed and the birth date and sex
 * taken from it. Saved as a draft or sent at once.
 */
export default function NewReferralPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const label = useEnumLabel();
  const create = useCreateReferral();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const direction = Form.useWatch('direction', form) ?? 'up';
  const urgency = Form.useWatch('urgency', form) ?? 'routine';
  const toInstitutionId = Form.useWatch('toInstitutionId', form);
  const green = urgency === 'green_channel';
  const registered = useIsRegistered(form);
  const qc = useQueryClient();

  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    if (changed.toInstitutionId !== undefined) form.setFieldValue('toDepartmentId', null);
    if (changed.urgency && changed.urgency !== 'green_channel') form.setFieldValue('greenCategory', null);
    fillFromResidentId(form, changed, all);
    // Another number (or register) asks again: an earlier confirmation does not carry over.
    if (
      (changed.patient && ('idNumber' in changed.patient || 'idType' in changed.patient)) ||
      changed.toInstitutionId !== undefined
    )
      form.setFieldValue('confirmRegisteredPatient', false);
  };

  const send = async (submit: boolean) => {
    if (create.isPending) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    const payload = {
      direction: v.direction,
      urgency: v.urgency,
      greenCategory: v.urgency === 'green_channel' ? (v.greenCategory ?? null) : null,
      fromDepartmentId: v.fromDepartmentId ?? null,
      toInstitutionId: v.toInstitutionId,
      toDepartmentId: v.toDepartmentId ?? null,
      patient: patientPayload(v.patient),
      icd10Code: v.icd10Code,
      diagnosisName: v.diagnosisName?.trim(),
      reason: v.reason?.trim(),
      summary: v.summary?.trim(),
      plan: textOrNull(v.plan),
      followUps:
        v.direction === 'down'
          ? (v.followUps ?? []).map((f) => ({ title: f.title?.trim(), dueOn: toDate(f.dueOn) ?? undefined }))
          : undefined,
      submit,
      confirmRegisteredPatient: registered ? !!v.confirmRegisteredPatient : undefined,
    };
    const body = validate<ReferralCreate>(form, t, referralCreate, payload);
    if (!body) return;
    create.mutate(body, {
      onSuccess: (r) => {
        void message.success(submit ? t('referral.sent') : t('referral.draftSaved'));
        navigate(`/referrals/${r.id}`, { replace: true });
      },
      onError: (e) => {
        // The number turned out to be registered with another identity (asked too late, or
        // registered meanwhile): show the notice and let the sender confirm or correct.
        if (
          isApiError(e) &&
          e.status === 409 &&
          e.problem.errors?.some((x) => x.field.startsWith('patient.'))
        ) {
          void message.warning(t('referral.registeredConflict'));
          void qc.invalidateQueries({ queryKey: ['patients', 'lookup'] });
          return;
        }
        onError(e, form);
      },
    });
  };

  // Only staff of a member institution refer patients (a platform administrator has no side).
  if (!me.institutionId)
    return <Result status="info" title={t('referral.create')} subTitle={t('referral.needsInstitution')} />;

  const actions = (
    <Flex gap={8} justify="flex-end" className={mobile ? 'form-actions-sticky' : undefined}>
      <Button
        icon={<SaveOutlined />}
        onClick={() => void send(false)}
        loading={create.isPending && create.variables?.submit === false}
        disabled={create.isPending}
        data-testid="referral-save-draft"
        block={mobile}
      >
        {t('referral.saveDraft')}
      </Button>
      <Button
        type="primary"
        className={green ? 'send-green' : undefined}
        icon={<SendOutlined />}
        onClick={() => void send(true)}
        loading={create.isPending && create.variables?.submit === true}
        disabled={create.isPending}
        data-testid="referral-send"
        block={mobile}
      >
        {t('referral.send')}
      </Button>
    </Flex>
  );

  return (
    <div className="referral-form" data-testid="referral-form">
      <PageHeader title={t('referral.create')} subtitle={me.institutionName ?? undefined} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={INITIAL}
        onValuesChange={onValuesChange}
        scrollToFirstError
        requiredMark
      >
        <Card size="small" title={t('referral.sectionKind')} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="direction" label={t('referral.direction')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  block
                  options={REFERRAL_DIRECTIONS.map((d) => ({
                    value: d,
                    label: label('referralDirection', d),
                  }))}
                  data-testid="field-direction"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="urgency" label={t('referral.urgency')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  block
                  options={URGENCIES.map((u) => ({
                    value: u,
                    label:
                      u === 'green_channel' ? (
                        <span>
                          <ThunderboltFilled /> {label('urgency', u)}
                        </span>
                      ) : (
                        label('urgency', u)
                      ),
                    className: u === 'green_channel' ? 'urgency-green' : undefined,
                  }))}
                  data-testid="field-urgency"
                />
              </Form.Item>
            </Col>
          </Row>
          {green && (
            <div className="green-channel-box" data-testid="green-channel-box">
              <Form.Item
                name="greenCategory"
                label={t('referral.greenCategory')}
                rules={[{ required: true, message: t('validation.field.greenCategory') }]}
                extra={t('referral.greenHint')}
                style={{ marginBottom: 0 }}
              >
                <Radio.Group
                  optionType="button"
                  options={GREEN_CHANNEL_CATEGORIES.map((c) => ({
                    value: c,
                    label: label('greenCategory', c),
                  }))}
                  data-testid="field-green-category"
                />
              </Form.Item>
            </div>
          )}
        </Card>

        <Card size="small" title={t('referral.sectionReceiver')} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="toInstitutionId"
                label={t('referral.toInstitution')}
                rules={[{ required: true }]}
              >
                <InstitutionSelect
                  consortiumId={me.consortiumId ?? undefined}
                  exclude={me.institutionId}
                  placeholder={t('referral.toInstitutionPlaceholder')}
                  data-testid="field-to-institution"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="toDepartmentId" label={t('referral.toDepartment')}>
                <DepartmentSelect
                  institutionId={toInstitutionId}
                  disabled={!toInstitutionId}
                  placeholder={t('referral.toDepartmentPlaceholder')}
                  data-testid="field-to-department"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="fromDepartmentId" label={t('referral.fromDepartment')}>
                <DepartmentSelect institutionId={me.institutionId ?? undefined} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('referral.sectionPatient')} style={{ marginBottom: 12 }}>
          <PatientFields form={form} texts={REFERRAL_PATIENT_TEXTS} />
          <RegisteredPatientNotice form={form} />
        </Card>

        <Card size="small" title={t('referral.sectionClinical')} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="icd10Code" label={t('referral.icd10')} rules={[{ required: true }]}>
                <Icd10Select
                  onPick={(_, name) => {
                    if (name) form.setFieldValue('diagnosisName', name);
                  }}
                  data-testid="field-icd10"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item
                name="diagnosisName"
                label={t('referral.diagnosisName')}
                rules={[{ required: true }]}
              >
                <Input maxLength={120} data-testid="field-diagnosis-name" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="reason" label={t('referral.reason')} rules={[{ required: true }]}>
                <Input.TextArea
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  maxLength={2000}
                  placeholder={t('referral.reasonPlaceholder')}
                  data-testid="field-reason"
                />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="summary" label={t('referral.summary')} rules={[{ required: true }]}>
                <Input.TextArea
                  autoSize={{ minRows: 3, maxRows: 12 }}
                  maxLength={8000}
                  placeholder={t('referral.summaryPlaceholder')}
                  data-testid="field-summary"
                />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                name="plan"
                label={direction === 'down' ? t('referral.planDown') : t('referral.plan')}
                rules={[{ required: direction === 'down', message: t('validation.field.plan') }]}
              >
                <Input.TextArea
                  autoSize={{ minRows: 2, maxRows: 10 }}
                  maxLength={8000}
                  data-testid="field-plan"
                />
              </Form.Item>
            </Col>
          </Row>
          {direction === 'down' && (
            <>
              <Typography.Text strong>{t('referral.followUps')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                {t('referral.followUpsHint')}
              </Typography.Paragraph>
              <Form.List name="followUps">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Row key={f.key} gutter={8} align="top" wrap={false}>
                        <Col flex="auto">
                          <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                            <Input maxLength={200} placeholder={t('referral.followUpTitle')} />
                          </Form.Item>
                        </Col>
                        <Col flex="140px">
                          <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true }]}>
                            <DatePicker
                              style={{ width: '100%' }}
                              inputReadOnly={mobile}
                              placeholder={t('referral.followUpDue')}
                            />
                          </Form.Item>
                        </Col>
                        <Col flex="32px">
                          <Button
                            type="text"
                            icon={<MinusCircleOutlined />}
                            onClick={() => remove(f.name)}
                            aria-label={t('referral.removeFollowUp')}
                          />
                        </Col>
                      </Row>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ title: '', dueOn: dayjs().add(14, 'day') })}
                      block
                      data-testid="add-follow-up"
                    >
                      {t('referral.addFollowUp')}
                    </Button>
                  </>
                )}
              </Form.List>
            </>
          )}
        </Card>
        {actions}
      </Form>
    </div>
  );
}
