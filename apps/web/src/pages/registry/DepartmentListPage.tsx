import { App, Button, Col, Form, Input, Row, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  DEPARTMENT_KINDS,
  departmentCreate,
  departmentUpdate,
  type Department,
  type DepartmentKind,
} from '@yilian/domain';
import { departments } from '../../api/registry';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag } from '../../components/EnumSelect';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ConsortiumSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, textOrNull, validate } from '../../utils/form';

interface Values {
  institutionId: string;
  name: string;
  kind: DepartmentKind;
  phone: string;
}

export default function DepartmentListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const list = useListQuery(['institutionId', 'consortiumId', 'kind'] as const);
  const { data, isFetching, error, refetch } = departments.useList(list.params);
  const create = departments.useCreate();
  const update = departments.useUpdate();
  const remove = departments.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const editor = useEditor<Department, Values>(form, (d) =>
    d
      ? { institutionId: d.institutionId, name: d.name, kind: d.kind, phone: d.phone ?? '' }
      : {
          institutionId: list.filters.institutionId ?? me.institutionId ?? undefined,
          kind: 'clinical',
        },
  );
  // An institution administrator works in their own institution only.
  const fixedInstitution = me.role === 'institution_admin' ? me.institutionId : null;

  const onSubmit = (v: Values) => {
    const payload = { name: v.name?.trim(), kind: v.kind, phone: textOrNull(v.phone) };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, departmentUpdate, changedFields(editor.record, payload));
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, departmentCreate, {
        ...payload,
        institutionId: fixedInstitution ?? v.institutionId,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<Department> = [
    { title: t('department.name'), dataIndex: 'name' },
    {
      title: t('department.kind'),
      dataIndex: 'kind',
      render: (k: DepartmentKind) => <EnumTag ns="departmentKind" value={k} />,
    },
    { title: t('common.institution'), dataIndex: 'institutionName', responsive: ['md'] },
    { title: t('department.phone'), dataIndex: 'phone', responsive: ['lg'] },
    {
      title: t('department.staffCount'),
      dataIndex: 'staffCount',
      align: 'right',
      render: (n: number, d) => <Link to={`/staff?departmentId=${d.id}`}>{n}</Link>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) =>
        d.manageable && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(d)}>
              {t('common.edit')}
            </Button>
            <DeleteButton name={d.name} onDelete={() => remove.mutateAsync(d.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.departments')}
        extra={
          can('institution.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-department"
            >
              {t('department.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('department.searchPlaceholder')}
        filters={
          <>
            {!me.consortiumId && (
              <ConsortiumSelect
                value={list.filters.consortiumId}
                onChange={(v) => list.setFilters({ consortiumId: v, institutionId: undefined })}
                placeholder={t('common.consortium')}
                style={{ width: 200 }}
              />
            )}
            <InstitutionSelect
              consortiumId={list.filters.consortiumId ?? me.consortiumId ?? undefined}
              value={list.filters.institutionId}
              onChange={(v) => list.setFilter('institutionId', v)}
              placeholder={t('common.institution')}
              style={{ width: 220 }}
            />
            <EnumSelect
              ns="departmentKind"
              values={DEPARTMENT_KINDS}
              value={list.filters.kind as DepartmentKind | undefined}
              onChange={(v) => list.setFilter('kind', v)}
              allowClear
              placeholder={t('department.kind')}
              style={{ width: 140 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Department>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('department.edit') : t('department.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="department-form"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="institutionId" label={t('common.institution')} rules={[{ required: true }]}>
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                disabled={!!editor.record || !!fixedInstitution}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('department.name')} rules={[{ required: true }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('department.kind')} rules={[{ required: true }]}>
              <EnumSelect ns="departmentKind" values={DEPARTMENT_KINDS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('department.phone')}>
              <Input inputMode="tel" maxLength={21} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
