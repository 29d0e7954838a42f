import { useState } from 'react';
import { App, Button, Card, Flex, Modal, QRCode, Space, Table, Typography } from 'antd';
import { CheckOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '@yilian/domain';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { GovTag } from '../ledger/parts';
import { useCheckInCode, useMeetingWrite } from './api';

const CHECK_IN_MINUTES = 10;

/** My answer and my sign-in, for an invitee. */
export function MyInvitation({ m }: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const write = useMeetingWrite(m.id);
  const showError = useApiError();
  if (!m.myRsvp) return null;
  const open = m.status === 'planned' || m.status === 'in_progress';
  const answer = (response: 'accepted' | 'declined' | 'tentative') =>
    write.mutate({ path: 'rsvp', body: { response } }, { onError: (e) => showError(e) });
  return (
    <Card size="small" title={t('meeting.myRsvp')} data-testid="my-invitation">
      <Flex gap={8} wrap align="center">
        <GovTag ns="rsvp" value={m.myRsvp} testId="my-rsvp" />
        {open && (
          <Space wrap>
            <Button onClick={() => answer('accepted')} data-testid="rsvp-accept">
              {t('meeting.rsvpAccept')}
            </Button>
            <Button onClick={() => answer('tentative')}>{t('meeting.rsvpTentative')}</Button>
            <Button danger onClick={() => answer('declined')} data-testid="rsvp-decline">
              {t('meeting.rsvpDecline')}
            </Button>
          </Space>
        )}
        {m.mySignedInAt ? (
          <Typography.Text type="success" data-testid="my-signed-in">
            <CheckOutlined /> {t('meeting.signedInAt', { at: formatDateTime(m.mySignedInAt) })}
          </Typography.Text>
        ) : (
          open &&
          m.myRsvp !== 'declined' && (
            <Button
              type="primary"
              onClick={() =>
                write.mutate(
                  { path: 'sign-in', body: {} },
                  {
                    onSuccess: () => void message.success(t('meeting.checkInDone')),
                    onError: (e) => showError(e),
                  },
                )
              }
              data-testid="sign-in-self"
            >
              {t('meeting.signIn')}
            </Button>
          )
        )}
      </Flex>
    </Card>
  );
}

/** The door's QR code: a link to the check-in page with a token that lives ten minutes. */
function DoorCode({ id, open, onClose }: { id: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const code = useCheckInCode(id, open);
  const url = code.data ? `${window.location.origin}${code.data.path}` : '';
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('meeting.qr')} destroyOnHidden>
      <Flex vertical align="center" gap={12}>
        <QRCode
          value={url || '-'}
          status={code.isFetching && !url ? 'loading' : 'active'}
          size={260}
          data-testid="door-qr"
        />
        <Typography.Text type="secondary">
          {t('meeting.qrHint', { minutes: CHECK_IN_MINUTES })}
        </Typography.Text>
        {url && (
          <Typography.Text
            copyable={{ text: url }}
            style={{ fontSize: 12 }}
            data-testid="door-url"
            data-url={url}
          >
            {code.data && formatDateTime(code.data.expiresAt)}
          </Typography.Text>
        )}
      </Flex>
    </Modal>
  );
}

/** Who was invited, what they answered, and who signed in how; the organiser ticks people present. */
export function Attendance({ m }: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const write = useMeetingWrite(m.id);
  const showError = useApiError();
  const [qr, setQr] = useState(false);
  const signing = m.status === 'planned' || m.status === 'in_progress';
  return (
    <Card
      size="small"
      title={`${t('meeting.attendance')} · ${t('meeting.invitedCount', { invited: m.invited, accepted: m.accepted, signedIn: m.signedIn })}`}
      extra={
        m.canManage &&
        signing && (
          <Button icon={<QrcodeOutlined />} onClick={() => setQr(true)} data-testid="show-qr">
            {t('meeting.showQr')}
          </Button>
        )
      }
    >
      <Table
        rowKey="userId"
        size="small"
        pagination={false}
        dataSource={m.invitations}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('meeting.invitees'), dataIndex: 'displayName' },
          { title: t('common.institution'), dataIndex: 'institutionName', responsive: ['md'] },
          { title: t('meeting.myRsvp'), dataIndex: 'rsvp', render: (v) => <GovTag ns="rsvp" value={v} /> },
          {
            title: t('meeting.signIn'),
            key: 'signIn',
            render: (_, i) =>
              i.signedInAt ? (
                <span>
                  {formatDateTime(i.signedInAt)} <GovTag ns="signInMethod" value={i.signInMethod} />
                </span>
              ) : m.canManage && (signing || m.status === 'held') ? (
                <Button
                  size="small"
                  onClick={() =>
                    write.mutate(
                      { path: 'attendance', body: { userId: i.userId } },
                      { onError: (e) => showError(e) },
                    )
                  }
                  data-testid="mark-present"
                >
                  {t('meeting.markPresent')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <DoorCode id={m.id} open={qr} onClose={() => setQr(false)} />
    </Card>
  );
}
