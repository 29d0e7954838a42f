import { Button, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api/client';
import { currentLanguage } from '../../i18n';

// Small pieces shared by the indicator, assessment and dashboard pages.

export type IndicatorEnumNs =
  'source' | 'group' | 'kind' | 'direction' | 'reportState' | 'schemeState' | 'rule';

export function useIndicatorLabel() {
  const { t } = useTranslation();
  return (ns: IndicatorEnumNs, value: string | null | undefined): string =>
    value ? t(`indicatorEnums.${ns}.${value}`, { defaultValue: value }) : '';
}

/** An indicator's (or scheme item's) name in the language the user reads. */
export function useIndicatorName() {
  const { i18n } = useTranslation();
  return (d: { nameZh: string; nameEn: string } | undefined | null, fallback = ''): string =>
    d ? (i18n.language === 'en' ? d.nameEn : d.nameZh) : fallback;
}

const COLORS: Partial<Record<IndicatorEnumNs, Record<string, string>>> = {
  source: { computed: 'blue', reported: 'purple' },
  reportState: { draft: 'default', submitted: 'blue', returned: 'orange', approved: 'green' },
  schemeState: { draft: 'default', published: 'green' },
  rule: { full_at_target: 'geekblue', linear: 'cyan', policy: 'gold' },
};

export function IndicatorTag({
  ns,
  value,
  testId,
}: {
  ns: IndicatorEnumNs;
  value: string | null | undefined;
  testId?: string;
}) {
  const label = useIndicatorLabel();
  if (!value) return null;
  return (
    <Tag color={COLORS[ns]?.[value]} data-testid={testId} data-value={testId ? value : undefined}>
      {label(ns, value)}
    </Tag>
  );
}

/** A number as a report prints it: at most two decimals, grouped, with its unit. */
export function formatNumber(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const s = v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  return unit ? `${s} ${unit}` : s;
}

/** A link that downloads an xlsx in the current language. */
export function XlsxButton({
  path,
  query,
  testId,
  label,
  size,
}: {
  path: string;
  query?: Record<string, string | number | undefined | null>;
  testId?: string;
  label?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<DownloadOutlined />}
      size={size}
      href={buildUrl(path, { ...query, lang: currentLanguage() })}
      data-testid={testId}
    >
      {label ?? t('indicator.common.exportXlsx')}
    </Button>
  );
}
