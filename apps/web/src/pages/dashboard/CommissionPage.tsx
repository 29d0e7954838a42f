import '../../i18n/indicator';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SearchOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CommissionConsortium } from '@yilian/domain';
import { useEnumLabel } from '../../components/EnumSelect';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../hooks/useIsMobile';
import { XlsxButton } from '../indicator/parts';
import { useCommissionOverview, type RankBy } from './api';
import { ChartBox, ChartCard, COLORS, PeriodPicker, Sparkline, usePeriod } from './parts';

const RANK_BY: RankBy[] = ['referrals', 'downShare', 'acceptedShare', 'greenOnTimeShare'];
const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

/** A figure, red with a warning when it lies far from the region's median. */
function Figure({ c, k, children }: { c: CommissionConsortium; k: RankBy; children: React.ReactNode }) {
  const { t } = useTranslation();
  if (!c.outliers.includes(k)) return <>{children}</>;
  return (
    <Tooltip title={t('indicator.commission.outlierHint')}>
      <Typography.Text type="danger" data-testid={`outlier-${k}`}>
        <WarningOutlined /> {children}
      </Typography.Text>
    </Tooltip>
  );
}

/**
 * 卫健委监管视图: the consortia of the supervisor's region ranked by a figure, each with its
 * monthly trend and the figures that stand out; a click opens the consortium's dashboard.
 */
export default function CommissionPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const enumLabel = useEnumLabel();
  const period = usePeriod();
  const [sp, setSp] = useSearchParams();
  const rankBy = (RANK_BY as string[]).includes(sp.get('rankBy') ?? '')
    ? (sp.get('rankBy') as RankBy)
    : 'referrals';
  const q = sp.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const setParam = (k: string, v: string | undefined) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const params = { from: period.from, to: period.to, rankBy, q: q || undefined };
  const { data, error, refetch, isFetching } = useCommissionOverview(params);
  const rows = data?.consortia ?? [];
  const rankLabel = (k: RankBy) => t(`indicator.commission.rankBy.${k}`);

  const option = useMemo(() => {
    const value = (c: CommissionConsortium) => (rankBy === 'referrals' ? c.referrals : (c[rankBy] ?? 0));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((c) => c.name),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t(`indicator.commission.rankBy.${rankBy}`),
          data: rows.map((c) => ({
            value: value(c),
            itemStyle: { color: c.outliers.length ? '#cf1322' : COLORS.up },
          })),
        },
      ],
    };
  }, [rows, rankBy, t]);

  const columns: TableColumnsType<CommissionConsortium> = [
    { title: t('indicator.scheme.rank'), dataIndex: 'rank', width: 64 },
    {
      title: t('indicator.commission.consortium'),
      key: 'name',
      render: (_, c) => (
        <Flex vertical>
          <Typography.Link
            onClick={() => navigate(`/dashboards/consortia/${c.id}`)}
            data-testid="commission-open"
          >
            {c.name}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {enumLabel('consortiumKind', c.kind)} · {t('indicator.commission.members', { n: c.members })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('indicator.commission.rankBy.referrals'),
      dataIndex: 'referrals',
      align: 'right',
      render: (v: number, c) => (
        <Figure c={c} k="referrals">
          {v}
        </Figure>
      ),
    },
    { title: t('indicator.dashboard.up'), dataIndex: 'up', align: 'right', responsive: ['lg'] },
    { title: t('indicator.dashboard.down'), dataIndex: 'down', align: 'right', responsive: ['lg'] },
    ...(['downShare', 'acceptedShare', 'greenOnTimeShare'] as const).map((k) => ({
      title: rankLabel(k),
      dataIndex: k,
      align: 'right' as const,
      responsive: k === 'downShare' ? undefined : (['md'] as 'md'[]),
      render: (v: number | null, c: CommissionConsortium) => (
        <Figure c={c} k={k}>
          {percent(v)}
        </Figure>
      ),
    })),
    {
      title: t('indicator.commission.trend'),
      key: 'trend',
      render: (_, c) => <Sparkline values={c.trend} />,
    },
    {
      title: t('indicator.commission.outliers'),
      key: 'outliers',
      responsive: ['md'],
      render: (_, c) =>
        c.outliers.map((o) => (
          <Tag key={o} color="red" data-testid="outlier-badge">
            {rankLabel(o)}
          </Tag>
        )),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.dashboardCommission')}
        subtitle={data && t('indicator.dashboard.periodShown', { from: data.from, to: data.to })}
        extra={<PeriodPicker period={period} shown={data} />}
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Space.Compact style={{ width: mobile ? '100%' : 260 }}>
          <Input
            allowClear
            type="search"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (!e.target.value) setParam('q', undefined);
            }}
            onPressEnter={() => setParam('q', text.trim() || undefined)}
            placeholder={t('indicator.commission.searchPlaceholder')}
            data-testid="list-search"
          />
          <Button
            icon={<SearchOutlined />}
            onClick={() => setParam('q', text.trim() || undefined)}
            aria-label={t('list.search')}
          />
        </Space.Compact>
        <Select<RankBy>
          value={rankBy}
          onChange={(v) => setParam('rankBy', v === 'referrals' ? undefined : v)}
          style={{ width: mobile ? '100%' : 200 }}
          prefix={t('indicator.commission.rankByLabel')}
          options={RANK_BY.map((k) => ({ value: k, label: rankLabel(k) }))}
          data-testid="commission-rank-by"
        />
        <XlsxButton path="/dashboards/commission/xlsx" query={params} testId="commission-xlsx" />
      </Flex>
      <LoadError error={error} onRetry={() => void refetch()} />
      <Flex vertical gap={16}>
        <Table<CommissionConsortium>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={isFetching}
          pagination={{
            pageSize: 20,
            size: 'small',
            hideOnSinglePage: true,
            showTotal: (n) => t('list.total', { count: n }),
          }}
          scroll={{ x: 'max-content' }}
          data-testid="commission-table"
          data-loading={isFetching ? 'true' : 'false'}
        />
        <ChartCard
          stacked
          title={t('indicator.commission.chartTitle', { by: rankLabel(rankBy) })}
          empty={rows.length === 0}
          chart={
            <ChartBox
              option={option}
              height={Math.max(200, rows.length * 32 + 40)}
              testId="chart-commission"
            />
          }
          table={null}
        />
      </Flex>
    </>
  );
}
