import '../../i18n/personnel';
import { Button, DatePicker, Select, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ACTIVITY_KINDS, type ActivityKind } from '@yilian/domain';
import { buildUrl } from '../../api/client';
import { currentLanguage } from '../../i18n';
import type { ListQuery } from '../../hooks/useListQuery';

// Pieces shared by the activity, summary and figures pages (and the training pages' export).

const KIND_COLORS: Record<ActivityKind, string> = {
  clinic: 'blue',
  ward_round: 'cyan',
  lecture: 'purple',
  surgery_demo: 'volcano',
  case_discussion: 'gold',
  teaching: 'green',
};

export function ActivityKindTag({ kind }: { kind: ActivityKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLORS[kind]}>{t(`personnel.activityKind.${kind}`)}</Tag>;
}

export function KindSelect({
  value,
  onChange,
  width,
}: {
  value?: string;
  onChange: (v: string | undefined) => void;
  width: number | string;
}) {
  const { t } = useTranslation();
  return (
    <Select<string>
      allowClear
      value={value}
      onChange={onChange}
      placeholder={t('personnel.common.kind')}
      style={{ width }}
      options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`personnel.activityKind.${k}`) }))}
      data-testid="kind-filter"
    />
  );
}

/** A from–to filter kept in the list's URL parameters. */
export function PeriodFilter<F extends string>({
  list,
  mobile,
}: {
  list: ListQuery<F | 'from' | 'to'>;
  mobile: boolean;
}) {
  const from = list.filters['from' as F];
  const to = list.filters['to' as F];
  return (
    <DatePicker.RangePicker
      value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
      inputReadOnly={mobile}
      allowEmpty={[true, true]}
      style={{ width: mobile ? '100%' : 260 }}
      onChange={(v) =>
        list.setFilters({
          from: v?.[0]?.format('YYYY-MM-DD') ?? undefined,
          to: v?.[1]?.format('YYYY-MM-DD') ?? undefined,
        } as never)
      }
    />
  );
}

/** A link that downloads an xlsx in the current language, with the list's filters. */
export function XlsxLink({
  path,
  query,
  testId,
}: {
  path: string;
  query?: Record<string, string | number | undefined>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const params = { ...query, page: undefined, pageSize: undefined, lang: currentLanguage() };
  return (
    <Button icon={<DownloadOutlined />} href={buildUrl(path, params)} data-testid={testId}>
      {t('personnel.common.exportXlsx')}
    </Button>
  );
}
