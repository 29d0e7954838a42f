import { Empty, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanUnmet, PlanVersionDetail } from '@yilian/domain';
import { useDispatchLabel } from './parts';

/** Demand left unfilled, with the solver's reasons, most specific first. */
export function PlanUnmetTable({ detail }: { detail: PlanVersionDetail }) {
  const { t } = useTranslation();
  const label = useDispatchLabel();
  const demands = new Map(detail.input.demands.map((d) => [d.id, d]));
  const sites = new Map(detail.input.sites.map((s) => [s.id, s.name]));
  const periods = new Map(detail.input.periods.map((p) => [p.index, p]));
  const rows = detail.result?.unmet ?? [];
  if (detail.result && rows.length === 0) return <Empty description={t('dispatch.plan.unmetNone')} />;
  const columns: TableColumnsType<PlanUnmet> = [
    {
      title: t('dispatch.common.host'),
      key: 'site',
      render: (_, u) => sites.get(demands.get(u.demandId)?.siteId ?? ''),
    },
    {
      title: t('dispatch.common.specialty'),
      key: 'sp',
      render: (_, u) => demands.get(u.demandId)?.specialty,
    },
    {
      title: t('dispatch.common.period'),
      key: 'period',
      render: (_, u) => {
        const p = periods.get(demands.get(u.demandId)?.periodIndex ?? -1);
        return p ? `${p.start} ~ ${p.end}` : '';
      },
    },
    {
      title: t('dispatch.demand.minTitle'),
      key: 'rank',
      render: (_, u) => label('titleRank', demands.get(u.demandId)?.minTitleRank),
    },
    { title: t('dispatch.demand.priority'), key: 'pr', render: (_, u) => demands.get(u.demandId)?.priority },
    { title: t('dispatch.plan.missing'), dataIndex: 'missing' },
    {
      title: t('dispatch.plan.reasons'),
      key: 'reasons',
      render: (_, u) => u.reasons.map((r) => <Tag key={r}>{label('unmetReason', r)}</Tag>),
    },
  ];
  return (
    <Table<PlanUnmet>
      rowKey="demandId"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid="unmet-table"
    />
  );
}
