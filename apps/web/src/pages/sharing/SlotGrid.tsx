import '../../i18n/sharing';
import { Alert, Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useResourceSlots, type ResourceSlot } from '../../api/sharing';

// A resource's hours are China time (openFrom/openTo), so its slots are shown in China time
// wherever the browser is.
const CHINA_HM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
export const chinaTime = (iso: string) => CHINA_HM.format(new Date(iso));

/** The slots of one day: time, booked/capacity; full and past slots cannot be picked. */
export function SlotGrid({
  resourceId,
  date,
  value,
  onPick,
}: {
  resourceId: string;
  date: string;
  value?: string | null;
  onPick: (slot: ResourceSlot) => void;
}) {
  const { t } = useTranslation();
  const { data, isFetching, error } = useResourceSlots(resourceId, date);
  const now = Date.now();
  return (
    <Spin spinning={isFetching}>
      {error && <Alert type="error" showIcon title={t('errors.loadFailed')} />}
      {data && data.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.slots.closed')} />
      )}
      <div className="slot-grid" data-testid="slot-grid">
        {data?.map((s) => {
          const full = s.booked >= s.capacity;
          const past = dayjs(s.start).valueOf() < now;
          const selected = value === s.start;
          return (
            <Button
              key={s.start}
              className={`slot-cell${full ? ' slot-full' : ''}${selected ? ' slot-selected' : ''}`}
              disabled={full || past}
              type={selected ? 'primary' : 'default'}
              ghost={selected}
              onClick={() => onPick(s)}
              data-testid="slot"
              data-full={full || undefined}
              aria-label={t('sharing.slots.aria', {
                from: chinaTime(s.start),
                to: chinaTime(s.end),
                booked: s.booked,
                capacity: s.capacity,
              })}
            >
              <span className="slot-time">
                {chinaTime(s.start)}–{chinaTime(s.end)}
              </span>
              <span className="slot-count">
                {full
                  ? t('sharing.slots.full')
                  : t('sharing.slots.count', { booked: s.booked, capacity: s.capacity })}
              </span>
            </Button>
          );
        })}
      </div>
    </Spin>
  );
}

/** The next days the resource opens, for a day picker's disabledDate. */
export function closedDay(openDays: number[]) {
  return (d: dayjs.Dayjs) => d.isBefore(dayjs(), 'day') || !openDays.includes(((d.day() + 6) % 7) + 1);
}

/** The first open day from today. */
export function firstOpenDay(openDays: number[]): dayjs.Dayjs {
  let d = dayjs();
  for (let i = 0; i < 14; i++) {
    if (openDays.includes(((d.day() + 6) % 7) + 1)) return d;
    d = d.add(1, 'day');
  }
  return dayjs();
}
