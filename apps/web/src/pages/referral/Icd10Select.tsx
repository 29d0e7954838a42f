import '../../i18n/referral';
import { useMemo, useState } from 'react';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ICD10_PATTERN } from '@yilian/domain';
import { useIcd10Search } from '../../api/referrals';
import { useDebounced } from '../../hooks/useDebounced';

interface Option {
  value: string;
  label: string;
  name?: string;
}

/**
 * The diagnosis by ICD-10 code: search the common list by code or Chinese name (心梗, I21), or
 * type any well-formed code (GB/T 14396) that is not on it. `onPick` hands over the Chinese name
 * of a listed code, so the form can fill the diagnosis.
 */
export function Icd10Select({
  value,
  onChange,
  onPick,
  ...rest
}: Omit<SelectProps<string>, 'options' | 'showSearch' | 'onChange'> & {
  value?: string;
  onChange?: (code: string | undefined) => void;
  onPick?: (code: string | undefined, name: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const found = useIcd10Search(q);
  const [picked, setPicked] = useState<Option | null>(null);

  const options = useMemo(() => {
    const list: Option[] = (found.data ?? []).map((e) => ({
      value: e.code,
      label: `${e.code} ${e.name}`,
      name: e.name,
    }));
    const typed = text.trim().toUpperCase();
    if (ICD10_PATTERN.test(typed) && !list.some((o) => o.value === typed))
      list.unshift({ value: typed, label: t('referral.icd10Custom', { code: typed }) });
    // Keep the chosen code's label while another search is shown.
    if (value && !list.some((o) => o.value === value))
      list.push(picked?.value === value ? picked : { value, label: value });
    return list;
  }, [found.data, text, value, picked, t]);

  return (
    <Select<string, Option>
      allowClear
      {...rest}
      value={value}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      onOpenChange={(o) => {
        if (!o) setText('');
      }}
      onChange={(code, option) => {
        const o = Array.isArray(option) ? undefined : option;
        if (o) setPicked({ value: o.value, label: o.name ? o.label : o.value, name: o.name });
        onChange?.(code);
        onPick?.(code, o?.name);
      }}
      options={options}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? t('common.loading') : t('referral.icd10NotFound')}
      placeholder={t('referral.icd10Placeholder')}
    />
  );
}
