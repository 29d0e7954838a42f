import '../../i18n/sharing';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Rate,
  Result,
  Row,
  Spin,
  Tag,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  PrinterOutlined,
  SafetyCertificateOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Consultation } from '@yilian/domain';
import { isApiError } from '../../api/client';
import { useConsultation } from '../../api/consultations';
import { useEnumLabel } from '../../components/EnumSelect';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { formatDateTime } from '../../utils/form';
import { SharingTag, usePatientLine, useMinutes } from '../sharing/parts';
import { ConsultationActions } from './ConsultationActions';
import { ConsultationAttachments } from './ConsultationAttachments';

function Text({ children, testId }: { children: string | null | undefined; testId?: string }) {
  if (!children) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div className="consultation-text" data-testid={testId}>
      {children}
    </div>
  );
}

function Session({ c }: { c: Consultation }) {
  const { t } = useTranslation();
  if (!c.scheduledAt && !c.videoLink)
    return (
      <Typography.Text type="secondary">
        {c.kind === 'consultation' ? t('consultation.notScheduled') : t('consultation.noSessionNeeded')}
      </Typography.Text>
    );
  return (
    <Flex vertical gap={8} align="flex-start" data-testid="consultation-session">
      <Typography.Text strong>{formatDateTime(c.scheduledAt)}</Typography.Text>
      {c.videoLink && (
        <Button
          type="primary"
          icon={<VideoCameraOutlined />}
          href={c.videoLink}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="open-video"
        >
          {t('consultation.joinVideo')}
        </Button>
      )}
      {c.videoLink && (
        <Typography.Text type="secondary" copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {c.videoLink}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** One consultation: the case, attachments, experts, session, opinion, signature and rating. */
export default function ConsultationDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const label = useEnumLabel();
  const patientLine = usePatientLine();
  const minutes = useMinutes();
  const { data: c, error, isPending, refetch } = useConsultation(id);

  if (isPending) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (error && isApiError(error) && error.status === 404)
    return (
      <Result
        status="404"
        title={t('consultation.notFound')}
        extra={<Link to="/consultations/requested">{t('consultation.backToList')}</Link>}
      />
    );
  if (!c) return <LoadError error={error} onRetry={() => void refetch()} />;

  // The server's rule: the requester's staff with consultation.request, the centre's with .handle.
  const attaches =
    (me.institutionId === c.requestingInstitutionId && can('consultation.request')) ||
    (me.institutionId === c.centerInstitutionId && can('consultation.handle'));
  const backTo =
    me.institutionId === c.centerInstitutionId ? '/consultations/incoming' : '/consultations/requested';
  const p = c.patient;

  return (
    <div data-testid="consultation-detail" data-status={c.status}>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <Link to={backTo} aria-label={t('consultation.backToList')}>
              <ArrowLeftOutlined />
            </Link>
            <span>{patientLine(p)}</span>
            <SharingTag ns="consultationStatus" value={c.status} testId="status-tag" />
            <SharingTag ns="consultationKind" value={c.kind} />
          </Flex>
        }
        subtitle={`${c.code} · ${formatDateTime(c.requestedAt)}`}
        extra={
          c.status === 'completed' && (
            <Link to={`/consultations/${c.id}/print`} data-testid="print-report">
              <Button icon={<PrinterOutlined />}>{t('consultation.printReport')}</Button>
            </Link>
          )
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      {c.status === 'rejected' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('consultation.rejectedBecause')}
          description={c.rejectReason}
        />
      )}
      {c.status === 'cancelled' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('consultation.cancelledBecause')}
          description={c.cancelReason}
        />
      )}
      <div style={{ marginBottom: 16 }}>
        <ConsultationActions consultation={c} />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('consultation.sectionCase')}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                items={[
                  { key: 'patient', label: t('consultation.patient'), children: patientLine(p) },
                  {
                    key: 'id',
                    label: label('idType', p.idType) || t('sharing.patient.idNumber'),
                    children: p.idNumber,
                  },
                  {
                    key: 'from',
                    label: t('consultation.requester'),
                    children: `${c.requestingInstitutionName} · ${c.requestedBy}`,
                  },
                  {
                    key: 'centre',
                    label: t('consultation.centre'),
                    children: [c.centerInstitutionName, c.centerDepartmentName].filter(Boolean).join(' · '),
                  },
                  { key: 'icd', label: t('consultation.icd10'), children: c.icd10Code ?? '—' },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                {t('consultation.caseSummary')}
              </Typography.Title>
              <Text testId="case-summary">{c.caseSummary}</Text>
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                {t('consultation.question')}
              </Typography.Title>
              <Text>{c.question}</Text>
            </Card>
            <ConsultationAttachments
              consultationId={c.id}
              canAdd={attaches && !['completed', 'rejected', 'cancelled', 'failed'].includes(c.status)}
            />
            <Card
              size="small"
              title={t('consultation.opinion')}
              data-testid="consultation-opinion"
              extra={
                c.signedAt && (
                  <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="signed-tag">
                    {t('consultation.signedBy', { name: c.signedBy, time: formatDateTime(c.signedAt) })}
                  </Tag>
                )
              }
            >
              {c.opinion ? (
                <>
                  <Text testId="opinion-text">{c.opinion}</Text>
                  {!c.signedAt && (
                    <Typography.Paragraph type="warning" style={{ marginTop: 8, marginBottom: 0 }}>
                      {t('consultation.notSignedYet')}
                    </Typography.Paragraph>
                  )}
                </>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consultation.noOpinion')} />
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('consultation.experts')} data-testid="consultation-experts">
              {c.experts.length === 0 ? (
                <Typography.Text type="secondary">{t('consultation.noExperts')}</Typography.Text>
              ) : (
                <Flex vertical gap={4}>
                  {c.experts.map((e) => (
                    <span key={e.staffId}>
                      <Typography.Text strong>{e.name}</Typography.Text>{' '}
                      <Typography.Text type="secondary">{label('staffTitle', e.title)}</Typography.Text>
                    </span>
                  ))}
                </Flex>
              )}
            </Card>
            <Card size="small" title={t('consultation.session')}>
              <Session c={c} />
            </Card>
            <Card size="small" title={t('consultation.progress')}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'req',
                    label: t('consultation.requestedAt'),
                    children: formatDateTime(c.requestedAt),
                  },
                  {
                    key: 'acc',
                    label: t('consultation.acceptedAt'),
                    children: formatDateTime(c.acceptedAt) || '—',
                  },
                  {
                    key: 'rep',
                    label: t('consultation.reportedAt'),
                    children: formatDateTime(c.reportedAt) || '—',
                  },
                  {
                    key: 'sig',
                    label: t('consultation.signedAt'),
                    children: formatDateTime(c.signedAt) || '—',
                  },
                  ...(c.deadlineAt
                    ? [
                        {
                          key: 'dl',
                          label: t('consultation.deadlineAt'),
                          children: formatDateTime(c.deadlineAt),
                        },
                      ]
                    : []),
                  ...(c.turnaroundMinutes !== null
                    ? [
                        {
                          key: 'ta',
                          label: t('consultation.turnaround'),
                          children: minutes(c.turnaroundMinutes),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            {(c.rating !== null || c.status === 'completed') && (
              <Card size="small" title={t('consultation.rating')} data-testid="consultation-rating">
                {c.rating !== null ? (
                  <Flex vertical gap={4}>
                    <Rate disabled value={c.rating} />
                    {c.ratingComment && <Text>{c.ratingComment}</Text>}
                  </Flex>
                ) : (
                  <Typography.Text type="secondary">{t('consultation.notRated')}</Typography.Text>
                )}
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
