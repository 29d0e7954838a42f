import { App, Button, Col, DatePicker, Form, Input, Row, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { programmeCreate, programmeUpdate, type DispatchProgramme } from '@yilian/domain';
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
import { programmes } from './api';
import './parts';

interface Values {
  sendingInstitutionId?: string;
  hostInstitutionId?: string;
  name?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  description?: string;
}

/** 帮扶项目: which hospital sends experts to which site, and since when. */
export default function ProgrammeListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const list = useListQuery(['sendingInstitutionId', 'hostInstitutionId'] as const);
  const { data, isFetching, error, refetch } = programmes.useList(list.params);
  const create = programmes.useCreate();
  const update = programmes.useUpdate();
  const remove = programmes.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const fixedSender = me.role === 'institution_admin' ? me.institutionId : null;
  const manages = (p: DispatchProgramme) =>
    can('dispatch.manage') &&
    (me.role !== 'institution_admin' || me.institutionId === p.sendingInstitutionId);
  const editor = useEditor<DispatchProgramme, Values>(form, (p) =>
    p
      ? {
          ...p,
          startDate: fromDate(p.startDate),
          endDate: fromDate(p.endDate),
          description: p.description ?? '',
        }
      : { sendingInstitutionId: fixedSender ?? undefined },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      name: v.name?.trim(),
      startDate: toDate(v.startDate),
      endDate: toDate(v.endDate),
      description: textOrNull(v.description),
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, programmeUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, programmeCreate, {
        ...payload,
        sendingInstitutionId: fixedSender ?? v.sendingInstitutionId,
        hostInstitutionId: v.hostInstitutionId,
      });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<DispatchProgramme> = [
    {
      title: t('dispatch.programme.name'),
      key: 'name',
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{p.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.sendingInstitutionName} → {p.hostInstitutionName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('dispatch.common.period'),
      key: 'period',
      responsive: ['md'],
      render: (_, p) => `${p.startDate} ~ ${p.endDate ?? ''}`,
    },
    { title: t('dispatch.programme.batches'), dataIndex: 'batchCount', responsive: ['md'] },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, p) => (
        <Space size={0} wrap>
          <Link to={`/dispatch/batches?programmeId=${p.id}`}>
            <Button type="link" size="small" icon={<TeamOutlined />}>
              {t('dispatch.programme.viewBatches')}
            </Button>
          </Link>
          {manages(p) && (
            <>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(p)}>
                {t('common.edit')}
              </Button>
              <DeleteButton name={p.name} onDelete={() => remove.mutateAsync(p.id)} />
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('dispatch.programme.title')}
        extra={
          can('dispatch.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-programme"
            >
              {t('dispatch.programme.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('dispatch.programme.search')}
        filters={
          <>
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.sendingInstitutionId}
              onChange={(v) => list.setFilter('sendingInstitutionId', v)}
              placeholder={t('dispatch.common.sending')}
              style={{ width: mobile ? '100%' : 200 }}
            />
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.hostInstitutionId}
              onChange={(v) => list.setFilter('hostInstitutionId', v)}
              placeholder={t('dispatch.common.host')}
              style={{ width: mobile ? '100%' : 200 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<DispatchProgramme>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="programme-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.programme.edit') : t('dispatch.programme.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="programme-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="sendingInstitutionId"
              label={t('dispatch.common.sending')}
              rules={[{ required: true }]}
            >
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                disabled={!!editor.record || !!fixedSender}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="hostInstitutionId"
              label={t('dispatch.common.host')}
              rules={[{ required: true }]}
            >
              <InstitutionSelect consortiumId={me.consortiumId ?? undefined} disabled={!!editor.record} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="name"
              label={t('dispatch.programme.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="startDate" label={t('dispatch.common.startDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="endDate" label={t('dispatch.common.endDate')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('dispatch.programme.description')}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
