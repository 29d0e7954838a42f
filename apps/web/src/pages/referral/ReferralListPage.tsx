import '../../i18n/referral';
import './referral.css';
import { Button, DatePicker, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  REFERRAL_DIRECTIONS,
  REFERRAL_STATES,
  URGENCIES,
  type Referral,
  type ReferralDirection,
  type ReferralState,
  type Urgency,
} from '@yilian/domain';
import { useReferralList, type ReferralBox } from '../../api/referrals';
import { EnumSelect, EnumTag, useEnumLabel } from '../../components/EnumSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { DepartmentSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { formatDateTime } from '../../utils/form';
import { DeadlineTag, UrgencyTag, usePatientLine } from './parts';

function boxOf(pathname: string): ReferralBox {
  if (pathname.endsWith('/outbox')) return 'outbox';
  if (pathname.endsWith('/all')) return 'all';
  return 'inbox';
}

const FILTERS = ['status', 'direction', 'urgency', 'departmentId', 'from', 'to'] as const;

/** 收件箱 (to my institution), 我发起的 (from it) or, for the office, every referral in scope. */
export default function ReferralListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const patientLine = usePatientLine();
  const label = useEnumLabel();
  const box = boxOf(useLocation().pathname);
  const list = useListQuery(FILTERS, { fixed: { box } });
  const { data, isFetching, error, refetch } = useReferralList(list.params);

  const columns: TableColumnsType<Referral> = [
    {
      title: t('referral.patient'),
      key: 'patient',
      render: (_, r) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link to={`/referrals/${r.id}`} data-testid="referral-link" onClick={(e) => e.stopPropagation()}>
            <Typography.Text strong>{patientLine(r.patient)}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.code} · {formatDateTime(r.submittedAt ?? r.createdAt)}
          </Typography.Text>
          {/* On a phone the other columns fold away: the essentials stay here. */}
          {mobile && (
            <Flex wrap gap={4}>
              <EnumTag ns="referralStatus" value={r.status} />
              {r.urgency !== 'routine' && <UrgencyTag urgency={r.urgency} greenCategory={r.greenCategory} />}
              <DeadlineTag referral={r} />
            </Flex>
          )}
          {mobile && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {label('referralDirection', r.direction)} · {r.icd10Code} {r.diagnosisName} ·{' '}
              {box === 'outbox' ? r.toInstitutionName : r.fromInstitutionName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('referral.status'),
      dataIndex: 'status',
      responsive: ['md'],
      render: (_, r) => (
        <Flex vertical gap={4} align="flex-start">
          <EnumTag ns="referralStatus" value={r.status} testId="status-tag" />
          <DeadlineTag referral={r} />
        </Flex>
      ),
    },
    {
      title: t('referral.urgency'),
      dataIndex: 'urgency',
      responsive: ['md'],
      render: (_, r) => (
        <Flex vertical gap={4} align="flex-start">
          <UrgencyTag urgency={r.urgency} greenCategory={r.greenCategory} />
          <EnumTag ns="referralDirection" value={r.direction} />
        </Flex>
      ),
    },
    {
      title: t('referral.diagnosis'),
      key: 'diagnosis',
      responsive: ['md'],
      render: (_, r) => (
        <span>
          <Typography.Text code>{r.icd10Code}</Typography.Text> {r.diagnosisName}
        </span>
      ),
    },
  ];
  // Where it comes from matters in the inbox, where it goes in the outbox; the office sees both.
  const from: TableColumnsType<Referral>[number] = {
    title: t('referral.from'),
    key: 'from',
    responsive: ['md'],
    render: (_, r) => (
      <span>
        {r.fromInstitutionName}
        <Typography.Text type="secondary"> · {r.referringDoctor}</Typography.Text>
      </span>
    ),
  };
  const to: TableColumnsType<Referral>[number] = {
    title: t('referral.to'),
    key: 'to',
    responsive: ['md'],
    render: (_, r) => (
      <span>
        {r.toInstitutionName}
        {r.toDepartmentName && <Typography.Text type="secondary"> · {r.toDepartmentName}</Typography.Text>}
      </span>
    ),
  };
  const toDepartment: TableColumnsType<Referral>[number] = {
    title: t('common.department'),
    dataIndex: 'toDepartmentName',
    responsive: ['xl'],
  };
  columns.push(...(box === 'inbox' ? [from, toDepartment] : box === 'outbox' ? [to] : [from, to]));

  const title =
    box === 'inbox'
      ? t('nav.referralInbox')
      : box === 'outbox'
        ? t('nav.referralOutbox')
        : t('nav.referralAll');
  const hint =
    box === 'inbox'
      ? t('referral.inboxHint')
      : box === 'outbox'
        ? t('referral.outboxHint')
        : t('referral.allHint');

  return (
    <>
      <PageHeader
        title={title}
        subtitle={hint}
        extra={
          can('referral.create') &&
          me.institutionId && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/referrals/new')}
              data-testid="create-referral"
            >
              {t('referral.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('referral.searchPlaceholder')}
        filters={
          <>
            <EnumSelect
              ns="referralStatus"
              values={REFERRAL_STATES.filter((s) => box !== 'inbox' || s !== 'draft')}
              value={list.filters.status as ReferralState | undefined}
              onChange={(v) => list.setFilter('status', v)}
              allowClear
              placeholder={t('referral.status')}
              style={{ width: 130 }}
              data-testid="filter-status"
            />
            <EnumSelect
              ns="urgency"
              values={URGENCIES}
              value={list.filters.urgency as Urgency | undefined}
              onChange={(v) => list.setFilter('urgency', v)}
              allowClear
              placeholder={t('referral.urgency')}
              style={{ width: 130 }}
            />
            <EnumSelect
              ns="referralDirection"
              values={REFERRAL_DIRECTIONS}
              value={list.filters.direction as ReferralDirection | undefined}
              onChange={(v) => list.setFilter('direction', v)}
              allowClear
              placeholder={t('referral.direction')}
              style={{ width: 110 }}
            />
            {me.institutionId && box !== 'all' && (
              <DepartmentSelect
                institutionId={me.institutionId}
                value={list.filters.departmentId}
                onChange={(v) => list.setFilter('departmentId', v)}
                placeholder={t('common.department')}
                style={{ width: 170 }}
              />
            )}
            {mobile ? (
              <>
                <DatePicker
                  value={list.filters.from ? dayjs(list.filters.from) : null}
                  onChange={(d) => list.setFilter('from', d ? d.format('YYYY-MM-DD') : undefined)}
                  placeholder={t('referral.fromDate')}
                  inputReadOnly
                />
                <DatePicker
                  value={list.filters.to ? dayjs(list.filters.to) : null}
                  onChange={(d) => list.setFilter('to', d ? d.format('YYYY-MM-DD') : undefined)}
                  placeholder={t('referral.toDate')}
                  inputReadOnly
                />
              </>
            ) : (
              <DatePicker.RangePicker
                value={[
                  list.filters.from ? dayjs(list.filters.from) : null,
                  list.filters.to ? dayjs(list.filters.to) : null,
                ]}
                onChange={(r) =>
                  list.setFilters({
                    from: r?.[0] ? r[0].format('YYYY-MM-DD') : undefined,
                    to: r?.[1] ? r[1].format('YYYY-MM-DD') : undefined,
                  })
                }
                allowEmpty={[true, true]}
                placeholder={[t('referral.fromDate'), t('referral.toDate')]}
                style={{ width: 250 }}
              />
            )}
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Referral>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.urgency === 'green_channel' ? 'referral-row-green' : '')}
        onRow={(r) => ({
          onClick: () => navigate(`/referrals/${r.id}`),
          style: { cursor: 'pointer' },
          ...({ 'data-testid': 'referral-row', 'data-code': r.code } as object),
        })}
        data-testid="referral-table"
      />
    </>
  );
}
