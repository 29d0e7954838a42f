import { useState } from 'react';
import { App, Button, Col, Form, Input, Row, Space, Switch, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, EyeInvisibleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SEXES, STAFF_TITLES, staffCreate, staffUpdate, type Staff, type StaffTitle } from '@yilian/domain';
import { api } from '../../api/client';
import { staff } from '../../api/registry';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, useEnumLabel } from '../../components/EnumSelect';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ConsortiumSelect, DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, textOrNull, validate } from '../../utils/form';

type Sex = (typeof SEXES)[number];

interface Values {
  institutionId: string;
  departmentId: string | null;
  name: string;
  sex: Sex | null;
  title: StaffTitle;
  specialty: string;
  phone: string;
  practitionerId: string;
  active: boolean;
}

/** The phone exactly as the server sent it: masked (138****5678) unless the reader manages
 *  the institution. This page never asks for the unmasked number. */
function PhoneCell({ s }: { s: Staff }) {
  const { t } = useTranslation();
  if (!s.phone) return null;
  return s.phoneMasked ? (
    <Tooltip title={t('staff.phoneMaskedHint')}>
      <span data-testid="staff-phone" data-masked="true">
        {s.phone} <EyeInvisibleOutlined style={{ color: '#999' }} aria-label={t('staff.phoneMasked')} />
      </span>
    </Tooltip>
  ) : (
    <span data-testid="staff-phone" data-masked="false">
      {s.phone}
    </span>
  );
}

