import {
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  PERIOD_KINDS,
  PLAN_STATUSES,
  planCreate,
  planUpdate,
  type DispatchPlan,
  type Institution,
  type Page,
  type PeriodKind,
} from '@yilian/domain';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, toDate, validate } from '../../utils/form';
import { plans } from './api';
import { DispatchTag, useDispatchLabel } from './parts';

interface Values {
  name?: string;
  horizon?: [Dayjs, Dayjs] | null;
  periodKind?: PeriodKind;
  hostInstitutionIds?: string[];
  continuity?: number;
  fairness?: number;
  timeLimitSeconds?: number;
}

/** 下沉排班: the office's rotation plans over a horizon. */
export default function PlanListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useDispatchLabel();
  const list = useListQuery(['status'] as const);
  const { data, isFetching, error, refetch } = plans.useList(list.params);
  const create = plans.useCreate();
  const update = plans.useUpdate();
  const remove = plans.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const members = useQuery({
    queryKey: ['select', 'members', me.consortiumId],
    queryFn: ({ signal }) =>
      api.get<Page<Institution>>('/institutions', { consortiumId: me.consortiumId, pageSize: 200 }, signal),
    enabled: !!me.consortiumId,
    staleTime: 60_000,
  });
  const editor = useEditor<DispatchPlan, Values>(form, (p) =>
    p
      ? {
          name: p.name,
          horizon: [fromDate(p.horizonStart)!, fromDate(p.horizonEnd)!],
          periodKind: p.periodKind,
          hostInstitutionIds: p.hostInstitutionIds ?? [],
          continuity: p.weights.continuity,
          fairness: p.weights.fairness,
          timeLimitSeconds: p.timeLimitSeconds,
        }
      : {
          periodKind: 'month',
          continuity: 0.5,
          fairness: 0.05,
          timeLimitSeconds: 20,
          hostInstitutionIds: [],
        },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      name: v.name?.trim(),
      horizonStart: toDate(v.horizon?.[0]),
      horizonEnd: toDate(v.horizon?.[1]),
      periodKind: v.periodKind,
      hostInstitutionIds: v.hostInstitutionIds?.length ? v.hostInstitutionIds : null,
      weights: { continuity: v.continuity ?? 0.5, fairness: v.fairness ?? 0.05 },
      timeLimitSeconds: v.timeLimitSeconds,
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, planUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, planCreate, payload);
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<DispatchPlan> = [
    {
      title: t('dispatch.plan.name'),
      key: 'name',
      render: (_, p) => (
        <Link to={`/dispatch/plans/${p.id}`} data-testid="plan-link">
          <Typography.Text strong>{p.name}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('dispatch.plan.horizon'),
      key: 'horizon',
      render: (_, p) => `${p.horizonStart} ~ ${p.horizonEnd}`,
    },
    {
      title: t('dispatch.plan.periodKind'),
      key: 'kind',
      responsive: ['md'],
      render: (_, p) => label('periodKind', p.periodKind),
    },
    {
      title: t('dispatch.plan.status'),
      key: 'status',
      render: (_, p) => <DispatchTag ns="planStatus" value={p.status} />,
    },
    {
      title: t('dispatch.plan.version'),
      key: 'version',
      responsive: ['md'],
      render: (_, p) => (p.currentVersion ? t('dispatch.plan.versionValue', { n: p.currentVersion }) : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, p) =>
        can('dispatch.plan') &&
        (p.status === 'draft' || p.status === 'solved') && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(p)}>
              {t('common.edit')}
            </Button>
            <DeleteButton name={p.name} onDelete={() => remove.mutateAsync(p.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('dispatch.plan.title')}
        extra={
          can('dispatch.plan') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-plan"
            >
              {t('dispatch.plan.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        filters={
          <Select<string>
            allowClear
            value={list.filters.status}
            onChange={(v) => list.setFilter('status', v)}
            placeholder={t('dispatch.plan.status')}
            style={{ width: mobile ? '100%' : 140 }}
            options={PLAN_STATUSES.map((s) => ({ value: s, label: label('planStatus', s) }))}
          />
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<DispatchPlan>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="plan-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.plan.edit') : t('dispatch.plan.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="plan-form"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name="name"
              label={t('dispatch.plan.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="horizon" label={t('dispatch.plan.horizon')} rules={[{ required: true }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="periodKind" label={t('dispatch.plan.periodKind')} rules={[{ required: true }]}>
              <Select options={PERIOD_KINDS.map((k) => ({ value: k, label: label('periodKind', k) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="hostInstitutionIds"
              label={t('dispatch.plan.sites')}
              extra={t('dispatch.plan.sitesHint')}
            >
              <Select
                mode="multiple"
                optionFilterProp="label"
                loading={members.isFetching}
                options={(members.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="continuity" label={t('dispatch.plan.continuity')}>
              <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="fairness" label={t('dispatch.plan.fairness')}>
              <InputNumber min={0} max={10} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="timeLimitSeconds" label={t('dispatch.plan.timeLimit')}>
              <InputNumber min={1} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
