import '../../i18n/personnel';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ENROLMENT_STATES, TRAINING_KINDS } from '@yilian/domain';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { XlsxLink } from '../activity/parts';
import { enrolments } from './api';
import { EnrolmentTable } from './EnrolmentTable';

/** 学员管理: every trainee in scope — the provider decides, the home institution records the return. */
export default function EnrolmentListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const list = useListQuery(['status', 'kind', 'institutionId'] as const);
  const { data, isFetching, error, refetch } = enrolments.useList(list.params);
  return (
    <>
      <PageHeader
        title={t('personnel.training.enrolments')}
        extra={<XlsxLink path="/training-enrolments/export" query={list.params} testId="enrolment-export" />}
      />
      <ListToolbar
        list={list}
        placeholder={t('personnel.training.searchEnrolment')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.status}
              onChange={(v) => list.setFilter('status', v)}
              placeholder={t('personnel.training.statusLabel')}
              style={{ width: mobile ? '100%' : 130 }}
              options={ENROLMENT_STATES.map((s) => ({
                value: s,
                label: t(`personnel.training.status.${s}`),
              }))}
            />
            <Select<string>
              allowClear
              value={list.filters.kind}
              onChange={(v) => list.setFilter('kind', v)}
              placeholder={t('personnel.common.kind')}
              style={{ width: mobile ? '100%' : 140 }}
              options={TRAINING_KINDS.map((k) => ({ value: k, label: t(`personnel.training.kind.${k}`) }))}
            />
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.institutionId}
              onChange={(v) => list.setFilter('institutionId', v)}
              placeholder={t('personnel.training.institution')}
              style={{ width: mobile ? '100%' : 200 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <EnrolmentTable items={data?.items} loading={isFetching} pagination={list.pagination(data?.total)} />
    </>
  );
}
