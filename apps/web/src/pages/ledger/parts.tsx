import '../../i18n/governance';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

// Names and colours of the governance enumerations (meetings, the ledger), shared by their pages.

export type GovEnumNs =
  | 'meetingKind'
  | 'meetingMode'
  | 'meetingStatus'
  | 'meetingAction'
  | 'rsvp'
  | 'signInMethod'
  | 'recurrence'
  | 'reportSection'
  | 'problemSource'
  | 'problemCategory'
  | 'problemPriority'
  | 'problemStatus'
  | 'problemAction'
  | 'entryKind';

export function useGovLabel() {
  const { t } = useTranslation();
  return (ns: GovEnumNs, value: string | null | undefined): string =>
    value ? t(`govEnums.${ns}.${value}`, { defaultValue: value }) : '';
}

const COLORS: Partial<Record<GovEnumNs, Record<string, string>>> = {
  meetingStatus: {
    planned: 'blue',
    in_progress: 'orange',
    held: 'cyan',
    minutes_published: 'green',
    cancelled: 'default',
  },
  meetingKind: { council: 'red', regular: 'blue', symposium: 'purple', exchange: 'geekblue' },
  rsvp: { pending: 'default', accepted: 'green', declined: 'red', tentative: 'gold' },
  problemStatus: {
    raised: 'blue',
    assigned: 'geekblue',
    in_progress: 'orange',
    resolved: 'cyan',
    verified: 'lime',
    closed: 'green',
  },
  problemCategory: { common: 'purple', particular: 'default' },
  problemPriority: { high: 'red', medium: 'gold', low: 'default' },
};

export function GovTag({
  ns,
  value,
  testId,
}: {
  ns: GovEnumNs;
  value: string | null | undefined;
  testId?: string;
}) {
  const label = useGovLabel();
  if (!value) return null;
  return (
    <Tag color={COLORS[ns]?.[value]} data-testid={testId} data-value={testId ? value : undefined}>
      {label(ns, value)}
    </Tag>
  );
}
