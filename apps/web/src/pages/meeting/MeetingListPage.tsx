import '../../i18n/governance';
import { useState } from 'react';
import { Button, Checkbox, Flex, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MEETING_KINDS, MEETING_STATES, type Meeting } from '@yilian/domain';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { formatDateTime } from '../../utils/form';
import { GovTag, useGovLabel } from '../ledger/parts';
import { useMeetingList } from './api';
import { NewMeetingDrawer } from './NewMeetingDrawer';
import { SeriesDrawer } from './SeriesDrawer';

const FILTERS = ['kind', 'status', 'mine'] as const;

/** The consortium's meetings, newest first: search, kind, state, and "only my invitations". */
export default function MeetingListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const label = useGovLabel();
  const list = useListQuery(FILTERS);
  const { data, isFetching, error, refetch } = useMeetingList(list.params);
  const [creating, setCreating] = useState(false);
  const [series, setSeries] = useState(false);

  const columns: TableColumnsType<Meeting> = [
    {
      title: t('meeting.title'),
      key: 'title',
      render: (_, m) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link to={`/meetings/${m.id}`} onClick={(e) => e.stopPropagation()} data-testid="meeting-link">
            <Typography.Text strong>{m.title}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(m.startsAt)} · {label('meetingMode', m.mode)}
            {m.room ? ` · ${m.room}` : ''}
          </Typography.Text>
          {mobile && (
            <Flex wrap gap={4}>
              <GovTag ns="meetingStatus" value={m.status} />
              <GovTag ns="meetingKind" value={m.kind} />
            </Flex>
          )}
        </Flex>
      ),
    },
    {
      title: t('meeting.kind'),
      dataIndex: 'kind',
      responsive: ['md'],
      render: (v) => <GovTag ns="meetingKind" value={v} />,
    },
    {
      title: t('meeting.status'),
      dataIndex: 'status',
      responsive: ['md'],
      render: (v) => <GovTag ns="meetingStatus" value={v} testId="meeting-status" />,
    },
    { title: t('meeting.organizer'), dataIndex: 'organizerInstitutionName', responsive: ['lg'] },
    {
      title: t('meeting.attendance'),
      key: 'attendance',
      responsive: ['lg'],
      render: (_, m) =>
        t('meeting.invitedCount', { invited: m.invited, accepted: m.accepted, signedIn: m.signedIn }),
    },
    {
      title: t('meeting.myRsvp'),
      dataIndex: 'myRsvp',
      responsive: ['md'],
      render: (v) => <GovTag ns="rsvp" value={v} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('meeting.list')}
        extra={
          can('meeting.manage') && (
            <>
              {me.consortiumId && (
                <Button icon={<CalendarOutlined />} onClick={() => setSeries(true)} data-testid="new-series">
                  {t('meeting.newSeries')}
                </Button>
              )}
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="new-meeting"
              >
                {t('meeting.create')}
              </Button>
            </>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('meeting.searchPlaceholder')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.kind}
              onChange={(v) => list.setFilter('kind', v)}
              placeholder={t('meeting.kind')}
              style={{ width: mobile ? '100%' : 140 }}
              options={MEETING_KINDS.map((k) => ({ value: k, label: label('meetingKind', k) }))}
            />
            <Select<string>
              allowClear
              value={list.filters.status}
              onChange={(v) => list.setFilter('status', v)}
              placeholder={t('meeting.status')}
              style={{ width: mobile ? '100%' : 140 }}
              options={MEETING_STATES.map((k) => ({ value: k, label: label('meetingStatus', k) }))}
            />
            <Checkbox
              checked={list.filters.mine === '1'}
              onChange={(e) => list.setFilter('mine', e.target.checked ? '1' : null)}
            >
              {t('meeting.mine')}
            </Checkbox>
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Meeting>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        onRow={(m) => ({ onClick: () => navigate(`/meetings/${m.id}`), style: { cursor: 'pointer' } })}
        data-testid="meeting-table"
      />
      <NewMeetingDrawer open={creating} onClose={() => setCreating(false)} />
      <SeriesDrawer open={series} onClose={() => setSeries(false)} />
    </>
  );
}
