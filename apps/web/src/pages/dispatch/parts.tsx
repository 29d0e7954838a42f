import '../../i18n/dispatch';
import { useState } from 'react';
import { Button, Select, Tag } from 'antd';
import type { SelectProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DispatchBatch, DispatchProgramme, Page, Staff } from '@yilian/domain';
import { api, buildUrl } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { useDebounced } from '../../hooks/useDebounced';

// What the dispatch pages share: labels of the module's enumerations, tags, the selects of staff,
// programmes and batches, and the xlsx download button.

export type DispatchNs =
  | 'role'
  | 'titleRank'
  | 'periodKind'
  | 'planStatus'
  | 'versionStatus'
  | 'solveStatus'
  | 'phase'
  | 'unmetReason'
  | 'changeKind'
  | 'skipReason';

export function useDispatchLabel() {
  const { t } = useTranslation();
  return (ns: DispatchNs, value: string | number | null | undefined): string =>
    value === null || value === undefined || value === ''
      ? ''
      : t(`dispatch.${ns}.${value}`, { defaultValue: String(value) });
}

const COLORS: Partial<Record<DispatchNs, Record<string, string>>> = {
  role: {
    clinical: 'blue',
    management: 'purple',
    research: 'cyan',
    medical_technical: 'geekblue',
    nursing: 'magenta',
  },
  planStatus: { draft: 'default', solving: 'processing', solved: 'green', applied: 'gold' },
  versionStatus: { solving: 'processing', solved: 'green', failed: 'red' },
  changeKind: { added: 'green', removed: 'red', moved: 'orange' },
};

export function DispatchTag({ ns, value }: { ns: DispatchNs; value: string | number }) {
  const label = useDispatchLabel();
  return <Tag color={COLORS[ns]?.[String(value)]}>{label(ns, value)}</Tag>;
}

/** One colour per site, stable across versions (the index of the site in the instance). */
export const SITE_COLORS = [
  '#1677ff',
  '#52c41a',
  '#fa8c16',
  '#722ed1',
  '#eb2f96',
  '#13c2c2',
  '#a0d911',
  '#faad14',
  '#2f54eb',
  '#f5222d',
];

type BaseProps = Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'>;

function useSearchSelect<T>(
  kind: string,
  path: string,
  params: Record<string, string | undefined>,
  enabled = true,
) {
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const found = useQuery({
    queryKey: ['select', kind, params, q],
    queryFn: ({ signal }) => api.get<Page<T>>(path, { ...params, q, pageSize: 50 }, signal),
    enabled,
    staleTime: 30_000,
  });
  return { found, text, setText };
}

/** Staff of one institution (a batch's sending hospital), searched by name. */
export function StaffSelect({ institutionId, ...rest }: BaseProps & { institutionId?: string }) {
  const { found, text, setText } = useSearchSelect<Staff>(
    'dispatch-staff',
    '/staff',
    { institutionId },
    !!institutionId,
  );
  return (
    <Select<string>
      allowClear
      {...rest}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((s) => ({
        value: s.id,
        label: `${s.name}${s.departmentName ? ` · ${s.departmentName}` : ''}`,
      }))}
    />
  );
}

export function ProgrammeSelect(props: BaseProps) {
  const { found, text, setText } = useSearchSelect<DispatchProgramme>(
    'dispatch-programme',
    '/dispatch/programmes',
    {},
  );
  return (
    <Select<string>
      allowClear
      {...props}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
    />
  );
}

export function BatchSelect(props: BaseProps) {
  const { found, text, setText } = useSearchSelect<DispatchBatch>('dispatch-batch', '/dispatch/batches', {});
  return (
    <Select<string>
      allowClear
      {...props}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((b) => ({
        value: b.id,
        label: `${b.programmeName} · ${b.name}（${b.startDate} ~ ${b.endDate}）`,
      }))}
    />
  );
}

/** A link that downloads an xlsx in the current language. */
export function XlsxButton({
  path,
  query,
  testId,
}: {
  path: string;
  query?: Record<string, string | number | undefined>;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<DownloadOutlined />}
      href={buildUrl(path, { ...query, lang: currentLanguage() })}
      data-testid={testId}
    >
      {t('dispatch.common.exportXlsx')}
    </Button>
  );
}

export const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
