import '../../i18n/referral';
import { useEffect } from 'react';
import { Alert, App, Button, Col, Form, InputNumber, Row, Typography } from 'antd';
import { SaveOutlined, ThunderboltFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { deadlineRules, DEFAULT_DEADLINE_RULES } from '@yilian/domain';
import { useReferralRules, useUpdateReferralRules } from '../../api/referrals';
import { LoadError } from '../../components/LoadError';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { validate } from '../../utils/form';
import { GREEN_RED } from './parts';

interface RuleField {
  name: string;
  max: number;
  unit: 'workdays' | 'hours' | 'minutes';
  red?: boolean;
}
const FIELDS: RuleField[] = [
  { name: 'routineWorkdays', max: 30, unit: 'workdays' },
  { name: 'urgentHours', max: 240, unit: 'hours' },
  { name: 'greenMinutes', max: 240, unit: 'minutes', red: true },
  { name: 'consultationHours', max: 240, unit: 'hours' },
];

/**
 * The consortium's referral deadlines: how long the receiver has to accept a routine referral
 * (Chinese working days), an urgent one (hours) and a green-channel one (minutes, then it is
 * escalated to the duty officer and the office). The office edits them; others read them.
 */
export default function ReferralRulesPanel({ consortiumId }: { consortiumId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const editable = can('consortium.manage');
  const { data, error, isPending, refetch } = useReferralRules(consortiumId);
  const save = useUpdateReferralRules(consortiumId);
  const onError = useApiError();
  const [form] = Form.useForm<Record<string, number>>();

  useEffect(() => {
    if (data) form.setFieldsValue(data as Record<string, number>);
  }, [data, form]);

  if (isPending) return <PageSpinner />;
  if (error || !data) return <LoadError error={error} onRetry={() => void refetch()} />;

  const onFinish = (v: Record<string, number>) => {
    const body = validate(form, t, deadlineRules, v);
    if (!body) return;
    save.mutate(body, {
      onSuccess: () => void message.success(t('common.saved')),
      onError: (e) => onError(e, form),
    });
  };

  const field = (f: RuleField) => (
    <Col xs={24} md={12} xl={6} key={f.name}>
      <Form.Item
        name={f.name}
        label={
          <span style={f.red ? { color: GREEN_RED } : undefined}>
            {f.red && <ThunderboltFilled />} {t(`rules.${f.name}`)}
          </span>
        }
        rules={[{ required: true }]}
        extra={t(`rules.${f.name}Hint`)}
      >
        <InputNumber
          min={1}
          max={f.max}
          precision={0}
          suffix={t(`rules.${f.unit}`)}
          disabled={!editable}
          style={{ width: '100%' }}
          data-testid={`rule-${f.name}`}
        />
      </Form.Item>
    </Col>
  );
  // Only the limits this server has (a newer one may add kinds of request).
  const fields = FIELDS.filter((f) => f.name in data);

  return (
    <div data-testid="referral-rules" style={{ maxWidth: 860 }}>
      <Typography.Paragraph type="secondary">{t('rules.hint')}</Typography.Paragraph>
      <Form<Record<string, number>> form={form} layout="vertical" onFinish={onFinish} initialValues={data}>
        <Row gutter={16}>{fields.map(field)}</Row>
        {editable ? (
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={save.isPending}
            data-testid="save-rules"
          >
            {t('common.save')}
          </Button>
        ) : (
          <Alert type="info" showIcon title={t('rules.readOnly')} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('rules.defaults', DEFAULT_DEADLINE_RULES)}
        </Typography.Paragraph>
      </Form>
    </div>
  );
}
