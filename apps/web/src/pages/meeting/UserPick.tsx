import { useState } from 'react';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../hooks/useDebounced';
import { useConsortiumUsers } from './api';

/** People of a consortium, searched by name on the server: invitees, a presenter, a responsible person. */
export function UserPick({
  consortiumId,
  ...rest
}: { consortiumId: string | null | undefined } & Omit<SelectProps<string | string[]>, 'options'>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const { data, isFetching } = useConsortiumUsers(consortiumId, q);
  return (
    <Select<string | string[]>
      allowClear
      {...rest}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={isFetching}
      notFoundContent={isFetching ? t('common.loading') : t('common.noMatch')}
      options={(data?.items ?? []).map((u) => ({
        value: u.id,
        label: u.institutionName ? `${u.displayName}（${u.institutionName}）` : u.displayName,
      }))}
    />
  );
}
