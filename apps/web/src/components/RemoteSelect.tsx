import { useMemo, useState } from 'react';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Consortium, Department, Institution, Page, Region } from '@yilian/domain';
import { api, type QueryParams } from '../api/client';
import { useDebounced } from '../hooks/useDebounced';

interface Option {
  value: string;
  label: string;
}

type BaseProps = Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'>;

/**
 * A searchable Select whose options come from the API: the search text goes to the server
 * (`q`), and the label of a value not among the options is looked up on its own.
 */
function RemoteSelect({
  kind,
  search,
  label,
  ...rest
}: BaseProps & {
  kind: string;
  search: (q: string, signal: AbortSignal) => Promise<Option[]>;
  label: (value: string, signal: AbortSignal) => Promise<Option | null>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const [open, setOpen] = useState(false);
  const found = useQuery({
    queryKey: ['select', kind, q],
    queryFn: ({ signal }) => search(q, signal),
    enabled: open || q !== '',
    staleTime: 30_000,
  });
  const value = typeof rest.value === 'string' ? rest.value : undefined;
  const known = found.data?.some((o) => o.value === value);
  const current = useQuery({
    queryKey: ['select', kind, 'value', value],
    queryFn: ({ signal }) => label(value!, signal),
    enabled: !!value && !known,
    staleTime: 5 * 60_000,
  });
  const options = useMemo(() => {
    const list = [...(found.data ?? [])];
    if (current.data && !list.some((o) => o.value === current.data!.value)) list.unshift(current.data);
    return list;
  }, [found.data, current.data]);
  return (
    <Select<string>
      allowClear
      {...rest}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setText('');
      }}
      options={options}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.noMatch')}
    />
  );
}

const page = <T,>(path: string, params: QueryParams, signal: AbortSignal) =>
  api.get<Page<T>>(path, { pageSize: 20, ...params }, signal).then((p) => p.items);

export function InstitutionSelect({
  consortiumId,
  exclude,
  ...rest
}: BaseProps & { consortiumId?: string; exclude?: string | null }) {
  const toOption = (i: Institution) => ({ value: i.id, label: i.name });
  return (
    <RemoteSelect
      kind={`institution:${consortiumId ?? ''}:${exclude ?? ''}`}
      search={(q, s) =>
        page<Institution>('/institutions', { q, consortiumId }, s).then((l) =>
          l.filter((i) => i.id !== exclude).map(toOption),
        )
      }
      label={(id, s) => api.get<Institution>(`/institutions/${id}`, undefined, s).then(toOption)}
      {...rest}
    />
  );
}

export function DepartmentSelect({
  institutionId,
  consortiumId,
  ...rest
}: BaseProps & { institutionId?: string; consortiumId?: string }) {
  const toOption = (d: Department) => ({
    value: d.id,
    label: institutionId ? d.name : `${d.name} · ${d.institutionName}`,
  });
  return (
    <RemoteSelect
      kind={`department:${institutionId ?? ''}:${consortiumId ?? ''}`}
      search={(q, s) =>
        page<Department>('/departments', { q, institutionId, consortiumId }, s).then((l) => l.map(toOption))
      }
      label={(id, s) => api.get<Department>(`/departments/${id}`, undefined, s).then(toOption)}
      {...rest}
    />
  );
}

export function ConsortiumSelect(props: BaseProps) {
  const toOption = (c: Consortium) => ({ value: c.id, label: c.name });
  return (
    <RemoteSelect
      kind="consortium"
      search={(q, s) => page<Consortium>('/consortia', { q }, s).then((l) => l.map(toOption))}
      label={(id, s) => api.get<Consortium>(`/consortia/${id}`, undefined, s).then(toOption)}
      {...props}
    />
  );
}

/** GB/T 2260 region picker: type 海门 or 320684. */
export function RegionSelect(props: BaseProps) {
  const toOption = (r: Region) => ({ value: r.code, label: r.fullName || r.name });
  return (
    <RemoteSelect
      kind="region"
      search={(q, s) =>
        q.trim() ? api.get<Region[]>('/regions', { q }, s).then((l) => l.map(toOption)) : Promise.resolve([])
      }
      label={(code, s) =>
        api
          .get<Region[]>('/regions', { codes: code }, s)
          .then((l) => (l[0] ? toOption(l[0]) : { value: code, label: code }))
      }
      {...props}
    />
  );
}
