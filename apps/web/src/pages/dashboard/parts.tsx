import { lazy, Suspense, type ReactNode } from 'react';
import { Card, Col, DatePicker, Empty, Flex, Row, Spin } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { EChartsCoreOption } from 'echarts/core';
import { useIsMobile } from '../../hooks/useIsMobile';

const EChart = lazy(() => import('./EChart'));

/** The months shown, kept in the URL (from, to as YYYY-MM); none means the server's default year. */
export function usePeriod() {
  const [sp, setSp] = useSearchParams();
  const from = sp.get('from') ?? undefined;
  const to = sp.get('to') ?? undefined;
  return {
    from,
    to,
    set(f: string | undefined, t: string | undefined) {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of [
            ['from', f],
            ['to', t],
          ] as const) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
  };
}

/** From and to months; shows what the server chose when none is set. */
export function PeriodPicker({
  period,
  shown,
}: {
  period: ReturnType<typeof usePeriod>;
  shown?: { from: string; to: string };
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const from = period.from ?? shown?.from;
  const to = period.to ?? shown?.to;
  return (
    <DatePicker.RangePicker
      picker="month"
      inputReadOnly={mobile}
      value={from && to ? [dayjs(`${from}-01`), dayjs(`${to}-01`)] : null}
      onChange={(v) => period.set(v?.[0]?.format('YYYY-MM'), v?.[1]?.format('YYYY-MM'))}
      placeholder={[t('indicator.dashboard.fromMonth'), t('indicator.dashboard.toMonth')]}
      data-testid="dashboard-period"
    />
  );
}

export function ChartBox({
  option,
  height,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
}) {
  return (
    <Suspense
      fallback={
        <Flex justify="center" style={{ minHeight: height ?? 280 }}>
          <Spin />
        </Flex>
      }
    >
      <EChart option={option} height={height} testId={testId} />
    </Suspense>
  );
}

/**
 * A chart with its table beside it (below it on a phone) and the table's xlsx download. When
 * there is nothing to show the card says so rather than drawing empty axes.
 */
export function ChartCard({
  title,
  extra,
  chart,
  table,
  empty,
  testId,
  stacked,
}: {
  title: ReactNode;
  extra?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  empty?: boolean;
  testId?: string;
  /** The table under the chart even on a wide screen (wide tables). */
  stacked?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} extra={extra} data-testid={testId}>
      {empty ? (
        <Empty description={t('indicator.dashboard.noData')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={stacked ? 24 : 13}>
            {chart}
          </Col>
          <Col xs={24} xl={stacked ? 24 : 11}>
            {table}
          </Col>
        </Row>
      )}
    </Card>
  );
}

export const COLORS = { up: '#1677ff', down: '#0b6e4f', lateral: '#8c8c8c', accepted: '#fa8c16' };

/** A tiny trend line for a table cell, drawn as SVG (a chart instance per row would be heavy). */
export function Sparkline({
  values,
  width = 96,
  height = 24,
}: {
  values: number[];
  width?: number;
  height?: number;
}) {
  if (values.length === 0) return null;
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`,
  );
  return (
    <svg width={width} height={height} role="img" aria-label={values.join(', ')} data-testid="sparkline">
      <polyline points={points.join(' ')} fill="none" stroke={COLORS.up} strokeWidth={1.5} />
    </svg>
  );
}
