import { useState } from 'react';
import { App, Button, Input, Modal, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { MEMBERSHIP_INVITATION_STATES, type MembershipInvitation } from '@yilian/domain';
import { invitations } from '../../api/registry';
import { EnumSelect, EnumTag } from '../../components/EnumSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { InviteModal } from './InviteModal';

type Action = 'accept' | 'decline' | 'withdraw';

/**
 * 入盟邀请: the office sees the invitations it sent and may withdraw an open one; an institution's
 * administrator sees those addressed to its institution and accepts or declines each.
 */
export default function InvitationListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const list = useListQuery(['state'] as const);
  const { data, isFetching, error, refetch } = invitations.useList(list.params);
  const answer = invitations.useAnswer();
  const onError = useApiError();
  const [pending, setPending] = useState<{ inv: MembershipInvitation; action: Action } | null>(null);
  const [note, setNote] = useState('');
  const [inviting, setInviting] = useState(false);
  const answers = (inv: MembershipInvitation) =>
    me.role === 'platform_admin' ||
    (me.role === 'institution_admin' && me.institutionId === inv.institutionId);
  const withdraws = (inv: MembershipInvitation) =>
    me.role === 'platform_admin' || (me.role === 'consortium_office' && me.consortiumId === inv.consortiumId);

  const ask = (inv: MembershipInvitation, action: Action) => {
    setNote('');
    setPending({ inv, action });
  };
  const confirm = () => {
    if (!pending) return;
    answer.mutate(
      { id: pending.inv.id, action: pending.action, note: note.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t(`invitation.done.${pending.action}`));
          setPending(null);
        },
        onError: (e) => onError(e),
      },
    );
  };

  const columns: TableColumnsType<MembershipInvitation> = [
    { title: t('invitation.consortium'), dataIndex: 'consortiumName' },
    {
      title: t('common.institution'),
      dataIndex: 'institutionName',
      render: (n: string, i) => (
        <span>
          {n} <Typography.Text type="secondary">{i.institutionCode}</Typography.Text>
        </span>
      ),
    },
    { title: t('membership.role'), dataIndex: 'role', render: (r) => <EnumTag ns="memberRole" value={r} /> },
    {
      title: t('invitation.state'),
      dataIndex: 'state',
      render: (s: string) => <EnumTag ns="membershipInvitationState" value={s} />,
    },
    {
      title: t('invitation.invitedAt'),
      dataIndex: 'invitedAt',
      responsive: ['md'],
      render: (v: string, i) => `${dayjs(v).format('YYYY-MM-DD HH:mm')} ${i.invitedByName ?? ''}`,
    },
    { title: t('invitation.note'), dataIndex: 'note', responsive: ['lg'] },
    {
      title: t('invitation.answer'),
      key: 'answer',
      responsive: ['lg'],
      render: (_, i) =>
        i.answeredAt ? `${dayjs(i.answeredAt).format('YYYY-MM-DD')} ${i.answerNote ?? ''}` : null,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, i) =>
        i.state === 'pending' && (
          <Space size={0} wrap>
            {answers(i) && (
              <>
                <Button
                  type="link"
                  size="small"
                  icon={<CheckOutlined />}
                  onClick={() => ask(i, 'accept')}
                  data-testid="invitation-accept"
                >
                  {t('invitation.accept')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<CloseOutlined />}
                  onClick={() => ask(i, 'decline')}
                  data-testid="invitation-decline"
                >
                  {t('invitation.decline')}
                </Button>
              </>
            )}
            {withdraws(i) && (
              <Button
                type="link"
                size="small"
                icon={<RollbackOutlined />}
                onClick={() => ask(i, 'withdraw')}
                data-testid="invitation-withdraw"
              >
                {t('invitation.withdraw')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.invitations')}
        subtitle={t(`invitation.pageHint.${me.role}`, t('invitation.pageHint.other'))}
      />
      <ListToolbar
        list={list}
        placeholder={t('invitation.searchPlaceholder')}
        filters={
          <EnumSelect
            ns="membershipInvitationState"
            values={MEMBERSHIP_INVITATION_STATES}
            value={list.filters.state}
            onChange={(v) => list.setFilter('state', v)}
            allowClear
            placeholder={t('invitation.state')}
            style={{ width: 140 }}
          />
        }
        actions={
          me.role === 'consortium_office' &&
          me.consortiumId && (
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              onClick={() => setInviting(true)}
              data-testid="invite-open"
            >
              {t('invitation.invite')}
            </Button>
          )
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<MembershipInvitation>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="invitation-table"
      />
      {me.consortiumId && (
        <InviteModal consortiumId={me.consortiumId} open={inviting} onClose={() => setInviting(false)} />
      )}
      <Modal
        open={!!pending}
        title={
          pending &&
          t(`invitation.confirm.${pending.action}`, {
            consortium: pending.inv.consortiumName,
            institution: pending.inv.institutionName,
          })
        }
        onCancel={() => setPending(null)}
        onOk={confirm}
        okText={pending ? t(`invitation.${pending.action}`) : ''}
        okButtonProps={{ danger: pending?.action !== 'accept', 'data-testid': 'invitation-confirm' } as never}
        cancelText={t('common.cancel')}
        confirmLoading={answer.isPending}
        width={mobile ? '100%' : 480}
      >
        {pending?.action === 'accept' && (
          <Typography.Paragraph>{t('invitation.acceptHint')}</Typography.Paragraph>
        )}
        {pending?.inv.note && (
          <Typography.Paragraph type="secondary">
            {t('invitation.note')}: {pending.inv.note}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('invitation.answerNote')}
        />
      </Modal>
    </>
  );
}
