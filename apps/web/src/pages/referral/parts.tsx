import '../../i18n/referral';
import './referral.css';
import { Tag, Tooltip } from 'antd';
import { AlertOutlined, ClockCircleOutlined, ThunderboltFilled, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { GreenChannelCategory, Referral, ReferralState, Urgency } from '@yilian/domain';
import { useEnumLabel } from '../../components/EnumSelect';
import { useNow } from '../../hooks/useNow';
import { formatDateTime } from '../../utils/form';

/** States in which the receiver has yet to decide: the deadline runs. */
export const AWAITING_DECISION: readonly ReferralState[] = ['requested', 'received'];

/** The green channel is red everywhere: tag, row, form. */
export const GREEN_RED = '#cf1322';

export function UrgencyTag({
  urgency,
  greenCategory,
}: {
  urgency: Urgency;
  greenCategory?: GreenChannelCategory | null;
}) {
  const label = useEnumLabel();
  if (urgency === 'green_channel')
    return (
      <Tag color={GREEN_RED} icon={<ThunderboltFilled />} data-testid="urgency-tag" data-value={urgency}>
        {label('urgency', urgency)}
        {greenCategory ? ` · ${label('greenCategory', greenCategory)}` : ''}
      </Tag>
    );
  return (
    <Tag color={urgency === 'urgent' ? 'orange' : 'default'} data-testid="urgency-tag" data-value={urgency}>
      {label('urgency', urgency)}
    </Tag>
  );
}

/** 2 天 3 小时 / 3 小时 12 分 / 12 分钟 */
export function formatDuration(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return t('referral.duration.daysHours', { days, hours });
  if (hours > 0) return t('referral.duration.hoursMinutes', { hours, minutes: mins });
  return t('referral.duration.minutes', { minutes: Math.max(mins, minutes === 0 ? 0 : 1) });
}

/**
 * The time left for the receiver to accept, or how long it is overdue, and whether the green
 * channel's deadline has been escalated. Nothing once the receiver has decided.
 */
export function DeadlineTag({ referral: r }: { referral: Referral }) {
  const { t } = useTranslation();
  const waiting = AWAITING_DECISION.includes(r.status) && !!r.deadlineAt;
  // Green-channel minutes count: refresh every few seconds, others twice a minute.
  const now = useNow(r.urgency === 'green_channel' ? 5_000 : 30_000);
  if (!waiting && !r.escalatedAt) return null;
  const tags = [];
  if (waiting) {
    const left = dayjs(r.deadlineAt).valueOf() - now;
    const at = t('referral.deadlineAt', { time: formatDateTime(r.deadlineAt) });
    tags.push(
      left > 0 ? (
        <Tooltip key="left" title={at}>
          <Tag
            icon={<ClockCircleOutlined />}
            color={left < 60 * 60_000 || r.urgency === 'green_channel' ? 'warning' : 'processing'}
            data-testid="deadline-left"
          >
            {t('referral.timeLeft', { duration: formatDuration(t, left) })}
          </Tag>
        </Tooltip>
      ) : (
        <Tooltip key="over" title={at}>
          <Tag icon={<WarningOutlined />} color="error" data-testid="deadline-overdue">
            {t('referral.overdue', { duration: formatDuration(t, left) })}
          </Tag>
        </Tooltip>
      ),
    );
  }
  if (r.escalatedAt)
    tags.push(
      <Tooltip key="esc" title={formatDateTime(r.escalatedAt)}>
        <Tag icon={<AlertOutlined />} color="magenta" data-testid="deadline-escalated">
          {t('referral.escalated')}
        </Tag>
      </Tooltip>,
    );
  return <>{tags}</>;
}

/** Whole years between the birth date and today. */
export function ageOf(birthDate: string, at = dayjs()): number {
  return at.diff(dayjs(birthDate), 'year');
}

/** 王建国 · 男 · 46 岁 */
export function usePatientLine() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  return (p: Referral['patient']) =>
    [p.name, label('sex', p.sex), t('referral.age', { age: ageOf(p.birthDate) })].join(' · ');
}
