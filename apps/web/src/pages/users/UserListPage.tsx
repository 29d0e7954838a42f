import { App, Button, Col, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  PASSWORD_MIN,
  ROLES,
  roleNeedsConsortium,
  roleNeedsInstitution,
  roleNeedsRegion,
  userCreate,
  userUpdate,
  type Me,
  type Role,
  type User,
} from '@yilian/domain';
import { users } from '../../api/users';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag } from '../../components/EnumSelect';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ConsortiumSelect, InstitutionSelect, RegionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { formatDateTime, textOrNull, textOrUndefined, validate } from '../../utils/form';
import { passwordRule } from '../../utils/password';

interface Values {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  consortiumId: string | null;
  institutionId: string | null;
  regionCode: string | null;
  disabled: boolean;
  note: string;
}

/** Roles an account manager may hand out (the server checks again). */
function assignableRoles(me: Me): readonly Role[] {
  if (me.role === 'platform_admin') return ROLES;
  if (me.role === 'consortium_office') return ROLES.filter(roleNeedsConsortium);
  return ROLES.filter((r) => roleNeedsInstitution(r) || r === 'viewer');
}

export default function UserListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const list = useListQuery(['role', 'consortiumId', 'institutionId'] as const);
  const { data, isFetching, error, refetch } = users.useList(list.params);
  const create = users.useCreate();
  const update = users.useUpdate();
  const remove = users.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const formConsortium = Form.useWatch('consortiumId', form);
  const editor = useEditor<User, Values>(form, (u) =>
    u
      ? { displayName: u.displayName, disabled: u.disabled, password: '', note: '' }
      : {
          role: me.role === 'institution_admin' ? 'clinician' : 'viewer',
          consortiumId: me.consortiumId,
          institutionId: me.role === 'institution_admin' ? me.institutionId : null,
          regionCode: null,
          disabled: false,
        },
  );
  const roles = assignableRoles(me);

  const onSubmit = (v: Values) => {
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    const rec = editor.record;
    if (rec) {
      const changes: Record<string, unknown> = {};
      if (v.displayName?.trim() !== rec.displayName) changes.displayName = v.displayName?.trim();
      if (!!v.disabled !== rec.disabled) changes.disabled = !!v.disabled;
      if (v.password) changes.password = v.password;
      const note = textOrNull(v.note);
      if (note && Object.keys(changes).length > 0) changes.note = note;
      if (Object.keys(changes).length === 0) return editor.close();
      const body = validate(form, t, userUpdate, changes);
      if (!body) return;
      update.mutate({ id: rec.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, userCreate, {
        username: v.username?.trim(),
        displayName: v.displayName?.trim(),
        password: v.password ?? '',
        role: v.role,
        consortiumId: roleNeedsConsortium(v.role) ? (me.consortiumId ?? v.consortiumId ?? undefined) : null,
        institutionId: roleNeedsInstitution(v.role)
          ? ((me.role === 'institution_admin' ? me.institutionId : v.institutionId) ?? undefined)
          : null,
        regionCode: roleNeedsRegion(v.role) ? textOrUndefined(v.regionCode) : null,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const unlock = (u: User) =>
    update.mutate(
      { id: u.id, body: { unlock: true } },
      { onSuccess: () => void message.success(t('user.unlocked')), onError: (e) => onError(e) },
    );

  const columns: TableColumnsType<User> = [
    {
      title: t('user.displayName'),
      dataIndex: 'displayName',
      render: (n: string, u) => (
        <div>
          <div>{n}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.username}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('user.role'), dataIndex: 'role', render: (r: Role) => <EnumTag ns="role" value={r} /> },
    ...(me.consortiumId
      ? []
      : [
          {
            title: t('common.consortium'),
            dataIndex: 'consortiumName',
            responsive: ['lg'],
          } as TableColumnsType<User>[number],
        ]),
    { title: t('common.institution'), dataIndex: 'institutionName', responsive: ['md'] },
    {
      title: t('user.status'),
      key: 'status',
      render: (_, u) => (
        <Space size={4} wrap>
          {u.disabled && <Tag color="default">{t('user.disabled')}</Tag>}
          {u.locked && <Tag color="red">{t('user.locked')}</Tag>}
          {!u.disabled && !u.locked && <Tag color="green">{t('user.normal')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('user.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      responsive: ['lg'],
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(u)}>
            {t('common.edit')}
          </Button>
          {u.locked && (
            <Button type="link" size="small" icon={<UnlockOutlined />} onClick={() => unlock(u)}>
              {t('user.unlock')}
            </Button>
          )}
          {u.id !== me.id && <DeleteButton name={u.displayName} onDelete={() => remove.mutateAsync(u.id)} />}
        </Space>
      ),
    },
  ];

  const isEdit = !!editor.record;
  const effRole: Role | undefined = isEdit ? editor.record!.role : role;

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={editor.openCreate}
            data-testid="create-user"
          >
            {t('user.create')}
          </Button>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('user.searchPlaceholder')}
        filters={
          <>
            <EnumSelect
              ns="role"
              values={ROLES}
              value={list.filters.role as Role | undefined}
              onChange={(v) => list.setFilter('role', v)}
              allowClear
              placeholder={t('user.role')}
              style={{ width: 150 }}
            />
            {!me.consortiumId && (
              <ConsortiumSelect
                value={list.filters.consortiumId}
                onChange={(v) => list.setFilters({ consortiumId: v, institutionId: undefined })}
                placeholder={t('common.consortium')}
                style={{ width: 200 }}
              />
            )}
            {me.role !== 'institution_admin' && (
              <InstitutionSelect
                consortiumId={list.filters.consortiumId ?? me.consortiumId ?? undefined}
                value={list.filters.institutionId}
                onChange={(v) => list.setFilter('institutionId', v)}
                placeholder={t('common.institution')}
                style={{ width: 200 }}
              />
            )}
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<User>
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
        title={isEdit ? t('user.edit') : t('user.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="user-form"
      >
        <Row gutter={16}>
          {isEdit ? (
            <Col span={24}>
              <Typography.Paragraph>
                <Typography.Text strong>{editor.record!.username}</Typography.Text> ·{' '}
                <EnumTag ns="role" value={editor.record!.role} />
                {editor.record!.institutionName ?? editor.record!.consortiumName ?? ''}
              </Typography.Paragraph>
            </Col>
          ) : (
            <Col xs={24} md={12}>
              <Form.Item
                name="username"
                label={t('user.username')}
                rules={[{ required: true }]}
                extra={t('user.usernameHint')}
              >
                <Input autoComplete="off" autoCapitalize="none" maxLength={64} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          {!isEdit && (
            <Col xs={24} md={12}>
              <Form.Item name="role" label={t('user.role')} rules={[{ required: true }]}>
                <EnumSelect ns="role" values={roles} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item
              name="password"
              label={isEdit ? t('user.resetPassword') : t('user.initialPassword')}
              dependencies={isEdit ? [] : ['username']}
              rules={[
                ...(isEdit ? [] : [{ required: true }]),
                passwordRule(t, () => editor.record?.username ?? form.getFieldValue('username')),
              ]}
              extra={isEdit ? t('user.resetPasswordHint') : t('password.rule', { min: PASSWORD_MIN })}
            >
              <Input.Password autoComplete="new-password" maxLength={256} />
            </Form.Item>
          </Col>
          {!isEdit && effRole && roleNeedsConsortium(effRole) && !me.consortiumId && (
            <Col xs={24} md={12}>
              <Form.Item name="consortiumId" label={t('common.consortium')} rules={[{ required: true }]}>
                <ConsortiumSelect onChange={() => form.setFieldValue('institutionId', null)} />
              </Form.Item>
            </Col>
          )}
          {!isEdit && effRole && roleNeedsInstitution(effRole) && (
            <Col xs={24} md={12}>
              <Form.Item name="institutionId" label={t('common.institution')} rules={[{ required: true }]}>
                <InstitutionSelect
                  consortiumId={me.consortiumId ?? formConsortium ?? undefined}
                  disabled={me.role === 'institution_admin'}
                />
              </Form.Item>
            </Col>
          )}
          {!isEdit && effRole && roleNeedsRegion(effRole) && (
            <Col xs={24} md={12}>
              <Form.Item name="regionCode" label={t('user.region')} rules={[{ required: true }]}>
                <RegionSelect placeholder={t('common.regionPlaceholder')} />
              </Form.Item>
            </Col>
          )}
          {isEdit && (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="disabled" label={t('user.disabled')} valuePropName="checked">
                  <Switch disabled={editor.record!.id === me.id} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="note" label={t('user.note')} extra={t('user.noteHint')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
      </FormDrawer>
    </>
  );
}
