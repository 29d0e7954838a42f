import '../../i18n/sharing';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Col, DatePicker, Flex, Row, Spin, Statistic, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useRecognitionFigures, useUtilisation, type ResourceUtilisation } from '../../api/sharing';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../hooks/useIsMobile';
import { defaultPeriod, useSharingLabel } from './parts';

const BarChart = lazy(() => import('./BarChart'));

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Utilisation of each shared resource, and the exams mutual recognition avoided, over a period. */
export default function SharingFiguresPage() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const label = useSharingLabel();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(defaultPeriod);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const util = useUtilisation(from, to);
  const recog = useRecognitionFigures(from, to);

  const columns: TableColumnsType<ResourceUtilisation> = [
    { title: t('sharing.figures.resource'), dataIndex: 'resourceName' },
    { title: t('sharing.figures.capacity'), dataIndex: 'capacity', align: 'right' },
    { title: t('sharing.figures.booked'), dataIndex: 'booked', align: 'right' },
    { title: t('sharing.figures.completed'), dataIndex: 'completed', align: 'right' },
    { title: t('sharing.figures.noShows'), dataIndex: 'noShows', align: 'right', responsive: ['md'] },
    { title: t('sharing.figures.cancelled'), dataIndex: 'cancelled', align: 'right', responsive: ['md'] },
    { title: t('sharing.figures.utilisation'), dataIndex: 'utilisation', align: 'right', render: percent },
  ];
  const reasons = Object.entries(recog.data?.repeatReasons ?? {}).map(([reason, count]) => ({
    reason,
    count,
  }));
  const chart = useMemo(
    () => ({
      categories: (util.data ?? []).map((u) => u.resourceName),
      series: [
        {
          name: t('sharing.figures.booked'),
          values: (util.data ?? []).map((u) => u.booked),
          color: '#1677ff',
        },
        {
          name: t('sharing.figures.completed'),
          values: (util.data ?? []).map((u) => u.completed),
          color: '#0b6e4f',
        },
      ],
    }),
    [util.data, t],
  );
  const total = (recog.data?.avoided ?? 0) + (recog.data?.repeated ?? 0);

  return (
    <>
      <PageHeader
        title={t('nav.sharingFigures')}
        extra={
          <DatePicker.RangePicker
            value={period}
            allowClear={false}
            inputReadOnly={mobile}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
            data-testid="figures-period"
          />
        }
      />
      <LoadError
        error={util.error ?? recog.error}
        onRetry={() => void Promise.all([util.refetch(), recog.refetch()])}
      />
      <Flex vertical gap={16}>
        <Card size="small" title={t('sharing.figures.recognitionTitle')} loading={recog.isPending}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('sharing.figures.avoided')} value={recog.data?.avoided ?? 0} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('sharing.figures.repeated')} value={recog.data?.repeated ?? 0} />
            </Col>
            <Col xs={24} md={12}>
              <Statistic
                title={t('sharing.figures.recognitionRate')}
                value={total ? ((recog.data!.avoided / total) * 100).toFixed(1) : '—'}
                suffix={total ? '%' : undefined}
              />
            </Col>
          </Row>
          {reasons.length > 0 && (
            <Table
              rowKey="reason"
              size="small"
              style={{ marginTop: 12 }}
              pagination={false}
              dataSource={reasons}
              columns={[
                {
                  title: t('sharing.recognition.reason'),
                  dataIndex: 'reason',
                  render: (r: string) => label('repeatReason', r),
                },
                { title: t('sharing.figures.count'), dataIndex: 'count', align: 'right' },
              ]}
            />
          )}
        </Card>
        <Card size="small" title={t('sharing.figures.utilisationTitle')}>
          <Table<ResourceUtilisation>
            rowKey="resourceId"
            size="middle"
            columns={columns}
            dataSource={util.data}
            loading={util.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="utilisation-table"
          />
          {util.data && util.data.length > 0 && (
            <Suspense fallback={<Spin />}>
              <BarChart categories={chart.categories} series={chart.series} />
            </Suspense>
          )}
        </Card>
      </Flex>
    </>
  );
}
