import { useState } from 'react';
import { App, Button, DatePicker, Form, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, LogoutOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  MEMBER_ROLES,
  membershipCreate,
  membershipUpdate,
  type MemberRole,
  type Membership,
} from '@yilian/domain';
import { invitations, memberships } from '../../api/registry';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag, useEnumLabel, useLevelGrade } from '../../components/EnumSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, toDate, validate } from '../../utils/form';
import { InviteModal } from './InviteModal';

type Mode = { kind: 'add' } | { kind: 'edit'; m: Membership } | { kind: 'leave'; m: Membership };

interface Values {
  institutionId?: string;
  role?: MemberRole;
  joinedOn?: Dayjs | null;
  leftOn?: Dayjs | null;
}

/**
 * The members of one consortium. The office invites (the institution accepts on its own page),
 * changes roles and dates and records a departure; the platform admin may also add directly; an
 * institution's administrator takes its own institution out.
 */
export function MembershipTable({ consortiumId }: { consortiumId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useEnumLabel();
  const levelGrade = useLevelGrade();
  const list = useListQuery(['role', 'active'] as const, { prefix: 'm_' });
  const { data, isFetching, error, refetch } = memberships.useList(consortiumId, list.params);
  const create = memberships.useCreate(consortiumId);
  const update = memberships.useUpdate();
  const remove = memberships.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<Mode | null>(null);
  const canManage = can('consortium.manage');
  const me = useCurrentUser();
  const leaveOwn = invitations.useLeave();
  const [inviting, setInviting] = useState(false);
  const { modal } = App.useApp();
  const ownInstitution = (m: Membership) =>
    me.role === 'institution_admin' && me.institutionId === m.institutionId && m.active;
  const confirmLeave = (m: Membership) =>
    modal.confirm({
      title: t('invitation.leaveTitle', { institution: m.institutionName }),
      content: t('invitation.leaveHint'),
      okText: t('membership.leave'),
      okButtonProps: { danger: true, 'data-testid': 'membership-leave-own-ok' } as never,
      cancelText: t('common.cancel'),
      onOk: () =>
        leaveOwn.mutateAsync({ id: m.id }).then(
          () => void message.success(t('invitation.left')),
          (e: unknown) => onError(e),
        ),
    });

  const open = (m: Mode) => {
    form.resetFields();
    if (m.kind === 'add') form.setFieldsValue({ role: 'member', joinedOn: dayjs() });
    if (m.kind === 'edit')
      form.setFieldsValue({ role: m.m.role, joinedOn: fromDate(m.m.joinedOn), leftOn: fromDate(m.m.leftOn) });
    if (m.kind === 'leave') form.setFieldsValue({ leftOn: dayjs() });
    setMode(m);
  };
  const done = () => {
    void message.success(t('common.saved'));
    setMode(null);
  };

  const onFinish = (v: Values) => {
    if (!mode) return;
    if (mode.kind === 'add') {
      const body = validate(form, t, membershipCreate, {
        institutionId: v.institutionId,
        role: v.role,
        joinedOn: toDate(v.joinedOn) ?? undefined,
      });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
      return;
    }
    const changes =
      mode.kind === 'leave'
        ? { leftOn: toDate(v.leftOn) }
        : changedFields(mode.m, {
            role: v.role,
            joinedOn: toDate(v.joinedOn) ?? undefined,
            leftOn: toDate(v.leftOn),
          });
    const body = validate(form, t, membershipUpdate, changes);
    if (body) update.mutate({ id: mode.m.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
  };

  const columns: TableColumnsType<Membership> = [
    {
      title: t('common.institution'),
      dataIndex: 'institutionName',
      render: (n: string, m) => (
        <span>
          {n}
          {!m.active && <Tag style={{ marginInlineStart: 6 }}>{t('membership.left')}</Tag>}
        </span>
      ),
    },
    {
      title: t('membership.role'),
      dataIndex: 'role',
      render: (r: MemberRole) => <EnumTag ns="memberRole" value={r} />,
    },
    {
      title: t('institution.kind'),
      dataIndex: 'institutionKind',
      responsive: ['lg'],
      render: (k: string) => label('institutionKind', k),
    },
    {
      title: t('institution.levelGrade'),
      key: 'lg',
      responsive: ['md'],
      render: (_, m) => levelGrade(m.institutionLevel, m.institutionGrade),
    },
    { title: t('membership.joinedOn'), dataIndex: 'joinedOn', responsive: ['sm'] },
    { title: t('membership.leftOn'), dataIndex: 'leftOn', responsive: ['lg'] },
  ];
  if (!canManage && me.role === 'institution_admin')
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, m) =>
        ownInstitution(m) && (
          <Button
            type="link"
            size="small"
            danger
            icon={<LogoutOutlined />}
            onClick={() => confirmLeave(m)}
            data-testid="membership-leave-own"
          >
            {t('membership.leave')}
          </Button>
        ),
    });
  if (canManage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, m) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => open({ kind: 'edit', m })}
            data-testid="membership-edit"
          >
            {t('membership.change')}
          </Button>
          {m.active && (
            <Button
              type="link"
              size="small"
              icon={<LogoutOutlined />}
              onClick={() => open({ kind: 'leave', m })}
              data-testid="membership-leave"
            >
              {t('membership.leave')}
            </Button>
          )}
          <DeleteButton name={m.institutionName} onDelete={() => remove.mutateAsync(m.id)} />
        </Space>
      ),
    });

  const title =
    mode?.kind === 'add'
      ? t('membership.add')
      : mode?.kind === 'leave'
        ? t('membership.leaveTitle', { name: mode.m.institutionName })
        : mode
          ? t('membership.changeTitle', { name: mode.m.institutionName })
          : '';

  return (
    <>
      <ListToolbar
        list={list}
        placeholder={t('membership.searchPlaceholder')}
        filters={
          <>
            <EnumSelect
              ns="memberRole"
              values={MEMBER_ROLES}
              value={list.filters.role as MemberRole | undefined}
              onChange={(v) => list.setFilter('role', v)}
              allowClear
              placeholder={t('membership.role')}
              style={{ width: 140 }}
            />
            <Select<string>
              value={list.filters.active}
              onChange={(v) => list.setFilter('active', v)}
              allowClear
              placeholder={t('membership.status')}
              style={{ width: 120 }}
              options={[
                { value: 'true', label: t('membership.current') },
                { value: 'false', label: t('membership.left') },
              ]}
            />
          </>
        }
        actions={
          canManage && (
            <>
              <Button
                type="primary"
                icon={<UserAddOutlined />}
                onClick={() => setInviting(true)}
                data-testid="invite-open"
              >
                {t('invitation.invite')}
              </Button>
              {me.role === 'platform_admin' && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => open({ kind: 'add' })}
                  data-testid="add-member"
                >
                  {t('membership.addDirect')}
                </Button>
              )}
            </>
          )
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Membership>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="membership-table"
      />
      {canManage && (
        <InviteModal consortiumId={consortiumId} open={inviting} onClose={() => setInviting(false)} />
      )}
      <Modal
        open={!!mode}
        title={title}
        onCancel={() => setMode(null)}
        onOk={() => form.submit()}
        okText={mode?.kind === 'leave' ? t('membership.leave') : t('common.save')}
        okButtonProps={{ danger: mode?.kind === 'leave', 'data-testid': 'membership-submit' } as never}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending || update.isPending}
        forceRender
        width={mobile ? '100%' : 480}
      >
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => (create.isPending || update.isPending ? undefined : onFinish(v))}
        >
          {mode?.kind === 'add' && (
            <Form.Item name="institutionId" label={t('common.institution')} rules={[{ required: true }]}>
              <InstitutionSelect placeholder={t('membership.pickInstitution')} />
            </Form.Item>
          )}
          {mode?.kind !== 'leave' && (
            <>
              <Form.Item name="role" label={t('membership.role')} rules={[{ required: true }]}>
                <EnumSelect ns="memberRole" values={MEMBER_ROLES} />
              </Form.Item>
              <Form.Item name="joinedOn" label={t('membership.joinedOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          {(mode?.kind === 'leave' || (mode?.kind === 'edit' && !mode.m.active)) && (
            <Form.Item
              name="leftOn"
              label={t('membership.leftOn')}
              rules={mode.kind === 'leave' ? [{ required: true }] : []}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
          {mode?.kind === 'leave' && (
            <Typography.Paragraph type="secondary">{t('membership.leaveHint')}</Typography.Paragraph>
          )}
        </Form>
      </Modal>
    </>
  );
}
