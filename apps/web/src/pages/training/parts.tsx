import '../../i18n/personnel';
import { useState } from 'react';
import { Select, Tag } from 'antd';
import type { SelectProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EnrolmentState, Page, Staff, TrainingKind } from '@yilian/domain';
import { api } from '../../api/client';
import { useDebounced } from '../../hooks/useDebounced';

const STATUS_COLORS: Record<EnrolmentState, string> = {
  applied: 'default',
  accepted: 'blue',
  rejected: 'red',
  in_training: 'processing',
  completed: 'cyan',
  withdrawn: 'default',
  returned_to_post: 'green',
};
const KIND_COLORS: Record<TrainingKind, string> = {
  further_study: 'geekblue',
  course: 'purple',
  management_rotation: 'gold',
};

export function EnrolmentStatusTag({ status }: { status: EnrolmentState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="enrolment-status">
      {t(`personnel.training.status.${status}`)}
    </Tag>
  );
}

export function TrainingKindTag({ kind }: { kind: TrainingKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLORS[kind]}>{t(`personnel.training.kind.${kind}`)}</Tag>;
}

/** Active staff of one institution, searched by name on the server. */
export function StaffPicker({
  institutionId,
  ...rest
}: Omit<SelectProps<string>, 'options'> & { institutionId?: string | null }) {
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const found = useQuery({
    queryKey: ['training-staff', institutionId, q],
    queryFn: ({ signal }) =>
      api.get<Page<Staff>>('/staff', { institutionId: institutionId ?? undefined, q, pageSize: 50 }, signal),
    enabled: !!institutionId,
    staleTime: 30_000,
  });
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
