import { useEffect, useRef } from 'react';
import '../../i18n/referral';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Result,
  Row,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { DescriptionsProps } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, FileDoneOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Referral, ReferralEvent } from '@yilian/domain';
import { isApiError } from '../../api/client';
import { useReferral, useReferralEvents } from '../../api/referrals';
import { EnumTag, useEnumLabel } from '../../components/EnumSelect';
import { LoadError } from '../../components/LoadError';
import { PageSpinner } from '../../components/PageSpinner';
import { useCurrentUser } from '../../hooks/useAuth';
import { formatDateTime } from '../../utils/form';
import { useMarkRead, useNotifications } from '../../api/notifications';
import { Attachments } from './Attachments';
import { ReferralActions } from './ReferralActions';
import { standsOnASide, useReveal } from './reveal';
import { usePatientEdit } from './PatientEdit';
import { ageOf, DeadlineTag, UrgencyTag } from './parts';

function PatientCard({ r, canReveal }: { r: Referral; canReveal: boolean }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { shown, ask, mayReveal, pending } = useReveal(r);
  const edit = usePatientEdit(r);
  const p = r.patient;
  const items: DescriptionsProps['items'] = [
    {
      key: 'name',
      label: t('referral.patientName'),
      children: <span data-testid="patient-name">{p.name}</span>,
    },
    { key: 'sex', label: t('referral.sex'), children: label('sex', p.sex) },
    {
      key: 'birth',
      label: t('referral.birthDate'),
      children: t('referral.birthWithAge', { date: p.birthDate, age: ageOf(p.birthDate) }),
    },
    { key: 'idType', label: t('referral.idType'), children: label('idType', p.idType) },
    {
      key: 'id',
      label: t('referral.idNumber'),
      children: (
        <span data-testid="patient-id-number" data-masked={shown ? 'false' : 'true'}>
          {shown?.idNumber ?? p.idNumber}
        </span>
      ),
    },
    { key: 'phone', label: t('referral.phone'), children: shown ? shown.phone : p.phone },
    {
      key: 'insurance',
      label: t('referral.insuranceNo'),
      children: shown ? shown.insuranceNo : p.insuranceNo,
    },
  ];
  return (
    <Card
      size="small"
      title={t('referral.sectionPatient')}
      extra={
        <Space size={4}>
          {edit.button}
          {canReveal && mayReveal && (
            <Button size="small" icon={<EyeOutlined />} onClick={ask} loading={pending} data-testid="reveal">
              {t('referral.reveal')}
            </Button>
          )}
        </Space>
      }
    >
      {edit.notes}
      {edit.dialog}
      {shown && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('referral.revealedNote')} />}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
    </Card>
  );
}

function eventColor(e: ReferralEvent): string {
  if (['reject', 'cancel', 'fail', 'escalated'].includes(e.action)) return 'red';
  if (e.action === 'complete') return 'green';
  return 'blue';
}

function EventTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error, refetch } = useReferralEvents(id);
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  const system = (e: ReferralEvent) => !e.actorName || e.actorName === 'system';
  return (
    <Timeline
      data-testid="referral-timeline"
      items={(data ?? []).map((e) => ({
        key: e.id,
        color: eventColor(e),
        content: (
          <div data-testid="timeline-event" data-action={e.action}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.at)}
            </Typography.Text>
            <br />
            <Typography.Text strong>
              {t(`referralEnums.event.${e.action}`, { defaultValue: e.action })}
            </Typography.Text>
            {e.toStatus && e.fromStatus !== e.toStatus && (
              <>
                {' '}
                <EnumTag ns="referralStatus" value={e.toStatus} />
              </>
            )}
            <div>
              <Typography.Text type="secondary">
                {system(e) ? t('referral.system') : e.actorName}
              </Typography.Text>
            </div>
            {e.note && !system(e) && (
              <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** Looking at a referral reads its notifications: the bell stops counting what is on screen. */
function useReadNotificationsOf(referralId: string | undefined) {
  const unread = useNotifications({ unread: true, pageSize: 50 });
  const markRead = useMarkRead();
  const sent = useRef(new Set<string>());
  const { mutate } = markRead;
  useEffect(() => {
    for (const n of unread.data?.items ?? [])
      if (referralId && n.referralId === referralId && !sent.current.has(n.id)) {
        sent.current.add(n.id);
        mutate(n.id);
      }
  }, [unread.data, referralId, mutate]);
}

function Paragraphs({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text}</Typography.Paragraph>
  );
}

export default function ReferralDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const label = useEnumLabel();
  const me = useCurrentUser();
  const { data: r, error, isPending, refetch } = useReferral(id);
  const events = useReferralEvents(id);
  useReadNotificationsOf(r?.id);

  if (isPending) return <PageSpinner />;
  if (isApiError(error) && (error.status === 404 || error.status === 403 || error.status === 400))
    return (
      <Result
        status="404"
        title={t('referral.notFound')}
        subTitle={t('referral.notFoundHint')}
        extra={
          <Link to="/referrals/inbox">
            <Button type="primary">{t('nav.referralInbox')}</Button>
          </Link>
        }
      />
    );
  if (error || !r) return <LoadError error={error} onRetry={() => void refetch()} />;

  // Staff of the two institutions see the full identity and add attachments.
  const canReveal = standsOnASide(me, r);
  const completedBy = events.data?.find((e) => e.action === 'complete')?.actorName;
  const arrivedAt = events.data?.find((e) => e.action === 'arrive')?.at;

  const route: DescriptionsProps['items'] = [
    {
      key: 'from',
      label: t('referral.from'),
      children: [r.fromInstitutionName, r.fromDepartmentName].filter(Boolean).join(' · '),
    },
    { key: 'doctor', label: t('referral.referringDoctor'), children: r.referringDoctor },
    {
      key: 'to',
      label: t('referral.to'),
      children: (
        <span data-testid="referral-to">
          {[r.toInstitutionName, r.toDepartmentName].filter(Boolean).join(' · ')}
        </span>
      ),
    },
    { key: 'created', label: t('referral.createdAt'), children: formatDateTime(r.createdAt) },
    { key: 'submitted', label: t('referral.submittedAt'), children: formatDateTime(r.submittedAt) },
    { key: 'accepted', label: t('referral.acceptedAt'), children: formatDateTime(r.acceptedAt) },
    ...(r.deadlineAt
      ? [
          {
            key: 'deadline',
            label: t('referral.deadline'),
            children: formatDateTime(r.deadlineAt),
          },
        ]
      : []),
  ];
  const clinical: DescriptionsProps['items'] = [
    {
      key: 'diagnosis',
      label: t('referral.diagnosis'),
      span: 'filled',
      children: (
        <span data-testid="referral-diagnosis">
          <Typography.Text code>{r.icd10Code}</Typography.Text> {r.diagnosisName}
          {r.icd10Edition === 'cn_clinical_2' && (
            <Tag style={{ marginInlineStart: 6 }} data-testid="icd10-edition">
              {t('referral.editionCnClinical')}
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'reason', label: t('referral.reason'), span: 'filled', children: <Paragraphs text={r.reason} /> },
    {
      key: 'summary',
      label: t('referral.summary'),
      span: 'filled',
      children: <Paragraphs text={r.summary} />,
    },
    ...(r.plan
      ? [
          {
            key: 'plan',
            label: r.direction === 'down' ? t('referral.planDown') : t('referral.plan'),
            span: 'filled' as const,
            children: <Paragraphs text={r.plan} />,
          },
        ]
      : []),
  ];
  // What the sending hospital system said, as it said it (a FHIR import).
  const sender = r.sender;
  const fromSystem: DescriptionsProps['items'] = sender
    ? [
        ...(sender.identifier
          ? [
              {
                key: 'senderOrder',
                label: t('referral.senderOrder'),
                children: (
                  <Typography.Text copyable title={sender.identifier.system} data-testid="sender-order">
                    {sender.identifier.value}
                  </Typography.Text>
                ),
              },
            ]
          : []),
        ...(sender.requisition
          ? [
              {
                key: 'senderRequisition',
                label: t('referral.senderRequisition'),
                children: sender.requisition.value,
              },
            ]
          : []),
        ...(sender.authoredOn
          ? [
              {
                key: 'senderAuthoredOn',
                label: t('referral.senderAuthoredOn'),
                children: formatDateTime(sender.authoredOn),
              },
            ]
          : []),
        ...(sender.practitioner
          ? [
              {
                key: 'senderPractitioner',
                label: t('referral.senderPractitioner'),
                children: sender.practitioner.name,
              },
            ]
          : []),
        ...(sender.taskDescription
          ? [
              {
                key: 'senderDescription',
                label: t('referral.senderDescription'),
                span: 'filled' as const,
                children: <Paragraphs text={sender.taskDescription} />,
              },
            ]
          : []),
        ...(sender.notes.length
          ? [
              {
                key: 'senderNotes',
                label: t('referral.senderNotes'),
                span: 'filled' as const,
                children: sender.notes.map((n, i) => (
                  <div key={i}>
                    {n.time && <Typography.Text type="secondary">{formatDateTime(n.time)} </Typography.Text>}
                    <Paragraphs text={n.text} />
                  </div>
                )),
              },
            ]
          : []),
      ]
    : [];

  return (
    <div data-testid="referral-detail" data-status={r.status} data-id={r.id}>
      <Flex justify="space-between" align="flex-start" wrap gap={8} style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 0 }}>
          <Space size={4} wrap style={{ marginBottom: 4 }}>
            <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('referral.back')}
            </Button>
            <Typography.Text type="secondary" copyable data-testid="referral-code">
              {r.code}
            </Typography.Text>
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('referral.titleLine', {
              direction: label('referralDirection', r.direction),
              patient: r.patient.name,
            })}
          </Typography.Title>
          <Space size={4} wrap style={{ marginTop: 6 }}>
            <EnumTag ns="referralStatus" value={r.status} testId="status-tag" />
            <UrgencyTag urgency={r.urgency} greenCategory={r.greenCategory} />
            {r.greenCategoryDerived && (
              <Tooltip title={t('referral.derivedGreenHint')}>
                <Tag color="gold" data-testid="green-derived">
                  {t('referral.derivedGreen')}
                </Tag>
              </Tooltip>
            )}
            <EnumTag ns="referralDirection" value={r.direction} />
            <DeadlineTag referral={r} />
          </Space>
        </div>
        <Button
          icon={<PrinterOutlined />}
          href={`/referrals/${r.id}/print`}
          target="_blank"
          rel="noopener"
          data-testid="print-referral"
        >
          {t('referral.print')}
        </Button>
      </Flex>

      <div style={{ marginBottom: 12 }}>
        <ReferralActions referral={r} />
      </div>

      {r.status === 'rejected' && r.rejectReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('referral.rejectedBanner')}
          description={r.rejectReason}
        />
      )}
      {r.status === 'cancelled' && r.cancelReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('referral.cancelledBanner')}
          description={r.cancelReason}
        />
      )}
      {r.status === 'failed' && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('referral.failedBanner')} />
      )}
      {r.escalatedAt && ['requested', 'received'].includes(r.status) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('referral.escalatedBanner', { time: formatDateTime(r.escalatedAt) })}
        />
      )}

      {r.receiptAt && (
        <Card
          size="small"
          title={
            <span>
              <FileDoneOutlined style={{ color: '#389e0d' }} /> {t('referral.receipt')}
            </span>
          }
          style={{ marginBottom: 12, borderColor: '#b7eb8f' }}
          data-testid="referral-receipt"
        >
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'at', label: t('referral.receiptAt'), children: formatDateTime(r.receiptAt) },
              { key: 'by', label: t('referral.completedBy'), children: completedBy ?? '' },
              { key: 'arrived', label: t('referral.arrivedAt'), children: formatDateTime(arrivedAt) },
              {
                key: 'summary',
                label: t('referral.dischargeSummary'),
                span: 'filled',
                children: (
                  <span data-testid="receipt-summary">
                    <Paragraphs text={r.dischargeSummary} />
                  </span>
                ),
              },
            ]}
          />
        </Card>
      )}

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={12}>
            <PatientCard r={r} canReveal={canReveal} />
            <Card size="small" title={t('referral.sectionClinical')}>
              <Descriptions size="small" column={1} items={clinical} />
            </Card>
            {fromSystem.length > 0 && (
              <Card size="small" title={t('referral.sectionSender')} data-testid="referral-sender">
                <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={fromSystem} />
              </Card>
            )}
            <Attachments referralId={r.id} canAdd={canReveal} />
            <Card size="small" title={t('referral.sectionRoute')}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={route} />
            </Card>
            {r.booking && (
              <Card size="small" title={t('referral.booking')} data-testid="referral-booking">
                <Space wrap>
                  <EnumTag ns="capacityKind" value={r.booking.kind} />
                  <Typography.Text strong>
                    {r.booking.date} {dayjs(r.booking.date).format('dddd')}
                  </Typography.Text>
                  <span>{r.booking.label}</span>
                  {r.toDepartmentName && (
                    <Typography.Text type="secondary">{r.toDepartmentName}</Typography.Text>
                  )}
                </Space>
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('referral.timeline')}>
            <EventTimeline id={r.id} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
