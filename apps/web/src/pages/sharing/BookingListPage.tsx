import '../../i18n/sharing';
import { Button, Flex, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { BOOKING_STATES, type ResourceBooking } from '@yilian/domain';
import { useBookingList, type BookingBox } from '../../api/sharing';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { BookingActions } from './BookingActions';
import { SharingTag, usePatientLine, useSharingLabel } from './parts';

/** 预约检查 (booked by my institution) or 我院设备预约 (at my institution's equipment). */
export default function BookingListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useSharingLabel();
  const patientLine = usePatientLine();
  const box: BookingBox = useLocation().pathname.endsWith('/at-ours')
    ? 'at_our_resources'
    : 'requested_by_us';
  const list = useListQuery(['status'] as const, { fixed: { box } });
  const { data, isFetching, error, refetch } = useBookingList(list.params);

  const columns: TableColumnsType<ResourceBooking> = [
    {
      title: t('sharing.booking.patient'),
      key: 'patient',
      render: (_, b) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{patientLine(b.patient)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {b.examCode} {b.examName}
          </Typography.Text>
          {mobile && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {dayjs(b.slotStart).format('MM-DD HH:mm')} · {b.resourceName}
            </Typography.Text>
          )}
          {mobile && <SharingTag ns="bookingStatus" value={b.status} />}
        </Flex>
      ),
    },
    {
      title: t('sharing.booking.slotStart'),
      dataIndex: 'slotStart',
      responsive: ['md'],
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
    {
      title: t('sharing.booking.resource'),
      key: 'resource',
      responsive: ['md'],
      render: (_, b) => (
        <span>
          {b.resourceName}
          <Typography.Text type="secondary">
            {' '}
            · {box === 'at_our_resources' ? b.requestingInstitutionName : b.ownerInstitutionName}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('sharing.booking.status'),
      dataIndex: 'status',
      responsive: ['md'],
      render: (_, b) => (
        <Flex vertical gap={2} align="flex-start">
          <SharingTag ns="bookingStatus" value={b.status} testId="booking-status" />
          {b.cancelReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {b.cancelReason}
            </Typography.Text>
          )}
          {b.resultSummary && (
            <Typography.Text style={{ fontSize: 12, maxWidth: 260 }} ellipsis={{ tooltip: b.resultSummary }}>
              {b.resultSummary}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('common.actions'), key: 'actions', render: (_, b) => <BookingActions booking={b} /> },
  ];

  return (
    <>
      <PageHeader
        title={t(box === 'at_our_resources' ? 'nav.sharingAtOurs' : 'nav.sharingBookings')}
        extra={
          box === 'requested_by_us' &&
          can('sharing.book') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/resources')}
              data-testid="new-booking"
            >
              {t('sharing.booking.new')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('sharing.booking.searchPlaceholder')}
        filters={
          <Select<string>
            allowClear
            value={list.filters.status}
            onChange={(v) => list.setFilter('status', v)}
            placeholder={t('sharing.booking.status')}
            style={{ width: mobile ? '100%' : 140 }}
            options={BOOKING_STATES.map((s) => ({ value: s, label: label('bookingStatus', s) }))}
          />
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<ResourceBooking>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="booking-table"
      />
    </>
  );
}
