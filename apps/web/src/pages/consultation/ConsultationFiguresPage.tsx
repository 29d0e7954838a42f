import '../../i18n/sharing';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, DatePicker, Flex, Spin, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useConsultationFigures, type ConsultationFigure } from '../../api/consultations';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../hooks/useIsMobile';
import { defaultPeriod, useMinutes, useSharingLabel } from '../sharing/parts';

const BarChart = lazy(() => import('../sharing/BarChart'));

/** Per kind: requests, completed, median turnaround and average rating, over a period. */
export default function ConsultationFiguresPage() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const label = useSharingLabel();
  const minutes = useMinutes();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(defaultPeriod);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const { data, error, isFetching, refetch } = useConsultationFigures(from, to);

  const columns: TableColumnsType<ConsultationFigure> = [
    { title: t('consultation.kind'), dataIndex: 'kind', render: (k: string) => label('consultationKind', k) },
    { title: t('consultationFigures.requested'), dataIndex: 'requested', align: 'right' },
    { title: t('consultationFigures.completed'), dataIndex: 'completed', align: 'right' },
    {
      title: t('consultationFigures.medianTurnaround'),
      dataIndex: 'medianTurnaroundMinutes',
      align: 'right',
      render: (m: number | null) => minutes(m),
    },
    {
      title: t('consultationFigures.averageRating'),
      dataIndex: 'averageRating',
      align: 'right',
      render: (r: number | null) => (r === null ? '—' : r.toFixed(1)),
    },
  ];
  const chart = useMemo(
    () => ({
      categories: (data ?? []).map((f) => label('consultationKind', f.kind)),
      series: [
        {
          name: t('consultationFigures.requested'),
          values: (data ?? []).map((f) => f.requested),
          color: '#1677ff',
        },
        {
          name: t('consultationFigures.completed'),
          values: (data ?? []).map((f) => f.completed),
          color: '#0b6e4f',
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, t],
  );

  return (
    <>
      <PageHeader
        title={t('nav.consultationFigures')}
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
      <LoadError error={error} onRetry={() => void refetch()} />
      <Flex vertical gap={16}>
        <Table<ConsultationFigure>
          rowKey="kind"
          size="middle"
          columns={columns}
          dataSource={data}
          loading={isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="consultation-figures"
        />
        {data && data.length > 0 && (
          <Card size="small" title={t('consultationFigures.chart')}>
            <Suspense fallback={<Spin />}>
              <BarChart categories={chart.categories} series={chart.series} />
            </Suspense>
          </Card>
        )}
      </Flex>
    </>
  );
}
