import '../../i18n/governance';
import { useState } from 'react';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Row,
  Timeline,
  Typography,
} from 'antd';
import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  ForwardOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import type { ProblemAction } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { DepartmentSelect } from '../../components/RemoteSelect';
import { ActionButtonRow, ActionDialog } from '../../components/WorkflowActions';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { formatDateTime, toDate } from '../../utils/form';
import { UserPick } from '../meeting/UserPick';
import { useProblem, useProblemStep, type ProblemStep } from './api';
import { GovTag, useGovLabel } from './parts';

const ICONS: Record<ProblemAction, React.ReactNode> = {
  assign: <SendOutlined />,
  start: <PlayCircleOutlined />,
  resolve: <CheckCircleOutlined />,
  verify: <ForwardOutlined />,
  close: <CloseCircleOutlined />,
  reopen: <RollbackOutlined />,
};

interface ActionValues {
  ownerDepartmentId?: string;
  coOwnerDepartmentIds?: string[];
  responsibleUserId?: string;
  deadline?: Dayjs;
  measures?: string;
  reason?: string;
  note?: string;
}

/** One problem: who owns it by when, the steps taken (progress, feedback) and its next move. */
export default function ProblemDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useGovLabel();
  const mobile = useIsMobile();
  const { data: p, error, refetch, isPending } = useProblem(id);
  const step = useProblemStep(id);
  const showError = useApiError();
  const [action, setAction] = useState<ProblemAction | null>(null);
  const [form] = Form.useForm<ActionValues>();
  const [entry, setEntry] = useState('');

  if (isPending) return <PageSpinner />;
  if (!p) return <LoadError error={error} onRetry={() => void refetch()} />;

  const run = (v: ActionValues) => {
    if (!action) return;
    const body: Record<string, unknown> =
      action === 'assign'
        ? {
            ownerDepartmentId: v.ownerDepartmentId,
            responsibleUserId: v.responsibleUserId,
            deadline: toDate(v.deadline),
            coOwnerDepartmentIds: v.coOwnerDepartmentIds ?? [],
          }
        : action === 'resolve'
          ? { measures: v.measures }
          : action === 'reopen'
            ? { reason: v.reason }
            : { note: v.note?.trim() || null };
    step.mutate(
      { step: action, body },
      { onSuccess: () => setAction(null), onError: (e) => showError(e, form) },
    );
  };
  const addEntry = (kind: Extract<ProblemStep, 'progress' | 'feedback'>) =>
    step.mutate(
      { step: kind, body: { note: entry } },
      { onSuccess: () => setEntry(''), onError: (e) => showError(e) },
    );

  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span>{p.number}</span>
            <span data-testid="problem-heading">{p.title}</span>
            <GovTag ns="problemStatus" value={p.status} testId="problem-status" />
            {p.overdue && <Typography.Text type="danger">{t('ledger.overdue')}</Typography.Text>}
          </Flex>
        }
        extra={
          <ActionButtonRow<ProblemAction>
            actions={p.allowedActions}
            destructive={['reopen']}
            icons={ICONS}
            label={(a) => label('problemAction', a)}
            onStart={(a) => {
              form.resetFields();
              if (a === 'assign')
                form.setFieldsValue({
                  ownerDepartmentId: p.ownerDepartmentId ?? undefined,
                  responsibleUserId: p.responsibleUserId ?? undefined,
                  coOwnerDepartmentIds: p.coOwnerDepartments.map((d) => d.id),
                });
              setAction(a);
            }}
            pending={step.isPending ? action : null}
            mobile={mobile}
            testId="problem-actions"
          />
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Descriptions size="small" bordered column={mobile ? 1 : 2}>
              <Descriptions.Item label={t('ledger.description')} span={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{p.description}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.source')}>
                {label('problemSource', p.source)}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.meeting')}>
                {p.meetingId ? (
                  <Link to={`/meetings/${p.meetingId}`} data-testid="problem-meeting">
                    {p.meetingTitle}
                  </Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.category')}>
                <GovTag ns="problemCategory" value={p.category} />
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.priority')}>
                <GovTag ns="problemPriority" value={p.priority} />
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.affected')} span={2}>
                {p.affectedInstitutions.map((i) => i.name).join('、')}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.owner')}>
                {[p.ownerInstitutionName, p.ownerDepartmentName].filter(Boolean).join(' ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.coOwners')}>
                {p.coOwnerDepartments.map((d) => d.name).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.responsible')}>
                {p.responsibleName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.deadline')}>{p.deadline ?? '—'}</Descriptions.Item>
              <Descriptions.Item
                label={t('ledger.raisedBy')}
              >{`${p.raisedBy} · ${formatDateTime(p.raisedAt)}`}</Descriptions.Item>
              <Descriptions.Item label={t('ledger.measures')}>{p.measures ?? '—'}</Descriptions.Item>
            </Descriptions>
            {p.canReport && p.status !== 'closed' && (
              <Card size="small" title={`${t('ledger.addProgress')} / ${t('ledger.addFeedback')}`}>
                <Flex vertical gap={8}>
                  <Input.TextArea
                    rows={3}
                    value={entry}
                    onChange={(e) => setEntry(e.target.value)}
                    maxLength={4000}
                    data-testid="entry-input"
                  />
                  <Flex gap={8} justify="flex-end">
                    <Button
                      disabled={!entry.trim() || p.status === 'raised'}
                      onClick={() => addEntry('progress')}
                      data-testid="add-progress"
                    >
                      {t('ledger.addProgress')}
                    </Button>
                    <Button
                      disabled={!entry.trim()}
                      onClick={() => addEntry('feedback')}
                      data-testid="add-feedback"
                    >
                      {t('ledger.addFeedback')}
                    </Button>
                  </Flex>
                </Flex>
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('ledger.history')}>
            <Timeline
              data-testid="problem-history"
              items={p.entries.map((e) => ({
                color:
                  e.kind === 'feedback'
                    ? 'green'
                    : e.kind === 'progress'
                      ? 'blue'
                      : e.action === 'escalated'
                        ? 'red'
                        : 'gray',
                children: (
                  <div>
                    <Typography.Text strong>
                      {e.kind === 'transition'
                        ? e.action && ['create', 'escalated'].includes(e.action)
                          ? label('entryKind', e.action)
                          : label('problemAction', e.action)
                        : label('entryKind', e.kind)}
                    </Typography.Text>
                    {e.toStatus && (
                      <>
                        {' '}
                        → <GovTag ns="problemStatus" value={e.toStatus} />
                      </>
                    )}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.actorName} · {formatDateTime(e.at)}
                      </Typography.Text>
                    </div>
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ActionDialog
        open={!!action}
        title={action ? label('problemAction', action) : undefined}
        okText={action ? label('problemAction', action) : undefined}
        danger={action === 'reopen'}
        loading={step.isPending}
        width={560}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        testId="problem-action-dialog"
      >
        <Form form={form} layout="vertical" onFinish={run}>
          {action === 'assign' && (
            <>
              <Form.Item name="ownerDepartmentId" label={t('ledger.owner')} rules={[{ required: true }]}>
                <DepartmentSelect consortiumId={p.consortiumId} data-testid="assign-department" />
              </Form.Item>
              <Form.Item name="coOwnerDepartmentIds" label={t('ledger.coOwners')}>
                <DepartmentSelect consortiumId={p.consortiumId} mode="multiple" />
              </Form.Item>
              <Form.Item
                name="responsibleUserId"
                label={t('ledger.responsible')}
                rules={[{ required: true }]}
              >
                <UserPick consortiumId={p.consortiumId} data-testid="assign-responsible" />
              </Form.Item>
              <Form.Item name="deadline" label={t('ledger.deadline')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} data-testid="assign-deadline" />
              </Form.Item>
            </>
          )}
          {action === 'resolve' && (
            <Form.Item name="measures" label={t('ledger.measures')} rules={[{ required: true, max: 4000 }]}>
              <Input.TextArea rows={4} data-testid="resolve-measures" />
            </Form.Item>
          )}
          {action === 'reopen' && (
            <Form.Item name="reason" label={t('ledger.reason')} rules={[{ required: true, max: 2000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {action && ['start', 'verify', 'close'].includes(action) && (
            <Form.Item name="note" label={t('ledger.note')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="action-note" />
            </Form.Item>
          )}
        </Form>
      </ActionDialog>
    </>
  );
}
