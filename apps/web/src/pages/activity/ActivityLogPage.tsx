import '../../i18n/personnel';
import { useState } from 'react';
import { Button, Checkbox, Flex, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ExpertActivity } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useActivityList, useDeleteActivity } from './api';
import { ActivityForm } from './ActivityForm';
import { ActivityKindTag, KindSelect, PeriodFilter, XlsxLink } from './parts';

/**
 * 驻点工作记录: an expert sees and logs their own work (the list opens on "mine"); the host site
 * and the offices see every expert's entries, filtered by kind, site and period.
 */
export default function ActivityLogPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const records = can('activity.record');
  const list = useListQuery(['kind', 'hostInstitutionId', 'from', 'to', 'all'] as const);
  const mine = records && list.filters.all !== 'true';
  const params = { ...list.params, all: undefined, mine: mine ? 'true' : undefined };
  const { data, isFetching, error, refetch } = useActivityList(params);
  const remove = useDeleteActivity();
  const [editing, setEditing] = useState<{ record: ExpertActivity | null } | null>(null);

  const unit = (a: ExpertActivity) => `${a.count} ${t(`personnel.activityUnit.${a.kind}`)}`;
  const columns: TableColumnsType<ExpertActivity> = [
    {
      title: t('personnel.common.date'),
      key: 'entry',
      render: (_, a) => (
        <Flex vertical gap={2}>
          <Space size={4} wrap>
            <Typography.Text strong>{a.activityDate}</Typography.Text>
            <ActivityKindTag kind={a.kind} />
          </Space>
          {mobile && <Typography.Text>{unit(a)}</Typography.Text>}
          {(a.procedureName || a.topic) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.procedureName ?? a.topic}
            </Typography.Text>
          )}
          {mobile && !mine && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.staffName} · {a.hostInstitutionName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('personnel.activity.count'), key: 'count', responsive: ['md'], render: (_, a) => unit(a) },
    { title: t('personnel.common.expert'), dataIndex: 'staffName', responsive: ['md'] },
    { title: t('personnel.common.host'), dataIndex: 'hostInstitutionName', responsive: ['lg'] },
    { title: t('personnel.common.batch'), dataIndex: 'batchName', responsive: ['lg'] },
    {
      title: t('personnel.common.note'),
      dataIndex: 'note',
      responsive: ['lg'],
      render: (v: string | null) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, a) =>
        a.editable && (
          <Space size={0}>
            <Button
              type="link"
              icon={<EditOutlined />}
              onClick={() => setEditing({ record: a })}
              aria-label={t('common.edit')}
            />
            <DeleteButton onDelete={() => remove.mutateAsync(a.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t(mine ? 'personnel.activity.mineTitle' : 'personnel.activity.title')}
        extra={
          <>
            {records && (
              <Button
                type="primary"
                size="large"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ record: null })}
                block={mobile}
                data-testid="record-activity"
              >
                {t('personnel.activity.record')}
              </Button>
            )}
            {!mobile && <XlsxLink path="/activities/export" query={params} testId="activity-export" />}
          </>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('personnel.activity.search')}
        filters={
          <>
            {records && (
              <Checkbox
                checked={mine}
                onChange={(e) => list.setFilter('all', e.target.checked ? undefined : 'true')}
                data-testid="mine-toggle"
              >
                {t('personnel.activity.mine')}
              </Checkbox>
            )}
            <KindSelect
              value={list.filters.kind}
              onChange={(v) => list.setFilter('kind', v)}
              width={mobile ? '100%' : 150}
            />
            {!mine && (
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                value={list.filters.hostInstitutionId}
                onChange={(v) => list.setFilter('hostInstitutionId', v)}
                placeholder={t('personnel.common.host')}
                style={{ width: mobile ? '100%' : 200 }}
              />
            )}
            <PeriodFilter list={list} mobile={mobile} />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<ExpertActivity>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="activity-table"
      />
      <ActivityForm open={!!editing} record={editing?.record ?? null} onClose={() => setEditing(null)} />
    </>
  );
}
