import '../../i18n/sharing';
import { Button, Flex, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CONSULTATION_KINDS,
  CONSULTATION_STATES,
  type Consultation,
  type ConsultationKind,
  type ConsultationState,
} from '@yilian/domain';
import { useConsultationList, type ConsultationBox } from '../../api/consultations';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { formatDateTime } from '../../utils/form';
import { SharingTag, usePatientLine, useSharingLabel } from '../sharing/parts';

function boxOf(pathname: string): ConsultationBox {
  if (pathname.endsWith('/incoming')) return 'incoming';
  if (pathname.endsWith('/all')) return 'all';
  return 'requested';
}

const FILTERS = ['status', 'kind'] as const;

/** 我发起的 (requested by my institution), 待处理 (at my centre) or every one in scope. */
export default function ConsultationListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const mobile = useIsMobile();
  const patientLine = usePatientLine();
  const label = useSharingLabel();
  const box = boxOf(useLocation().pathname);
  const list = useListQuery(FILTERS, { fixed: { box } });
  const { data, isFetching, error, refetch } = useConsultationList(list.params);

  const columns: TableColumnsType<Consultation> = [
    {
      title: t('consultation.patient'),
      key: 'patient',
      render: (_, c) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link
            to={`/consultations/${c.id}`}
            data-testid="consultation-link"
            onClick={(e) => e.stopPropagation()}
          >
            <Typography.Text strong>{patientLine(c.patient)}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.code} · {formatDateTime(c.requestedAt)}
          </Typography.Text>
          {mobile && (
            <Flex wrap gap={4}>
              <SharingTag ns="consultationStatus" value={c.status} />
              <SharingTag ns="consultationKind" value={c.kind} />
            </Flex>
          )}
          {mobile && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {box === 'requested' ? c.centerInstitutionName : c.requestingInstitutionName}
              {c.scheduledAt ? ` · ${t('consultation.scheduledAt')} ${formatDateTime(c.scheduledAt)}` : ''}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('consultation.status'),
      dataIndex: 'status',
      responsive: ['md'],
      render: (s: ConsultationState) => <SharingTag ns="consultationStatus" value={s} testId="status-tag" />,
    },
    {
      title: t('consultation.kind'),
      dataIndex: 'kind',
      responsive: ['md'],
      render: (k: ConsultationKind) => <SharingTag ns="consultationKind" value={k} />,
    },
    {
      title: t('consultation.requester'),
      key: 'requester',
      responsive: ['md'],
      render: (_, c) => (
        <span>
          {c.requestingInstitutionName}
          <Typography.Text type="secondary"> · {c.requestedBy}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('consultation.centre'),
      key: 'centre',
      responsive: ['md'],
      render: (_, c) => [c.centerInstitutionName, c.centerDepartmentName].filter(Boolean).join(' · '),
    },
    {
      title: t('consultation.scheduledAt'),
      dataIndex: 'scheduledAt',
      responsive: ['lg'],
      render: (v: string | null) => formatDateTime(v) || '—',
    },
  ];

  return (
    <>
      <PageHeader
        title={t(`consultation.box.${box}`)}
        extra={
          can('consultation.request') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/consultations/new')}
              data-testid="new-consultation"
            >
              {t('consultation.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('consultation.searchPlaceholder')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.status}
              onChange={(v) => list.setFilter('status', v)}
              placeholder={t('consultation.status')}
              style={{ width: mobile ? '100%' : 140 }}
              options={CONSULTATION_STATES.map((s) => ({ value: s, label: label('consultationStatus', s) }))}
              data-testid="filter-status"
            />
            <Select<string>
              allowClear
              value={list.filters.kind}
              onChange={(v) => list.setFilter('kind', v)}
              placeholder={t('consultation.kind')}
              style={{ width: mobile ? '100%' : 160 }}
              options={CONSULTATION_KINDS.map((k) => ({ value: k, label: label('consultationKind', k) }))}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Consultation>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        onRow={(c) => ({ onClick: () => navigate(`/consultations/${c.id}`), style: { cursor: 'pointer' } })}
        data-testid="consultation-table"
      />
    </>
  );
}
