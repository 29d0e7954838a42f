import '../../i18n/personnel';
import { lazy, Suspense, useMemo } from 'react';
import { Alert, Card, DatePicker, Flex, Spin, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ACTIVITY_KINDS, type PersonnelFiguresRow } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePersonnelFigures } from './api';
import { XlsxLink } from './parts';

const BarChart = lazy(() => import('../sharing/BarChart'));
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 人员流动考核指标: per host site and year, what the national assessment asks of personnel flow. */
export default function PersonnelFiguresPage() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || dayjs().year();
  const { data, isFetching, error, refetch } = usePersonnelFigures({ year });

  const columns: TableColumnsType<PersonnelFiguresRow> = [
    { title: t('personnel.common.host'), dataIndex: 'institutionName', fixed: 'left' },
    { title: t('personnel.figures.physicianDays'), dataIndex: 'physicianDays', align: 'right' },
    {
      title: t('personnel.figures.longTermPhysicians'),
      dataIndex: 'longTermMidLevelPhysicians',
      align: 'right',
    },
    {
      title: t('personnel.figures.longTermOther'),
      dataIndex: 'longTermMidLevelOtherProfessionals',
      align: 'right',
      responsive: ['md'],
    },
    {
      title: t('personnel.figures.activities'),
      children: ACTIVITY_KINDS.map((k) => ({
        title: t(`personnel.activityKind.${k}`),
        key: k,
        align: 'right' as const,
        render: (_: unknown, r: PersonnelFiguresRow) => r.activities[k] ?? 0,
      })),
    },
    {
      title: t('personnel.figures.trainees'),
      children: [
        { title: t('personnel.figures.enrolled'), dataIndex: 'traineesEnrolled', align: 'right' },
        { title: t('personnel.figures.completed'), dataIndex: 'traineesCompleted', align: 'right' },
        { title: t('personnel.figures.returned'), dataIndex: 'traineesReturned', align: 'right' },
        { title: t('personnel.figures.independent'), dataIndex: 'returnedIndependent', align: 'right' },
        {
          title: t('personnel.figures.share'),
          dataIndex: 'independentShare',
          align: 'right',
          render: percent,
        },
      ],
    },
  ];
  const chart = useMemo(
    () => ({
      categories: (data ?? []).map((r) => r.institutionName),
      series: [
        {
          name: t('personnel.figures.physicianDays'),
          values: (data ?? []).map((r) => r.physicianDays),
          color: '#1677ff',
        },
      ],
    }),
    [data, t],
  );

  return (
    <>
      <PageHeader
        title={t('personnel.figures.title')}
        extra={
          <>
            <DatePicker
              picker="year"
              allowClear={false}
              inputReadOnly={mobile}
              value={dayjs(`${year}-01-01`)}
              onChange={(v) => v && setSp({ year: String(v.year()) }, { replace: true })}
              data-testid="figures-year"
            />
            <XlsxLink path="/personnel-figures/export" query={{ year }} testId="figures-export" />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('personnel.figures.longTermHint')} />
        <Table<PersonnelFiguresRow>
          rowKey="institutionId"
          size="middle"
          bordered
          columns={columns}
          dataSource={data}
          loading={isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('personnel.figures.empty') }}
          data-testid="figures-table"
        />
        {data && data.length > 0 && (
          <Card size="small" title={t('personnel.figures.chartTitle')}>
            <Suspense fallback={<Spin />}>
              <BarChart categories={chart.categories} series={chart.series} />
            </Suspense>
          </Card>
        )}
      </Flex>
    </>
  );
}
