import '../../i18n/council';
import { useState } from 'react';
import { Button, Select, Tag } from 'antd';
import type { SelectProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Department, Page, Staff, User } from '@yilian/domain';
import { api, buildUrl, type QueryParams } from '../../api/client';
import { useDebounced } from '../../hooks/useDebounced';
import { useCurrentUser } from '../../hooks/useAuth';
import { ConsortiumSelect } from '../../components/RemoteSelect';
import { currentLanguage } from '../../i18n';

// What the council, document, goal and key-project pages share: the names and colours of their
// enumerations (in the shared label table, `enums.<ns>`), pickers for people and departments of
// the consortium, the consortium the page is about, and an xlsx link.

export type GovEnumNs =
  | 'councilPosition'
  | 'documentKind'
  | 'documentState'
  | 'voteChoice'
  | 'voteOutcome'
  | 'taskStatus'
  | 'taskOwnerKind'
  | 'keyProjectKind';

export function useGovLabel() {
  const { t } = useTranslation();
  return (ns: GovEnumNs, value: string | null | undefined): string =>
    value ? t(`enums.${ns}.${value}`, { defaultValue: value }) : '';
}

const COLORS: Partial<Record<GovEnumNs, Record<string, string>>> = {
  councilPosition: { chair: 'red', vice_chair: 'orange', member: 'blue', secretary: 'default' },
  documentState: { draft: 'default', voting: 'processing', in_force: 'green', superseded: 'default' },
  voteOutcome: { passed: 'green', no_quorum: 'orange', rejected: 'red' },
  voteChoice: { for: 'green', against: 'red', abstain: 'default' },
  taskStatus: { not_started: 'default', in_progress: 'blue', done: 'green', overdue: 'red' },
  keyProjectKind: {
    centre_opening: 'purple',
    accreditation: 'geekblue',
    discipline: 'cyan',
    other: 'default',
  },
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
    <Tag color={COLORS[ns]?.[value] ?? 'default'} data-testid={testId}>
      {label(ns, value)}
    </Tag>
  );
}

export function GovSelect<V extends string>({
  ns,
  values,
  ...rest
}: { ns: GovEnumNs; values: readonly V[] } & Omit<SelectProps<V>, 'options'>) {
  const label = useGovLabel();
  return <Select<V> {...rest} options={values.map((v) => ({ value: v, label: label(ns, v) }))} />;
}

/**
 * The consortium a governance page is about: the user's own, or (for platform administrators and
 * supervisors, who have none) the one they pick.
 */
export function useConsortiumScope() {
  const me = useCurrentUser();
  const [picked, setPicked] = useState<string | undefined>();
  const consortiumId = me.consortiumId ?? picked;
  const picker = me.consortiumId ? null : (
    <ConsortiumSelect
      value={picked}
      onChange={(v) => setPicked(v ?? undefined)}
      placeholder={me.consortiumId ? undefined : '—'}
      style={{ width: 240 }}
      data-testid="consortium-scope"
    />
  );
  return { consortiumId, picker };
}

type PickProps = Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'>;

/** A searchable list whose options come from a paged endpoint (the search goes to the server). */
function SearchPick<T extends { id: string }>({
  kind,
  path,
  params,
  label,
  ...rest
}: PickProps & { kind: string; path: string; params: QueryParams; label: (x: T) => string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const found = useQuery({
    queryKey: ['gov-pick', kind, params, q],
    queryFn: ({ signal }) => api.get<Page<T>>(path, { ...params, q, pageSize: 30 }, signal),
    staleTime: 30_000,
  });
  return (
    <Select<string>
      allowClear
      {...rest}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.noMatch')}
      options={(found.data?.items ?? []).map((x) => ({ value: x.id, label: label(x) }))}
    />
  );
}

export const UserPick = ({ consortiumId, ...rest }: PickProps & { consortiumId?: string }) => (
  <SearchPick<User>
    kind="user"
    path="/users"
    params={{ consortiumId }}
    label={(u) => `${u.displayName}（${u.username}）`}
    {...rest}
  />
);

export const StaffPick = ({ consortiumId, ...rest }: PickProps & { consortiumId?: string }) => (
  <SearchPick<Staff>
    kind="staff"
    path="/staff"
    params={{ consortiumId }}
    label={(s) => `${s.name} · ${s.institutionName}`}
    {...rest}
  />
);

export const FunctionalDepartmentPick = ({
  consortiumId,
  ...rest
}: PickProps & { consortiumId?: string }) => (
  <SearchPick<Department>
    kind="functional-department"
    path="/departments"
    params={{ consortiumId, kind: 'functional' }}
    label={(d) => `${d.name} · ${d.institutionName}`}
    {...rest}
  />
);

/** A link that downloads an xlsx of a list, with its filters, in the current language. */
export function XlsxLink({
  path,
  query,
  testId,
  small,
}: {
  path: string;
  query: QueryParams;
  testId?: string;
  small?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Button
      size={small ? 'small' : undefined}
      icon={<DownloadOutlined />}
      href={buildUrl(path, { ...query, lang: currentLanguage() })}
      data-testid={testId}
    >
      {t('goal.tasks.export')}
    </Button>
  );
}

/** Dates as YYYY-MM-DD from a DatePicker value. */
export const isoDay = (d: { format(f: string): string } | null | undefined) =>
  d ? d.format('YYYY-MM-DD') : null;
