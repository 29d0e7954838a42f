import '../../i18n/governance';
import { useState } from 'react';
import { Col, Descriptions, Flex, Form, Input, Row, Typography } from 'antd';
import { CloseCircleOutlined, FileDoneOutlined, FlagOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingAction } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { ActionButtonRow, ActionDialog } from '../../components/WorkflowActions';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { GovTag, useGovLabel } from '../ledger/parts';
import { useMeeting, useMeetingWrite } from './api';
import { Attendance, MyInvitation } from './MeetingAttendance';
import { MeetingProblems } from './MeetingProblems';
import { MeetingRecord } from './MeetingRecord';
import { MeetingReports } from './MeetingReports';

const ICONS: Record<MeetingAction, React.ReactNode> = {
  start: <PlayCircleOutlined />,
  finish: <FlagOutlined />,
  publish: <FileDoneOutlined />,
  cancel: <CloseCircleOutlined />,
};

/** One meeting: what, when and where; invitations and sign-in; minutes, resolutions, reports and its problems. */
export default function MeetingDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const label = useGovLabel();
  const mobile = useIsMobile();
  const { data: m, error, refetch, isPending } = useMeeting(id);
  const write = useMeetingWrite(id ?? '');
  const showError = useApiError();
  const [confirming, setConfirming] = useState<MeetingAction | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  if (isPending) return <PageSpinner />;
  if (!m) return <LoadError error={error} onRetry={() => void refetch()} />;

  const run = (action: MeetingAction, body: object = {}) =>
    write.mutate(
      { path: action, body },
      {
        onSuccess: () => setConfirming(null),
        onError: (e) => showError(e, action === 'cancel' ? form : undefined),
      },
    );

  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="meeting-heading">{m.title}</span>
            <GovTag ns="meetingStatus" value={m.status} testId="meeting-status" />
          </Flex>
        }
        subtitle={`${label('meetingKind', m.kind)} · ${m.consortiumName}`}
        extra={
          <ActionButtonRow<MeetingAction>
            actions={m.allowedActions}
            destructive={['cancel']}
            icons={ICONS}
            label={(a) => label('meetingAction', a)}
            onStart={(a) => {
              form.resetFields();
              setConfirming(a);
            }}
            pending={write.isPending ? confirming : null}
            mobile={mobile}
            testId="meeting-actions"
          />
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Descriptions size="small" bordered column={mobile ? 1 : 2}>
              <Descriptions.Item label={t('meeting.startsAt')}>
                {formatDateTime(m.startsAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('meeting.endsAt')}>
                {formatDateTime(m.endsAt) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('meeting.mode')}>{label('meetingMode', m.mode)}</Descriptions.Item>
              <Descriptions.Item label={t('meeting.room')}>{m.room ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('meeting.link')} span={2}>
                {m.link ? (
                  <Typography.Link href={m.link} target="_blank" rel="noreferrer">
                    {m.link}
                  </Typography.Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('meeting.organizer')}>
                {m.organizerInstitutionName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('meeting.series')}>{m.seriesTitle ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('meeting.rule')} span={2}>
                {m.ruleTitle ? (
                  <Link to={`/council/documents/${m.ruleDocumentId}`} data-testid="meeting-rule">
                    {m.ruleTitle}
                  </Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              {m.cancelReason && (
                <Descriptions.Item label={t('meeting.cancelReason')} span={2}>
                  {m.cancelReason}
                </Descriptions.Item>
              )}
              {m.description && (
                <Descriptions.Item label={t('meeting.description')} span={2}>
                  {m.description}
                </Descriptions.Item>
              )}
            </Descriptions>
            <MyInvitation m={m} />
            <Descriptions size="small" title={t('meeting.agenda')} column={1} bordered>
              {m.agenda.map((a) => (
                <Descriptions.Item key={a.id} label={`${a.position}. ${a.title}`}>
                  {[a.presenter, a.minutes ? `${a.minutes} min` : null].filter(Boolean).join(' · ') || '—'}
                </Descriptions.Item>
              ))}
            </Descriptions>
            <MeetingRecord m={m} />
            <MeetingProblems m={m} />
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Attendance m={m} />
            <MeetingReports m={m} />
          </Flex>
        </Col>
      </Row>
      <ActionDialog
        open={!!confirming}
        title={confirming ? label('meetingAction', confirming) : undefined}
        okText={confirming ? label('meetingAction', confirming) : undefined}
        danger={confirming === 'cancel'}
        loading={write.isPending}
        width={480}
        onCancel={() => setConfirming(null)}
        onOk={() => (confirming === 'cancel' ? form.submit() : confirming && run(confirming))}
        testId="meeting-action-dialog"
      >
        {confirming === 'cancel' ? (
          <Form form={form} layout="vertical" onFinish={(v) => run('cancel', { reason: v.reason })}>
            <Form.Item
              name="reason"
              label={t('meeting.cancelReason')}
              rules={[{ required: true, max: 1000 }]}
            >
              <Input.TextArea rows={3} data-testid="cancel-reason" />
            </Form.Item>
          </Form>
        ) : (
          <Typography.Text>{m.title}</Typography.Text>
        )}
      </ActionDialog>
    </>
  );
}
