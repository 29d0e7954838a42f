import '../../i18n/personnel';
import { Segmented, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_GROUPINGS,
  ACTIVITY_KINDS,
  type ActivityGrouping,
  type ActivitySummaryRow,
} from '@yilian/domain';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useActivitySummary } from './api';
import { KindSelect, PeriodFilter, XlsxLink } from './parts';

const BY_LABEL: Record<ActivityGrouping, string> = {
  expert: 'personnel.activity.byExpert',
  site: 'personnel.activity.bySite',
  batch: 'personnel.activity.byBatch',
  month: 'personnel.activity.byMonth',
  quarter: 'personnel.activity.byQuarter',
};

/** 工作量汇总: sessions and the people they counted, per expert, site, batch, month or quarter. */
export default function ActivitySummaryPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const list = useListQuery(['by', 'kind', 'hostInstitutionId', 'from', 'to'] as const);
  const by = (list.filters.by ?? 'expert') as ActivityGrouping;
  const params = { ...list.params, by, page: undefined, pageSize: undefined };
  const { data, isFetching, error, refetch } = useActivitySummary(params);

  const columns: TableColumnsType<ActivitySummaryRow> = [
    { title: t(BY_LABEL[by]), dataIndex: 'label', fixed: 'left' },
    { title: t('personnel.activity.entries'), dataIndex: 'entries', align: 'right' },
    ...ACTIVITY_KINDS.map((k) => ({
      title: `${t(`personnel.activityKind.${k}`)} · ${t(`personnel.activityUnit.${k}`)}`,
      key: k,
      align: 'right' as const,
      render: (_: unknown, r: ActivitySummaryRow) => (
        <span title={t('personnel.activity.sessions', { count: r.sessions[k] })}>{r.totals[k]}</span>
      ),
    })),
  ];

  return (
    <>
      <PageHeader
        title={t('personnel.activity.summary')}
        extra={<XlsxLink path="/activities/summary/export" query={params} testId="summary-export" />}
      />
      <Segmented<ActivityGrouping>
        value={by}
        onChange={(v) => list.setFilter('by', v)}
        options={ACTIVITY_GROUPINGS.map((g) => ({ value: g, label: t(BY_LABEL[g]) }))}
        style={{ marginBottom: 12 }}
        block={mobile}
        data-testid="summary-by"
      />
      <ListToolbar
        list={list}
        placeholder={t('personnel.activity.search')}
        filters={
          <>
            <KindSelect
              value={list.filters.kind}
              onChange={(v) => list.setFilter('kind', v)}
              width={mobile ? '100%' : 150}
            />
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.hostInstitutionId}
              onChange={(v) => list.setFilter('hostInstitutionId', v)}
              placeholder={t('personnel.common.host')}
              style={{ width: mobile ? '100%' : 200 }}
            />
            <PeriodFilter list={list} mobile={mobile} />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<ActivitySummaryRow>
        rowKey="key"
        size="middle"
        columns={columns}
        dataSource={data}
        loading={isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
        scroll={{ x: 'max-content' }}
        data-testid="summary-table"
      />
    </>
  );
}
