import '../../i18n/indicator';
import { App, Button, Flex, Form, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  INDICATOR_GROUPS,
  INDICATOR_SOURCES,
  customIndicatorCreate,
  customIndicatorUpdate,
  type Indicator,
} from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ConsortiumSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, textOrNull, validate } from '../../utils/form';
import { indicators } from './api';
import { IndicatorFields, type IndicatorValues } from './IndicatorFields';
import { IndicatorTag, useIndicatorLabel, useIndicatorName } from './parts';

type Own = Indicator & { id: string };

/** 指标库: the national and computed indicators every consortium shares, and the consortium's own. */
export default function IndicatorListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useIndicatorLabel();
  const name = useIndicatorName();
  const onError = useApiError();
  const list = useListQuery(['source', 'group', 'consortiumId'] as const);
  const consortiumId = me.consortiumId ?? list.filters.consortiumId;
  const { data, isFetching, error, refetch } = indicators.useList({ ...list.params, consortiumId });
  const create = indicators.useCreate();
  const update = indicators.useUpdate();
  const remove = indicators.useRemove();
  const manages = can('indicator.manage') && !!me.consortiumId;
  const [form] = Form.useForm<IndicatorValues>();
  const kind = Form.useWatch('kind', form);
  const editor = useEditor<Own, IndicatorValues>(form, (r) =>
    r
      ? {
          code: r.code,
          nameZh: r.nameZh,
          nameEn: r.nameEn,
          definition: r.definition,
          numerator: r.numerator ?? '',
          denominator: r.denominator ?? '',
          kind: r.kind,
          unit: r.unit,
          factor: r.factor,
          direction: r.direction,
          part: r.part,
        }
      : { kind: 'rate', unit: '%', factor: 100, direction: 'higher_better', part: true },
  );

  const onSubmit = (v: IndicatorValues) => {
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    const common = {
      nameZh: v.nameZh?.trim(),
      nameEn: v.nameEn?.trim(),
      definition: v.definition?.trim(),
      numerator: textOrNull(v.numerator),
      denominator: v.kind === 'rate' ? textOrNull(v.denominator) : null,
      unit: v.unit?.trim() ?? '',
    };
    if (editor.record) {
      const body = validate(form, t, customIndicatorUpdate, changedFields(editor.record, common));
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, customIndicatorCreate, {
        ...common,
        consortiumId: me.consortiumId,
        code: v.code?.trim().toUpperCase(),
        kind: v.kind,
        factor: v.factor ?? 1,
        direction: v.direction,
        part: v.kind === 'rate' ? !!v.part : false,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<Indicator> = [
    { title: t('indicator.field.code'), dataIndex: 'code', width: 120 },
    {
      title: t('indicator.field.name'),
      key: 'name',
      render: (_, r) => (
        <Flex vertical style={{ maxWidth: 420 }}>
          <Typography.Text strong>{name(r)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.definition }}>
            {r.definition}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('indicator.field.group'),
      dataIndex: 'group',
      responsive: ['lg'],
      render: (v) => label('group', v),
    },
    {
      title: t('indicator.field.source'),
      dataIndex: 'source',
      render: (v) => <IndicatorTag ns="source" value={v} />,
    },
    {
      title: t('indicator.field.kind'),
      dataIndex: 'kind',
      responsive: ['md'],
      render: (v) => label('kind', v),
    },
    { title: t('indicator.field.unit'), dataIndex: 'unit', responsive: ['md'] },
    {
      title: t('indicator.field.direction'),
      dataIndex: 'direction',
      responsive: ['lg'],
      render: (v) => label('direction', v),
    },
    {
      title: t('indicator.field.owner'),
      key: 'owner',
      responsive: ['md'],
      render: (_, r) => (r.id ? t('indicator.list.own') : t('indicator.list.library')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        manages && r.id ? (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => editor.openEdit(r as Own)}
            >
              {t('common.edit')}
            </Button>
            <DeleteButton
              name={name(r)}
              onDelete={() => remove.mutateAsync(r.id!)}
              testId="delete-indicator"
            />
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.indicators')}
        subtitle={t('indicator.list.subtitle')}
        extra={
          manages && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-indicator"
            >
              {t('indicator.list.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('indicator.list.searchPlaceholder')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.source}
              onChange={(v) => list.setFilter('source', v)}
              placeholder={t('indicator.field.source')}
              style={{ width: mobile ? '100%' : 140 }}
              options={INDICATOR_SOURCES.map((v) => ({ value: v, label: label('source', v) }))}
              data-testid="filter-source"
            />
            <Select<string>
              allowClear
              value={list.filters.group}
              onChange={(v) => list.setFilter('group', v)}
              placeholder={t('indicator.field.group')}
              style={{ width: mobile ? '100%' : 180 }}
              options={INDICATOR_GROUPS.map((v) => ({ value: v, label: label('group', v) }))}
            />
            {!me.consortiumId && (
              <ConsortiumSelect
                value={list.filters.consortiumId}
                onChange={(v) => list.setFilter('consortiumId', v)}
                placeholder={t('indicator.field.consortium')}
                style={{ width: mobile ? '100%' : 220 }}
              />
            )}
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Indicator>
        rowKey="code"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="indicator-table"
      />
      <FormDrawer<IndicatorValues>
        open={!!editor.editing}
        title={editor.record ? t('indicator.list.edit') : t('indicator.list.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="indicator-form"
      >
        <IndicatorFields editing={!!editor.record} kind={kind} />
      </FormDrawer>
    </>
  );
}
