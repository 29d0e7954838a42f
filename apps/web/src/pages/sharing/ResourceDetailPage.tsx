import '../../i18n/sharing';
import { useState } from 'react';
import { Alert, Card, DatePicker, Descriptions, Flex, Result, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { isApiError } from '../../api/client';
import { resources, type ResourceSlot } from '../../api/sharing';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { BookingDrawer } from './BookingForm';
import { SharingTag, useSharingLabel } from './parts';
import { closedDay, firstOpenDay, SlotGrid } from './SlotGrid';

/** One resource: its hours and who may book it, a day picker and the day's slots to book from. */
export default function ResourceDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useSharingLabel();
  const { data: r, error, isPending, refetch } = resources.useOne(id);
  // The day is in the address (?date=2026-06-01), so that a day's slots can be linked to.
  const [sp, setSp] = useSearchParams();
  const [slot, setSlot] = useState<ResourceSlot | null>(null);

  if (isPending) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (error && isApiError(error) && error.status === 404)
    return (
      <Result
        status="404"
        title={t('sharing.resource.notFound')}
        extra={<Link to="/resources">{t('sharing.resource.backToList')}</Link>}
      />
    );
  if (!r) return <LoadError error={error} onRetry={() => void refetch()} />;

  const asked = sp.get('date');
  const date = asked && dayjs(asked).isValid() ? dayjs(asked) : firstOpenDay(r.openDays);
  const mayBook =
    can('sharing.book') &&
    !!me.institutionId &&
    r.active &&
    (r.bookableInstitutionIds === null || r.bookableInstitutionIds.includes(me.institutionId));

  return (
    <div data-testid="resource-detail">
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <Link to="/resources" aria-label={t('sharing.resource.backToList')}>
              <ArrowLeftOutlined />
            </Link>
            <span>{r.name}</span>
            <SharingTag ns="resourceType" value={r.type} />
          </Flex>
        }
        subtitle={r.ownerInstitutionName}
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'loc', label: t('sharing.resource.location'), children: r.location ?? '—' },
              {
                key: 'days',
                label: t('sharing.resource.openDays'),
                children: r.openDays.map((d) => label('weekday', d)).join('、'),
              },
              { key: 'hours', label: t('sharing.resource.hours'), children: `${r.openFrom}–${r.openTo}` },
              {
                key: 'slot',
                label: t('sharing.resource.slot'),
                children: t('sharing.resource.slotValue', {
                  minutes: r.slotMinutes,
                  capacity: r.capacityPerSlot,
                }),
              },
              {
                key: 'who',
                label: t('sharing.resource.bookable'),
                children:
                  r.bookableInstitutionIds === null
                    ? t('sharing.resource.allMembers')
                    : t('sharing.resource.someMembers', { count: r.bookableInstitutionIds.length }),
              },
            ]}
          />
        </Card>
        <Card
          size="small"
          title={t('sharing.slots.title')}
          extra={
            <DatePicker
              value={date}
              allowClear={false}
              inputReadOnly={mobile}
              disabledDate={closedDay(r.openDays)}
              onChange={(d) => d && setSp({ date: d.format('YYYY-MM-DD') }, { replace: true })}
              data-testid="slot-day"
            />
          }
        >
          {!r.active && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('sharing.resource.inactive')}
            />
          )}
          {r.active && !mayBook && (
            <Typography.Paragraph type="secondary">{t('sharing.slots.cannotBook')}</Typography.Paragraph>
          )}
          {mayBook && (
            <Typography.Paragraph type="secondary">{t('sharing.slots.pickHint')}</Typography.Paragraph>
          )}
          <SlotGrid
            resourceId={r.id}
            date={date.format('YYYY-MM-DD')}
            value={slot?.start}
            onPick={(s) => (mayBook ? setSlot(s) : undefined)}
          />
        </Card>
      </Flex>
      <BookingDrawer resource={r} slot={slot} onClose={() => setSlot(null)} />
    </div>
  );
}
