import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { PROBLEM_CATEGORIES, PROBLEM_PRIORITIES, PROBLEM_SOURCES } from '@yilian/domain';
import { FormDrawer } from '../../components/FormDrawer';
import { ConsortiumSelect, DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { toDate } from '../../utils/form';
import { UserPick } from '../meeting/UserPick';
import { useRaiseProblem } from './api';
import { useGovLabel } from './parts';

interface Values {
  consortiumId?: string;
  title: string;
  description: string;
  source?: string;
  category: string;
  affectedInstitutionIds: string[];
  priority: string;
  ownerDepartmentId?: string;
  responsibleUserId?: string;
  deadline?: Dayjs;
}

/**
 * Raise a problem: in a meeting (the meeting gives the consortium and the source) or straight
 * into the ledger. The office may name the owner, the responsible person and the deadline at once.
 */
export function RaiseProblemDrawer({
  open,
  onClose,
  meeting,
}: {
  open: boolean;
  onClose: () => void;
  meeting?: { id: string; consortiumId: string };
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const label = useGovLabel();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const raise = useRaiseProblem(meeting?.id);
  const showError = useApiError();
  const picked = Form.useWatch('consortiumId', form);
  const consortiumId = meeting?.consortiumId ?? picked ?? me.consortiumId ?? undefined;
  const office = me.permissions.includes('ledger.manage');

  const submit = (v: Values) =>
    raise.mutate(
      {
        ...(meeting ? {} : { consortiumId, source: v.source }),
        title: v.title,
        description: v.description,
        category: v.category,
        affectedInstitutionIds: v.affectedInstitutionIds,
        priority: v.priority,
        ownerDepartmentId: v.ownerDepartmentId ?? null,
        responsibleUserId: v.responsibleUserId ?? null,
        deadline: toDate(v.deadline),
      },
      {
        onSuccess: (p) => {
          onClose();
          form.resetFields();
          if (!meeting) navigate(`/problems/${p.id}`);
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <FormDrawer<Values>
      open={open}
      title={t('ledger.raise')}
      form={form}
      onClose={onClose}
      onSubmit={submit}
      submitting={raise.isPending}
      testId="problem-form"
      initialValues={{ category: 'common', priority: 'medium', source: 'member' }}
    >
      {!meeting && !me.consortiumId && (
        <Form.Item name="consortiumId" label={t('ledger.consortium')} rules={[{ required: true }]}>
          <ConsortiumSelect />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('ledger.title')} rules={[{ required: true, max: 200 }]}>
        <Input data-testid="problem-title" />
      </Form.Item>
      <Form.Item name="description" label={t('ledger.description')} rules={[{ required: true, max: 8000 }]}>
        <Input.TextArea rows={3} data-testid="problem-description" />
      </Form.Item>
      <Row gutter={12}>
        {!meeting && (
          <Col xs={24} md={8}>
            <Form.Item name="source" label={t('ledger.source')} rules={[{ required: true }]}>
              <Select
                options={PROBLEM_SOURCES.filter((s) => s !== 'meeting').map((s) => ({
                  value: s,
                  label: label('problemSource', s),
                }))}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={8}>
          <Form.Item name="category" label={t('ledger.category')} rules={[{ required: true }]}>
            <Select
              options={PROBLEM_CATEGORIES.map((s) => ({ value: s, label: label('problemCategory', s) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="priority" label={t('ledger.priority')} rules={[{ required: true }]}>
            <Select
              options={PROBLEM_PRIORITIES.map((s) => ({ value: s, label: label('problemPriority', s) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="affectedInstitutionIds" label={t('ledger.affected')} rules={[{ required: true }]}>
        <InstitutionSelect consortiumId={consortiumId} mode="multiple" data-testid="problem-affected" />
      </Form.Item>
      {office && (
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="ownerDepartmentId" label={t('ledger.owner')}>
              <DepartmentSelect consortiumId={consortiumId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="responsibleUserId" label={t('ledger.responsible')}>
              <UserPick consortiumId={consortiumId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="deadline" label={t('ledger.deadline')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </FormDrawer>
  );
}
