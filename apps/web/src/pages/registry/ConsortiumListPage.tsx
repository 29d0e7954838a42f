import { useState } from 'react';
import { Button, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CONSORTIUM_KINDS, type Consortium, type ConsortiumKind } from '@yilian/domain';
import { consortia } from '../../api/registry';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag } from '../../components/EnumSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RegionSelect } from '../../components/RemoteSelect';
import { useCan } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { ConsortiumFormDrawer } from './ConsortiumFormDrawer';

export default function ConsortiumListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const list = useListQuery(['kind', 'regionCode'] as const);
  const { data, isFetching, error, refetch } = consortia.useList(list.params);
  const remove = consortia.useRemove();
  const [editing, setEditing] = useState<{ record: Consortium | null } | null>(null);

  const canCreate = can('consortium.create');
  const canManage = can('consortium.manage');

  const columns: TableColumnsType<Consortium> = [
    {
      title: t('consortium.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Link to={`/consortia/${c.id}`} data-testid="consortium-link">
          {name}
        </Link>
      ),
    },
    { title: t('consortium.code'), dataIndex: 'code', responsive: ['lg'] },
    {
      title: t('consortium.kind'),
      dataIndex: 'kind',
      render: (k: ConsortiumKind) => <EnumTag ns="consortiumKind" value={k} />,
    },
    {
      title: t('common.region'),
      dataIndex: 'regionName',
      responsive: ['md'],
      render: (n: string | null, c) => n ?? c.regionCode,
    },
    {
      title: t('consortium.memberCount'),
      dataIndex: 'memberCount',
      align: 'right',
      responsive: ['sm'],
    },
    { title: t('consortium.establishedOn'), dataIndex: 'establishedOn', responsive: ['lg'] },
  ];
  if (canManage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ record: c })}>
            {t('common.edit')}
          </Button>
          {canCreate && <DeleteButton name={c.name} onDelete={() => remove.mutateAsync(c.id)} />}
        </Space>
      ),
    });

  return (
    <>
      <PageHeader
        title={t('nav.consortia')}
        extra={
          canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ record: null })}
              data-testid="create-consortium"
            >
              {t('consortium.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('consortium.searchPlaceholder')}
        filters={
          <>
            <EnumSelect
              ns="consortiumKind"
              values={CONSORTIUM_KINDS}
              value={list.filters.kind as ConsortiumKind | undefined}
              onChange={(v) => list.setFilter('kind', v)}
              allowClear
              placeholder={t('consortium.kind')}
              style={{ width: 170 }}
            />
            <RegionSelect
              value={list.filters.regionCode}
              onChange={(v) => list.setFilter('regionCode', v)}
              placeholder={t('common.regionPlaceholder')}
              style={{ width: 200 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Consortium>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <ConsortiumFormDrawer
        open={!!editing}
        record={editing?.record ?? null}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
