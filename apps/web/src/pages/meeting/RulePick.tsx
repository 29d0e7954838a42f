import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeetingRuleRef } from '@yilian/domain';
import type { UseQueryResult } from '@tanstack/react-query';

/** The meeting rules (例会制度) in force that a meeting or a series may follow. */
export function RulePick({
  rules,
  ...rest
}: { rules: UseQueryResult<MeetingRuleRef[]> } & Omit<SelectProps<string>, 'options'>) {
  const { t } = useTranslation();
  return (
    <Select<string>
      allowClear
      {...rest}
      loading={rules.isFetching}
      options={rules.data?.map((r) => ({ value: r.documentId, label: r.title }))}
      notFoundContent={t('meeting.noRuleInForce')}
    />
  );
}
