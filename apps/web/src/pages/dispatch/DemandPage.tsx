import {
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Rate,
  Row,
  Select,
  Space,
  Table,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  DISPATCH_ROLES,
  demandCreate,
  demandUpdate,
  type DispatchDemand,
  type DispatchRole,
} from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, textOrNull, toDate, validate } from '../../utils/form';
import { demands } from './api';
import { DispatchTag, useDispatchLabel } from './parts';

interface Values {
  hostInstitutionId?: string;
  specialty?: string;
  role?: DispatchRole;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  minTitleRank?: number;
  priority?: number;
  count?: number;
  note?: string;
}

const RANKS = [1, 2, 3, 4];

/** 需求申报: what each host site asks for, per specialty and period. */
export default function DemandPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useDispatchLabel();
  const list = useListQuery(['hostInstitutionId', 'from', 'to'] as const);
  const { data, isFetching, error, refetch } = demands.useList(list.params);
  const create = demands.useCreate();
  const update = demands.useUpdate();
  const remove = demands.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const fixedHost = me.role === 'institution_admin' ? me.institutionId : null;
  const manages = (d: DispatchDemand) =>
    can('dispatch.demand') && (me.role !== 'institution_admin' || me.institutionId === d.hostInstitutionId);
  const editor = useEditor<DispatchDemand, Values>(form, (d) =>
    d
      ? { ...d, startDate: fromDate(d.startDate), endDate: fromDate(d.endDate), note: d.note ?? '' }
      : {
          hostInstitutionId: fixedHost ?? undefined,
          role: 'clinical',
          minTitleRank: 2,
          priority: 3,
          count: 1,
        },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      specialty: v.specialty?.trim(),
      role: v.role,
      startDate: toDate(v.startDate),
      endDate: toDate(v.endDate),
      minTitleRank: v.minTitleRank,
      priority: v.priority,
      count: v.count,
      note: textOrNull(v.note),
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, demandUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, demandCreate, {
        ...payload,
        hostInstitutionId: fixedHost ?? v.hostInstitutionId,
      });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<DispatchDemand> = [
    { title: t('dispatch.common.host'), dataIndex: 'hostInstitutionName' },
    { title: t('dispatch.common.specialty'), dataIndex: 'specialty' },
    {
      title: t('dispatch.common.role'),
      key: 'role',
      responsive: ['md'],
      render: (_, d) => <DispatchTag ns="role" value={d.role} />,
    },
    { title: t('dispatch.common.period'), key: 'period', render: (_, d) => `${d.startDate} ~ ${d.endDate}` },
    {
      title: t('dispatch.demand.minTitle'),
      key: 'rank',
      render: (_, d) => label('titleRank', d.minTitleRank),
    },
    { title: t('dispatch.demand.count'), dataIndex: 'count' },
    {
      title: t('dispatch.demand.priority'),
      key: 'priority',
      responsive: ['md'],
      render: (_, d) => <Rate disabled count={5} value={d.priority} style={{ fontSize: 12 }} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) =>
        manages(d) && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(d)}>
              {t('common.edit')}
            </Button>
            <DeleteButton
              name={`${d.hostInstitutionName} ${d.specialty}`}
              onDelete={() => remove.mutateAsync(d.id)}
            />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('dispatch.demand.title')}
        extra={
          can('dispatch.demand') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-demand"
            >
              {t('dispatch.demand.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('dispatch.demand.search')}
        filters={
          <>
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.hostInstitutionId}
              onChange={(v) => list.setFilter('hostInstitutionId', v)}
              placeholder={t('dispatch.common.host')}
              style={{ width: mobile ? '100%' : 200 }}
            />
            <DatePicker.RangePicker
              value={[fromDate(list.filters.from), fromDate(list.filters.to)]}
              onChange={(r) =>
                list.setFilters({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })
              }
              style={{ width: mobile ? '100%' : 260 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<DispatchDemand>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="demand-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.demand.edit') : t('dispatch.demand.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="demand-form"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name="hostInstitutionId"
              label={t('dispatch.common.host')}
              rules={[{ required: true }]}
            >
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                disabled={!!editor.record || !!fixedHost}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="specialty"
              label={t('dispatch.common.specialty')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={40} placeholder="心内科" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="role" label={t('dispatch.common.role')}>
              <Select options={DISPATCH_ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="startDate" label={t('dispatch.common.startDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="endDate" label={t('dispatch.common.endDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="minTitleRank" label={t('dispatch.demand.minTitle')} rules={[{ required: true }]}>
              <Select options={RANKS.map((r) => ({ value: r, label: label('titleRank', r) }))} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="count" label={t('dispatch.demand.count')} rules={[{ required: true }]}>
              <InputNumber min={1} max={50} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="priority"
              label={t('dispatch.demand.priority')}
              extra={t('dispatch.demand.priorityHint')}
              rules={[{ required: true }]}
            >
              <Rate count={5} allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('dispatch.demand.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
