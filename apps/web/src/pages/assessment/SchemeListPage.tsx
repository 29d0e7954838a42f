import '../../i18n/indicator';
import { App, Button, Form, InputNumber, Select, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { BarChartOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SCHEME_STATES, schemeCreate, schemeUpdate, type AssessmentScheme } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { formatDateTime, validate } from '../../utils/form';
import { indicators, schemes } from '../indicator/api';
import { IndicatorTag, useIndicatorLabel } from '../indicator/parts';
import { SchemeDrawer, type SchemeValues } from './SchemeDrawer';

/** 考核方案: weighted items over the library's indicators, scored by rule, published as a snapshot. */
export default function SchemeListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useIndicatorLabel();
  const onError = useApiError();
  const list = useListQuery(['year', 'state'] as const);
  const { data, isFetching, error, refetch } = schemes.useList(list.params);
  const defs = indicators.useAll(me.consortiumId);
  const create = schemes.useCreate();
  const update = schemes.useUpdate();
  const remove = schemes.useRemove();
  const manages = can('indicator.manage') && !!me.consortiumId;
  const [form] = Form.useForm<SchemeValues>();
  const editor = useEditor<AssessmentScheme, SchemeValues>(form, (r) =>
    r
      ? {
          name: r.name,
          year: r.year,
          items: r.items.map(({ code, weight, rule, target, floor }) => ({
            code,
            weight,
            rule,
            target,
            floor,
          })),
        }
      : { year: new Date().getFullYear(), items: [{ weight: 10, rule: 'linear' }] },
  );

  const onSubmit = (v: SchemeValues) => {
    const items = (v.items ?? []).map((i) => ({
      code: i.code,
      weight: i.weight,
      rule: i.rule,
      target: i.rule === 'policy' ? null : (i.target ?? null),
      floor: i.rule === 'linear' ? (i.floor ?? null) : null,
    }));
    const payload = { name: v.name?.trim(), year: v.year, items };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, schemeUpdate, payload);
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, schemeCreate, { ...payload, consortiumId: me.consortiumId });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<AssessmentScheme> = [
    {
      title: t('indicator.scheme.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Link to={`/assessment/schemes/${r.id}`} data-testid="scheme-link">
          {v}
        </Link>
      ),
    },
    { title: t('indicator.scheme.year'), dataIndex: 'year' },
    {
      title: t('indicator.field.state'),
      dataIndex: 'state',
      render: (v) => <IndicatorTag ns="schemeState" value={v} testId="scheme-state" />,
    },
    {
      title: t('indicator.scheme.items'),
      key: 'items',
      responsive: ['md'],
      render: (_, r) => r.items.length,
    },
    { title: t('indicator.scheme.weightSum'), dataIndex: 'totalWeight', responsive: ['md'] },
    {
      title: t('indicator.scheme.publishedAt'),
      dataIndex: 'publishedAt',
      responsive: ['lg'],
      render: (v: string | null, r) => (v ? `${formatDateTime(v)} ${r.publishedBy ?? ''}` : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size={0} wrap>
          <Link to={`/assessment/schemes/${r.id}`}>
            <Button type="link" size="small" icon={<BarChartOutlined />}>
              {t('indicator.scheme.results')}
            </Button>
          </Link>
          {manages && r.state === 'draft' && (
            <>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(r)}>
                {t('common.edit')}
              </Button>
              <DeleteButton name={r.name} onDelete={() => remove.mutateAsync(r.id)} />
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.assessmentSchemes')}
        subtitle={t('indicator.scheme.subtitle')}
        extra={
          manages && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-scheme"
            >
              {t('indicator.scheme.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        filters={
          <>
            <InputNumber
              min={2000}
              max={2100}
              value={list.filters.year ? Number(list.filters.year) : null}
              onChange={(v) => list.setFilter('year', v ? String(v) : undefined)}
              placeholder={t('indicator.scheme.year')}
              style={{ width: mobile ? '100%' : 110 }}
            />
            <Select<string>
              allowClear
              value={list.filters.state}
              onChange={(v) => list.setFilter('state', v)}
              placeholder={t('indicator.field.state')}
              style={{ width: mobile ? '100%' : 130 }}
              options={SCHEME_STATES.map((v) => ({ value: v, label: label('schemeState', v) }))}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<AssessmentScheme>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="scheme-table"
      />
      <SchemeDrawer
        open={!!editor.editing}
        editing={!!editor.record}
        form={form}
        defs={defs.data ?? []}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
      />
    </>
  );
}
