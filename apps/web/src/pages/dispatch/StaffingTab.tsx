import { App, Alert, Button, Col, Form, InputNumber, Row, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { staffingCreate, staffingUpdate, type DepartmentStaffing } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, validate } from '../../utils/form';
import { staffing } from './api';

interface Values {
  institutionId?: string;
  departmentId?: string;
  minStaffing?: number | null;
  maxAway?: number | null;
}

/** Home staffing: how many of a department may be away at once (the planner's hard rule). */
export function StaffingTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const list = useListQuery(['institutionId'] as const, { prefix: 's_' });
  const { data, isFetching, error, refetch } = staffing.useList(list.params);
  const create = staffing.useCreate();
  const update = staffing.useUpdate();
  const remove = staffing.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const institutionId = Form.useWatch('institutionId', form);
  const fixedInst = me.role === 'institution_admin' ? me.institutionId : null;
  const manages = (d: DepartmentStaffing) =>
    can('dispatch.manage') && (me.role !== 'institution_admin' || me.institutionId === d.institutionId);
  const editor = useEditor<DepartmentStaffing, Values>(form, (d) =>
    d ? { ...d } : { institutionId: fixedInst ?? undefined },
  );

  const onSubmit = (v: Values) => {
    const payload = { minStaffing: v.minStaffing ?? null, maxAway: v.maxAway ?? null };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, staffingUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, staffingCreate, { ...payload, departmentId: v.departmentId });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<DepartmentStaffing> = [
    {
      title: t('dispatch.expert.department'),
      key: 'dept',
      render: (_, d) => `${d.institutionName} ${d.departmentName}`,
    },
    { title: t('dispatch.expert.staffing.headcount'), dataIndex: 'headcount' },
    { title: t('dispatch.expert.staffing.minStaffing'), dataIndex: 'minStaffing' },
    { title: t('dispatch.expert.staffing.maxAway'), dataIndex: 'maxAway' },
    { title: t('dispatch.expert.staffing.effective'), dataIndex: 'effectiveMaxAway' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) =>
        manages(d) && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(d)}>
              {t('common.edit')}
            </Button>
            <DeleteButton name={d.departmentName} onDelete={() => remove.mutateAsync(d.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <ListToolbar
        list={list}
        filters={
          <InstitutionSelect
            consortiumId={me.consortiumId ?? undefined}
            value={list.filters.institutionId}
            onChange={(v) => list.setFilter('institutionId', v)}
            placeholder={t('dispatch.common.sending')}
            style={{ width: mobile ? '100%' : 220 }}
          />
        }
        actions={
          can('dispatch.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-staffing"
            >
              {t('dispatch.expert.staffing.create')}
            </Button>
          )
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<DepartmentStaffing>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="staffing-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.expert.staffing.edit') : t('dispatch.expert.staffing.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="staffing-form"
      >
        <Alert
          type="info"
          showIcon
          message={t('dispatch.expert.staffing.hint')}
          style={{ marginBottom: 16 }}
        />
        <Row gutter={16}>
          {!editor.record && (
            <>
              <Col xs={24} md={12}>
                <Form.Item
                  name="institutionId"
                  label={t('dispatch.common.sending')}
                  rules={[{ required: true }]}
                >
                  <InstitutionSelect consortiumId={me.consortiumId ?? undefined} disabled={!!fixedInst} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="departmentId"
                  label={t('dispatch.expert.department')}
                  rules={[{ required: true }]}
                >
                  <DepartmentSelect institutionId={institutionId} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={12}>
            <Form.Item name="minStaffing" label={t('dispatch.expert.staffing.minStaffing')}>
              <InputNumber min={0} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="maxAway" label={t('dispatch.expert.staffing.maxAway')}>
              <InputNumber min={0} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
