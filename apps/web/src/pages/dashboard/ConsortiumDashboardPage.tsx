import '../../i18n/indicator';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { Card, Col, Flex, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { XlsxButton, formatNumber } from '../indicator/parts';
import { useConsortiumDashboard } from './api';
import { ChartBox, ChartCard, PeriodPicker, usePeriod } from './parts';
import { FlowsCard, MonthsCard } from './ReferralCards';

// Problems still being worked on; resolved ones wait only for the office's check.
const OPEN_STATES = ['raised', 'assigned', 'in_progress'];

const bars = (names: string[], values: number[], color: string) => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
  xAxis: { type: 'value', minInterval: 1 },
  yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
  series: [{ type: 'bar', data: values, itemStyle: { color } }],
});

/** 医联体运行监测: the office's dashboard of referrals, flows, stationed experts, the ledger and assessment. */
export default function ConsortiumDashboardPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const period = usePeriod();
  const { data, error, refetch, isFetching } = useConsortiumDashboard(id, period.from, period.to);
  const xlsx = (table: string) => (
    <XlsxButton
      size="small"
      path={`/dashboards/consortia/${id}/xlsx`}
      query={{ table, from: period.from, to: period.to }}
      testId={`xlsx-${table}`}
    />
  );
  const options = useMemo(() => {
    if (!data) return null;
    const ledgerState = (s: string) => t(`indicatorEnums.problemState.${s}`, { defaultValue: s });
    return {
      stationed: bars(
        data.stationedNow.map((s) => s.hostName),
        data.stationedNow.map((s) => s.experts),
        '#722ed1',
      ),
      ledger: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['40%', '70%'],
            data: data.ledger.map((l) => ({ name: ledgerState(l.state), value: l.count })),
          },
        ],
      },
      attainment: data.attainment
        ? bars(
            data.attainment.members.map((m) => m.institutionName),
            data.attainment.members.map((m) => m.total),
            '#13c2c2',
          )
        : null,
    };
  }, [data, t]);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!data || !options) return <PageSpinner />;
  const sum = (k: 'up' | 'down' | 'lateral') => data.months.reduce((s, m) => s + m[k], 0);
  const stationed = data.stationedNow.reduce((s, x) => s + x.experts, 0);
  const open = data.ledger.filter((l) => OPEN_STATES.includes(l.state)).reduce((s, l) => s + l.count, 0);

  return (
    <>
      <PageHeader
        title={t('indicator.dashboard.consortiumTitle', { name: data.consortium.name })}
        subtitle={t('indicator.dashboard.periodShown', { from: data.from, to: data.to })}
        extra={<PeriodPicker period={period} shown={data} />}
      />
      <Flex vertical gap={16} style={{ opacity: isFetching ? 0.7 : 1 }}>
        <Card size="small">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.up')} value={sum('up')} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.down')} value={sum('down')} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.lateral')} value={sum('lateral')} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.stationedNow')} value={stationed} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.openProblems')} value={open} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={t('indicator.dashboard.overdue')}
                value={data.ledgerOverdue}
                valueStyle={data.ledgerOverdue ? { color: '#cf1322' } : undefined}
              />
            </Col>
          </Row>
        </Card>
        <MonthsCard months={data.months} extra={xlsx('months')} />
        <FlowsCard flows={data.flows} extra={xlsx('flows')} />
        <ChartCard
          title={t('indicator.dashboard.stationedTitle')}
          extra={xlsx('stationed')}
          testId="card-stationed"
          empty={data.stationedNow.length === 0}
          chart={
            <ChartBox option={options.stationed} height={Math.max(200, data.stationedNow.length * 32)} />
          }
          table={
            <Table
              rowKey="hostInstitutionId"
              size="small"
              pagination={false}
              dataSource={data.stationedNow}
              columns={[
                { title: t('indicator.dashboard.site'), dataIndex: 'hostName' },
                { title: t('indicator.dashboard.experts'), dataIndex: 'experts', align: 'right' },
              ]}
              data-testid="table-stationed"
            />
          }
        />
        <ChartCard
          title={t('indicator.dashboard.ledgerTitle')}
          extra={xlsx('ledger')}
          testId="card-ledger"
          empty={data.ledger.length === 0}
          chart={<ChartBox option={options.ledger} />}
          table={
            <Table
              rowKey="state"
              size="small"
              pagination={false}
              dataSource={data.ledger}
              columns={[
                {
                  title: t('indicator.field.state'),
                  dataIndex: 'state',
                  render: (s: string) => t(`indicatorEnums.problemState.${s}`, { defaultValue: s }),
                },
                { title: t('indicator.dashboard.problems'), dataIndex: 'count', align: 'right' },
              ]}
              footer={() => t('indicator.dashboard.overdueNote', { n: data.ledgerOverdue })}
              data-testid="table-ledger"
            />
          }
        />
        <ChartCard
          title={
            data.attainment
              ? t('indicator.dashboard.attainmentOf', {
                  name: data.attainment.name,
                  year: data.attainment.year,
                })
              : t('indicator.dashboard.attainmentTitle')
          }
          extra={
            data.attainment && (
              <Flex gap={8}>
                <Link to={`/assessment/schemes/${data.attainment.schemeId}`}>
                  {t('indicator.scheme.results')}
                </Link>
                {xlsx('attainment')}
              </Flex>
            )
          }
          testId="card-attainment"
          empty={!data.attainment || data.attainment.members.length === 0}
          chart={
            options.attainment && (
              <ChartBox
                option={options.attainment}
                height={Math.max(200, (data.attainment?.members.length ?? 0) * 32)}
              />
            )
          }
          table={
            <Table
              rowKey="institutionId"
              size="small"
              pagination={false}
              dataSource={data.attainment?.members}
              columns={[
                { title: t('indicator.scheme.rank'), dataIndex: 'rank', width: 70 },
                { title: t('indicator.field.institution'), dataIndex: 'institutionName' },
                {
                  title: t('indicator.scheme.total'),
                  dataIndex: 'total',
                  align: 'right',
                  render: (v: number) => formatNumber(v),
                },
              ]}
              data-testid="table-attainment"
            />
          }
        />
      </Flex>
    </>
  );
}
