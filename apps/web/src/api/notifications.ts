import { useEffect, useRef } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '@yilian/domain';
import { API_BASE, api } from './client';
import { FOLLOW_UPS_KEY, REFERRALS_KEY } from './referrals';

/** One row of the in-app notification centre (GET /notifications). */
export interface AppNotification {
  id: string;
  /** 'referral.submit', 'referral.accept', … 'referral.escalated' */
  kind: string;
  /** Written by the server in Chinese; the app shows its own text for the kinds it knows. */
  title: string;
  body: string | null;
  referralId: string | null;
  createdAt: string;
  readAt: string | null;
}
export type NotificationPage = Page<AppNotification> & { unread: number };

export const NOTIFICATIONS_KEY = 'notifications';

export function useNotifications(params: { unread?: boolean; pageSize?: number } = {}) {
  return useQuery({
    queryKey: [NOTIFICATIONS_KEY, params],
    queryFn: ({ signal }) =>
      api.get<NotificationPage>(
        '/notifications',
        { unread: params.unread ? 'true' : undefined, pageSize: params.pageSize ?? 20 },
        signal,
      ),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AppNotification>(`/notifications/${id}/read`),
    onSettled: () => qc.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY] }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ updated: number }>('/notifications/read-all'),
    onSettled: () => qc.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY] }),
  });
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * Listens to the live stream (Server-Sent Events) while mounted. Each notification refreshes the
 * notification centre and every cached referral list, referral and follow-up list, then goes to
 * `onNotification` (a toast). EventSource reconnects by itself after a dropped connection; when the
 * server refuses the stream (the browser then gives up, readyState CLOSED) we reconnect with a
 * growing delay, and refetch the notifications, which also notices an expired session.
 */
export function useNotificationStream(onNotification: (n: AppNotification) => void) {
  const qc = useQueryClient();
  const handler = useRef(onNotification);
  handler.current = onNotification;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_MIN_MS;
    let stopped = false;

    const refresh = () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY] }),
        qc.invalidateQueries({ queryKey: [REFERRALS_KEY] }),
        qc.invalidateQueries({ queryKey: [FOLLOW_UPS_KEY] }),
      ]);

    const connect = () => {
      if (stopped) return;
      source = new EventSource(`${API_BASE}/notifications/stream`, { withCredentials: true });
      source.onopen = () => {
        // Whatever arrived while the stream was down is fetched now.
        if (delay > RETRY_MIN_MS) void refresh();
        delay = RETRY_MIN_MS;
      };
      source.addEventListener('notification', (e) => {
        void refresh();
        try {
          handler.current(JSON.parse((e as MessageEvent<string>).data) as AppNotification);
        } catch {
          // a malformed event: the refetch above still shows it
        }
      });
      source.onerror = () => {
        if (!source || source.readyState !== EventSource.CLOSED) return; // the browser retries
        source.close();
        source = null;
        void qc.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY] });
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [qc]);
}
