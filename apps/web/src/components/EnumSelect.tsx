import { Select, Tag } from 'antd';
import type { SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';

/** Namespaces of enum display names in the i18n files (`enums.<ns>.<value>`). */
export type EnumNs =
  | 'consortiumKind'
  | 'institutionKind'
  | 'institutionLevel'
  | 'institutionGrade'
  | 'memberRole'
  | 'membershipInvitationState'
  | 'departmentKind'
  | 'staffTitle'
  | 'role'
  | 'agreementStatus'
  | 'sex'
  | 'auditAction'
  | 'entityType'
  // Two-way referral. Their names are in the app's own files (`referralEnums.<ns>`) until the
  // shared label table carries them; a name there (`enums.<ns>`) wins.
  | 'referralStatus'
  | 'referralDirection'
  | 'urgency'
  | 'greenCategory'
  | 'idType'
  | 'capacityKind'
  | 'referralAction';

export function useEnumLabel() {
  const { t } = useTranslation();
  return (ns: EnumNs, value: string | null | undefined): string =>
    value ? t([`enums.${ns}.${value}`, `referralEnums.${ns}.${value}`], { defaultValue: value }) : '';
}

export function EnumSelect<V extends string>({
  ns,
  values,
  ...rest
}: { ns: EnumNs; values: readonly V[] } & Omit<SelectProps<V>, 'options'>) {
  const label = useEnumLabel();
  return <Select<V> {...rest} options={values.map((v) => ({ value: v, label: label(ns, v) }))} />;
}

const COLORS: Partial<Record<EnumNs, Record<string, string>>> = {
  memberRole: { lead: 'red', backbone: 'orange', member: 'blue', branch: 'purple' },
  membershipInvitationState: { pending: 'gold', accepted: 'green', declined: 'red', withdrawn: 'default' },
  agreementStatus: { active: 'green', pending: 'gold', expired: 'default' },
  referralStatus: {
    draft: 'default',
    requested: 'blue',
    received: 'cyan',
    accepted: 'geekblue',
    rejected: 'red',
    booked: 'purple',
    in_progress: 'orange',
    completed: 'green',
    cancelled: 'default',
    failed: 'volcano',
  },
  referralDirection: { up: 'blue', down: 'green', lateral: 'default' },
  urgency: { routine: 'default', urgent: 'orange', green_channel: 'red' },
  capacityKind: { clinic: 'blue', bed: 'purple' },
  role: {
    platform_admin: 'magenta',
    commission_supervisor: 'geekblue',
    consortium_office: 'green',
    institution_admin: 'cyan',
  },
};

export function EnumTag({
  ns,
  value,
  testId,
}: {
  ns: EnumNs;
  value: string | null | undefined;
  testId?: string;
}) {
  const label = useEnumLabel();
  if (!value) return null;
  return (
    <Tag color={COLORS[ns]?.[value]} data-testid={testId} data-value={testId ? value : undefined}>
      {label(ns, value)}
    </Tag>
  );
}

/** 三级甲等 / Level 3, grade A — composed in the user's language. */
export function useLevelGrade() {
  const { t } = useTranslation();
  return (level: string, grade: string): string =>
    level === 'unrated' || grade === 'none'
      ? t(`enums.institutionLevel.${level}`)
      : t('format.levelGrade', {
          level: t(`enums.institutionLevel.${level}`),
          grade: t(`enums.institutionGrade.${grade}`),
        });
}
