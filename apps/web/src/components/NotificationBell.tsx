import { useState } from 'react';
import { App, Badge, Button, Drawer, Empty, Flex, Segmented, Spin, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import {
  useMarkAllRead,
  useMarkRead,
  useNotifications,
  useNotificationStream,
  type AppNotification,
} from '../api/notifications';
import { useIsMobile } from '../hooks/useIsMobile';
import { formatDateTime } from '../utils/form';
import './NotificationBell.css';
import '../i18n/referral';

/** The app's text for the kinds it knows ('referral.accept' …), else the server's title. */
function titleOf(t: TFunction, n: AppNotification): string {
  return t(`notifications.kinds.${n.kind}`, { defaultValue: n.title });
}

function ago(t: TFunction, at: string): string {
  const minutes = dayjs().diff(dayjs(at), 'minute');
  if (minutes < 1) return t('notifications.justNow');
  if (minutes < 60) return t('notifications.minutesAgo', { count: minutes });
  if (minutes < 24 * 60) return t('notifications.hoursAgo', { count: Math.floor(minutes / 60) });
  return formatDateTime(at);
}

const ALERT_KINDS = ['referral.escalated', 'referral.fail', 'referral.reject'];

/**
 * The bell in the header: unread count, the latest notifications in a drawer, mark read one by
 * one or all, and live arrivals over the server's event stream (shown as a toast too).
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const [onlyUnread, setOnlyUnread] = useState(false);
  // Every page of the list carries the unread count, whichever filter it has.
  const list = useNotifications({ unread: onlyUnread, pageSize: 30 });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unread ?? 0;

  const openItem = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.referralId) {
      setOpen(false);
      navigate(`/referrals/${n.referralId}`);
    }
  };

  useNotificationStream((n) => {
    const key = `notification-${n.id}`;
    const alert = ALERT_KINDS.includes(n.kind);
    notification[alert ? 'warning' : 'info']({
      key,
      title: titleOf(t, n),
      description: n.body,
      placement: mobile ? 'top' : 'topRight',
      duration: alert ? 0 : 6,
      actions: n.referralId ? (
        <Button
          type="primary"
          size="small"
          onClick={() => {
            notification.destroy(key);
            openItem(n);
          }}
        >
          {t('notifications.view')}
        </Button>
      ) : undefined,
    });
  });

  const items = list.data?.items ?? [];
  return (
    <>
      <Button
        type="text"
        onClick={() => setOpen(true)}
        aria-label={t('notifications.open', { count: unread })}
        data-testid="notification-bell"
        data-unread={unread}
        style={{ paddingInline: 8 }}
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        size={mobile ? '100%' : 400}
        styles={{ body: { padding: 0 } }}
        data-testid="notification-drawer"
        extra={
          <Button
            size="small"
            icon={<CheckOutlined />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="notifications-read-all"
          >
            {t('notifications.readAll')}
          </Button>
        }
      >
        <div style={{ padding: '8px 16px', borderBottom: '1px solid #f0f0f0' }}>
          <Segmented
            value={onlyUnread ? 'unread' : 'all'}
            onChange={(v) => setOnlyUnread(v === 'unread')}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: t('notifications.unread', { count: unread }) },
            ]}
          />
        </div>
        <Spin spinning={list.isFetching && !list.data}>
          {items.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('notifications.empty')}
              style={{ padding: 32 }}
            />
          ) : (
            <ul className="notification-list" aria-label={t('notifications.title')}>
              {items.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className={n.readAt ? 'notification-item' : 'notification-item notification-unread'}
                    onClick={() => openItem(n)}
                    data-testid="notification-item"
                    data-kind={n.kind}
                  >
                    <Flex justify="space-between" gap={8}>
                      <Typography.Text
                        strong={!n.readAt}
                        type={ALERT_KINDS.includes(n.kind) ? 'danger' : undefined}
                      >
                        {!n.readAt && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
                        {titleOf(t, n)}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                        {ago(t, n.createdAt)}
                      </Typography.Text>
                    </Flex>
                    {n.body && (
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {n.body}
                      </Typography.Text>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Spin>
      </Drawer>
    </>
  );
}