export default function StaffListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const label = useEnumLabel();
  const list = useListQuery(['institutionId', 'consortiumId', 'departmentId', 'title'] as const);
  const { data, isFetching, error, refetch } = staff.useList(list.params);
  const create = staff.useCreate();
  const update = staff.useUpdate();
  const remove = staff.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const formInstitution = Form.useWatch('institutionId', form);
  const editor = useEditor<Staff, Values>(form, (s) =>
    s
      ? {
          institutionId: s.institutionId,
          departmentId: s.departmentId,
          name: s.name,
          sex: s.sex,
          title: s.title,
          specialty: s.specialty ?? '',
          phone: s.phoneMasked ? '' : (s.phone ?? ''),
          practitionerId: s.practitionerId ?? '',
          active: s.active,
        }
      : {
          institutionId: list.filters.institutionId ?? me.institutionId ?? undefined,
          departmentId: list.filters.departmentId ?? null,
          sex: null,
          active: true,
        },
  );
  const fixedInstitution = me.role === 'institution_admin' ? me.institutionId : null;
  // Lists always come masked. Editing loads the one record, which carries the whole phone when
  // the reader manages the institution; if it is still masked, the phone field stays locked.
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const openEdit = async (row: Staff) => {
    setLoadingId(row.id);
    try {
      editor.openEdit(await api.get<Staff>(`/staff/${row.id}`));
    } catch (e) {
      onError(e);
    } finally {
      setLoadingId(null);
    }
  };
  const phoneLocked = !!editor.record?.phoneMasked;

  const onSubmit = (v: Values) => {
    const payload = {
      departmentId: v.departmentId ?? null,
      name: v.name?.trim(),
      sex: v.sex ?? null,
      title: v.title,
      specialty: textOrNull(v.specialty),
      phone: textOrNull(v.phone),
      practitionerId: textOrNull(v.practitionerId),
      active: v.active ?? true,
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const changes = changedFields(editor.record, payload);
      if (editor.record.phoneMasked) delete changes.phone; // never overwrite what we could not see
      const body = validate(form, t, staffUpdate, changes);
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, staffCreate, {
        ...payload,
        institutionId: fixedInstitution ?? v.institutionId,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<Staff> = [
    {
      title: t('staff.name'),
      dataIndex: 'name',
      render: (n: string, s) => (
        <span>
          {n}
          {!s.active && (
            <Tag style={{ marginInlineStart: 6 }} color="default">
              {t('staff.inactive')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('staff.sex'),
      dataIndex: 'sex',
      responsive: ['lg'],
      render: (v: Sex | null) => label('sex', v),
    },
    { title: t('staff.title'), dataIndex: 'title', render: (v: StaffTitle) => label('staffTitle', v) },
    { title: t('staff.specialty'), dataIndex: 'specialty', responsive: ['lg'] },
    { title: t('staff.practitionerId'), dataIndex: 'practitionerId', responsive: ['xl'] },
    { title: t('common.institution'), dataIndex: 'institutionName', responsive: ['md'] },
    { title: t('common.department'), dataIndex: 'departmentName', responsive: ['md'] },
    {
      title: t('staff.phone'),
      dataIndex: 'phone',
      responsive: ['sm'],
      render: (_, s) => <PhoneCell s={s} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) =>
        s.manageable && (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              loading={loadingId === s.id}
              onClick={() => void openEdit(s)}
            >
              {t('common.edit')}
            </Button>
            <DeleteButton name={s.name} onDelete={() => remove.mutateAsync(s.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.staff')}
        extra={
          can('institution.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-staff"
            >
              {t('staff.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('staff.searchPlaceholder')}
        filters={
          <>
            {!me.consortiumId && (
              <ConsortiumSelect
                value={list.filters.consortiumId}
                onChange={(v) =>
                  list.setFilters({ consortiumId: v, institutionId: undefined, departmentId: undefined })
                }
                placeholder={t('common.consortium')}
                style={{ width: 200 }}
              />
            )}
            <InstitutionSelect
              consortiumId={list.filters.consortiumId ?? me.consortiumId ?? undefined}
              value={list.filters.institutionId}
              onChange={(v) => list.setFilters({ institutionId: v, departmentId: undefined })}
              placeholder={t('common.institution')}
              style={{ width: 220 }}
            />
            <DepartmentSelect
              institutionId={list.filters.institutionId}
              consortiumId={
                list.filters.institutionId
                  ? undefined
                  : (list.filters.consortiumId ?? me.consortiumId ?? undefined)
              }
              value={list.filters.departmentId}
              onChange={(v) => list.setFilter('departmentId', v)}
              placeholder={t('common.department')}
              style={{ width: 200 }}
            />
            <EnumSelect
              ns="staffTitle"
              values={STAFF_TITLES}
              value={list.filters.title as StaffTitle | undefined}
              onChange={(v) => list.setFilter('title', v)}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('staff.title')}
              style={{ width: 150 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Staff>
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
        title={editor.record ? t('staff.edit') : t('staff.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="staff-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="institutionId" label={t('common.institution')} rules={[{ required: true }]}>
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                disabled={!!editor.record || !!fixedInstitution}
                onChange={() => form.setFieldValue('departmentId', null)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="departmentId" label={t('common.department')}>
              <DepartmentSelect institutionId={formInstitution} disabled={!formInstitution} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('staff.name')} rules={[{ required: true }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="sex" label={t('staff.sex')}>
              <EnumSelect ns="sex" values={SEXES} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('staff.title')} rules={[{ required: true }]}>
              <EnumSelect ns="staffTitle" values={STAFF_TITLES} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="specialty" label={t('staff.specialty')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="phone"
              label={t('staff.phone')}
              extra={phoneLocked ? t('staff.phoneLocked') : undefined}
            >
              <Input
                inputMode="tel"
                maxLength={21}
                autoComplete="off"
                disabled={phoneLocked}
                placeholder={phoneLocked ? (editor.record?.phone ?? '') : undefined}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="practitionerId"
              label={t('staff.practitionerId')}
              extra={t('staff.practitionerIdHint')}
            >
              <Input
                maxLength={30}
                inputMode="numeric"
                autoComplete="off"
                data-testid="staff-practitioner-id"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="active" label={t('staff.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
