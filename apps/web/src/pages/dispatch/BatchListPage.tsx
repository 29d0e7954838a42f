import { App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { batchCreate, batchUpdate, type DispatchBatch } from '@yilian/domain';
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
import { batches, programmes } from './api';
import { ProgrammeSelect, StaffSelect } from './parts';

interface Values {
  programmeId?: string;
  number?: number;
  name?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  leaderStaffId?: string | null;
}

/** 派驻批次: the numbered groups of each programme, their period and team leader. */
export default function BatchListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const list = useListQuery(['programmeId', 'activeOn'] as const);
  const { data, isFetching, error, refetch } = batches.useList(list.params);
  const create = batches.useCreate();
  const update = batches.useUpdate();
  const remove = batches.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const programmeId = Form.useWatch('programmeId', form);
  const programme = programmes.useOne(programmeId);
  const manages = (b: DispatchBatch) =>
    can('dispatch.manage') &&
    (me.role !== 'institution_admin' || me.institutionId === b.sendingInstitutionId);
  const editor = useEditor<DispatchBatch, Values>(form, (b) =>
    b
      ? { ...b, startDate: fromDate(b.startDate), endDate: fromDate(b.endDate) }
      : { programmeId: list.filters.programmeId },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      number: v.number,
      name: v.name?.trim(),
      startDate: toDate(v.startDate),
      endDate: toDate(v.endDate),
      leaderStaffId: v.leaderStaffId ?? null,
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, batchUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, batchCreate, { ...payload, programmeId: v.programmeId });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<DispatchBatch> = [
    {
      title: t('dispatch.batch.name'),
      key: 'name',
      render: (_, b) => (
        <Space direction="vertical" size={0}>
          <Link to={`/dispatch/batches/${b.id}`} data-testid="batch-link">
            <Typography.Text strong>{b.name}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dispatch.batch.numberValue', { n: b.number })} · {b.programmeName}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('dispatch.common.host'), dataIndex: 'hostInstitutionName', responsive: ['md'] },
    { title: t('dispatch.common.period'), key: 'period', render: (_, b) => `${b.startDate} ~ ${b.endDate}` },
    { title: t('dispatch.batch.leader'), dataIndex: 'leaderName', responsive: ['lg'] },
    { title: t('dispatch.batch.memberCount'), dataIndex: 'memberCount', responsive: ['md'] },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, b) =>
        manages(b) && (
          <Space size={0} wrap>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(b)}>
              {t('common.edit')}
            </Button>
            <DeleteButton name={b.name} onDelete={() => remove.mutateAsync(b.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('dispatch.batch.title')}
        extra={
          can('dispatch.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-batch"
            >
              {t('dispatch.batch.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('dispatch.batch.search')}
        filters={
          <>
            <ProgrammeSelect
              value={list.filters.programmeId}
              onChange={(v) => list.setFilter('programmeId', v)}
              placeholder={t('dispatch.batch.programme')}
              style={{ width: mobile ? '100%' : 220 }}
            />
            <DatePicker
              value={fromDate(list.filters.activeOn)}
              onChange={(d) => list.setFilter('activeOn', d ? d.format('YYYY-MM-DD') : undefined)}
              placeholder={t('dispatch.batch.activeOn')}
              style={{ width: mobile ? '100%' : 160 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<DispatchBatch>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="batch-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.batch.edit') : t('dispatch.batch.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="batch-form"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="programmeId" label={t('dispatch.batch.programme')} rules={[{ required: true }]}>
              <ProgrammeSelect disabled={!!editor.record} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="number" label={t('dispatch.batch.number')} rules={[{ required: true }]}>
              <InputNumber min={1} max={999} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={16}>
            <Form.Item
              name="name"
              label={t('dispatch.batch.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} placeholder="第四批专家组" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="startDate" label={t('dispatch.common.startDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="endDate" label={t('dispatch.common.endDate')} rules={[{ required: true }]}>
              <DatePicker
                style={{ width: '100%' }}
                inputReadOnly={mobile}
                disabledDate={(d) =>
                  !!form.getFieldValue('startDate') &&
                  d.isBefore(form.getFieldValue('startDate') as Dayjs, 'day')
                }
                defaultPickerValue={dayjs()}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="leaderStaffId" label={t('dispatch.batch.leader')}>
              <StaffSelect institutionId={programme.data?.sendingInstitutionId} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
