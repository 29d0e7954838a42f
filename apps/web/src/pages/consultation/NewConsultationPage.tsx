import '../../i18n/sharing';
import { App, Button, Card, Col, Flex, Form, Input, Radio, Result, Row } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CONSULTATION_KINDS,
  consultationCreate,
  type ConsultationCreate,
  type ConsultationKind,
} from '@yilian/domain';
import { useCreateConsultation } from '../../api/consultations';
import { PageHeader } from '../../components/PageHeader';
import { DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { validate } from '../../utils/form';
import { Icd10Select } from '../referral/Icd10Select';
import {
  fillFromResidentId,
  INITIAL_PATIENT,
  PatientFields,
  patientPayload,
  useSharingLabel,
  type PatientValues,
} from '../sharing/parts';

interface Values {
  kind: ConsultationKind;
  centerInstitutionId?: string;
  centerDepartmentId?: string | null;
  patient: PatientValues;
  icd10Code?: string;
  caseSummary?: string;
  question?: string;
}

/**
 * A request for a remote consultation or a remote reading, often written on a phone in a township
 * health centre: one column on a phone, the send button stays at the bottom of the screen.
 */
export default function NewConsultationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const label = useSharingLabel();
  const create = useCreateConsultation();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const centerInstitutionId = Form.useWatch('centerInstitutionId', form);

  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    if (changed.centerInstitutionId !== undefined) form.setFieldValue('centerDepartmentId', null);
    fillFromResidentId(form, changed, all);
  };

  const send = async () => {
    if (create.isPending) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = validate<ConsultationCreate>(form, t, consultationCreate, {
      kind: v.kind,
      centerInstitutionId: v.centerInstitutionId,
      centerDepartmentId: v.centerDepartmentId ?? null,
      patient: patientPayload(v.patient),
      icd10Code: v.icd10Code ?? null,
      caseSummary: v.caseSummary?.trim(),
      question: v.question?.trim(),
    });
    if (!body) return;
    create.mutate(body, {
      onSuccess: (c) => {
        void message.success(t('consultation.sent'));
        navigate(`/consultations/${c.id}`, { replace: true });
      },
      onError: (e) => onError(e, form),
    });
  };

  if (!me.institutionId)
    return (
      <Result status="info" title={t('consultation.create')} subTitle={t('consultation.needsInstitution')} />
    );

  return (
    <div data-testid="consultation-form">
      <PageHeader title={t('consultation.create')} subtitle={me.institutionName ?? undefined} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'consultation', patient: INITIAL_PATIENT }}
        onValuesChange={onValuesChange}
        scrollToFirstError
        requiredMark
      >
        <Card size="small" title={t('consultation.sectionCentre')} style={{ marginBottom: 12 }}>
          <Form.Item name="kind" label={t('consultation.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType={mobile ? 'default' : 'button'}
              buttonStyle="solid"
              block={!mobile}
              vertical={mobile}
              options={CONSULTATION_KINDS.map((k) => ({ value: k, label: label('consultationKind', k) }))}
              data-testid="field-kind"
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="centerInstitutionId"
                label={t('consultation.centre')}
                rules={[{ required: true }]}
              >
                <InstitutionSelect
                  consortiumId={me.consortiumId ?? undefined}
                  exclude={me.institutionId}
                  placeholder={t('consultation.centrePlaceholder')}
                  data-testid="field-centre"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="centerDepartmentId" label={t('consultation.centreDepartment')}>
                <DepartmentSelect
                  institutionId={centerInstitutionId}
                  disabled={!centerInstitutionId}
                  placeholder={t('consultation.centreDepartmentPlaceholder')}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('consultation.sectionPatient')} style={{ marginBottom: 12 }}>
          <PatientFields form={form} />
        </Card>

        <Card size="small" title={t('consultation.sectionCase')} style={{ marginBottom: 12 }}>
          <Form.Item name="icd10Code" label={t('consultation.icd10')}>
            <Icd10Select data-testid="field-icd10" />
          </Form.Item>
          <Form.Item
            name="caseSummary"
            label={t('consultation.caseSummary')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 4, maxRows: 14 }}
              maxLength={8000}
              placeholder={t('consultation.caseSummaryPlaceholder')}
              data-testid="field-case-summary"
            />
          </Form.Item>
          <Form.Item
            name="question"
            label={t('consultation.question')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={2000}
              placeholder={t('consultation.questionPlaceholder')}
              data-testid="field-question"
            />
          </Form.Item>
          <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{t('consultation.attachLater')}</div>
        </Card>
        <Flex justify="flex-end" className={mobile ? 'sharing-form-actions-sticky' : undefined}>
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => void send()}
            loading={create.isPending}
            data-testid="consultation-send"
            block={mobile}
          >
            {t('consultation.send')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}
