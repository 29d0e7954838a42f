import { useMemo, type ReactNode } from 'react';
import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReferralFlow, ReferralMonth } from '@yilian/domain';
import { ChartBox, ChartCard, COLORS } from './parts';

// The referral figures both the office's and a member's dashboard show: volumes by month, and
// the flows between institutions.

export function MonthsCard({ months, extra }: { months: ReferralMonth[]; extra?: ReactNode }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          stack: 'n',
          name: t('indicator.dashboard.up'),
          data: months.map((m) => m.up),
          itemStyle: { color: COLORS.up },
        },
        {
          type: 'bar',
          stack: 'n',
          name: t('indicator.dashboard.down'),
          data: months.map((m) => m.down),
          itemStyle: { color: COLORS.down },
        },
        {
          type: 'bar',
          stack: 'n',
          name: t('indicator.dashboard.lateral'),
          data: months.map((m) => m.lateral),
          itemStyle: { color: COLORS.lateral },
        },
        {
          type: 'line',
          name: t('indicator.dashboard.accepted'),
          data: months.map((m) => m.accepted),
          itemStyle: { color: COLORS.accepted },
        },
      ],
    }),
    [months, t],
  );
  const columns: TableColumnsType<ReferralMonth> = [
    { title: t('indicator.dashboard.month'), dataIndex: 'month' },
    { title: t('indicator.dashboard.up'), dataIndex: 'up', align: 'right' },
    { title: t('indicator.dashboard.down'), dataIndex: 'down', align: 'right' },
    { title: t('indicator.dashboard.lateral'), dataIndex: 'lateral', align: 'right' },
    { title: t('indicator.dashboard.accepted'), dataIndex: 'accepted', align: 'right' },
    { title: t('indicator.dashboard.green'), dataIndex: 'green', align: 'right', responsive: ['md'] },
    {
      title: t('indicator.dashboard.greenOnTime'),
      dataIndex: 'greenOnTime',
      align: 'right',
      responsive: ['md'],
    },
  ];
  const total = months.reduce((s, m) => s + m.up + m.down + m.lateral, 0);
  return (
    <ChartCard
      title={t('indicator.dashboard.monthsTitle')}
      extra={extra}
      testId="card-months"
      empty={months.length === 0}
      chart={<ChartBox option={option} testId="chart-months" />}
      table={
        <Table<ReferralMonth>
          rowKey="month"
          size="small"
          columns={columns}
          dataSource={months}
          pagination={false}
          scroll={{ x: 'max-content', y: 320 }}
          data-testid="table-months"
          footer={() => t('indicator.dashboard.totalReferrals', { total })}
        />
      }
    />
  );
}

/**
 * A Sankey of who refers to whom. Senders stand on the left and receivers on the right as
 * separate nodes: flows run both ways between two members (up and down), and a Sankey must not
 * have a cycle.
 */
export function FlowsCard({ flows, extra }: { flows: ReferralFlow[]; extra?: ReactNode }) {
  const { t } = useTranslation();
  const direction = (d: string) => t(`indicator.dashboard.${d}`);
  const option = useMemo(() => {
    const nodes = new Map<string, { name: string; label: string; depth: number }>();
    for (const f of flows) {
      nodes.set(`from:${f.fromInstitutionId}`, {
        name: `from:${f.fromInstitutionId}`,
        label: f.fromName,
        depth: 0,
      });
      nodes.set(`to:${f.toInstitutionId}`, { name: `to:${f.toInstitutionId}`, label: f.toName, depth: 1 });
    }
    const labels = new Map([...nodes.values()].map((n) => [n.name, n.label]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: {
          dataType: string;
          data: { source?: string; target?: string; value: number; name?: string };
        }) =>
          p.dataType === 'edge'
            ? `${labels.get(p.data.source!)} → ${labels.get(p.data.target!)}: ${p.data.value}`
            : `${labels.get(p.data.name!)}`,
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 8,
          top: 8,
          bottom: 8,
          nodeAlign: 'justify',
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'source', curveness: 0.5, opacity: 0.4 },
          label: { formatter: (p: { name: string }) => labels.get(p.name) ?? p.name },
          // Receivers' names go inside, to the left of their bar: to the right they would be cut off.
          data: [...nodes.values()].map((n) => ({
            name: n.name,
            depth: n.depth,
            label: { position: n.depth === 1 ? 'left' : 'right' },
          })),
          links: flows.map((f) => ({
            source: `from:${f.fromInstitutionId}`,
            target: `to:${f.toInstitutionId}`,
            value: f.count,
            lineStyle: { color: COLORS[f.direction] },
          })),
        },
      ],
    };
  }, [flows]);
  const columns: TableColumnsType<ReferralFlow> = [
    { title: t('indicator.dashboard.from'), dataIndex: 'fromName' },
    { title: t('indicator.dashboard.to'), dataIndex: 'toName' },
    { title: t('indicator.dashboard.direction'), dataIndex: 'direction', render: direction },
    {
      title: t('indicator.dashboard.count'),
      dataIndex: 'count',
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.count - b.count,
    },
  ];
  return (
    <ChartCard
      title={t('indicator.dashboard.flowsTitle')}
      extra={extra}
      testId="card-flows"
      empty={flows.length === 0}
      chart={
        <ChartBox
          option={option}
          height={Math.max(280, Math.min(640, flows.length * 28))}
          testId="chart-flows"
        />
      }
      table={
        <Table<ReferralFlow>
          rowKey={(f) => `${f.fromInstitutionId}-${f.toInstitutionId}-${f.direction}`}
          size="small"
          columns={columns}
          dataSource={flows}
          pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="table-flows"
        />
      }
    />
  );
}
