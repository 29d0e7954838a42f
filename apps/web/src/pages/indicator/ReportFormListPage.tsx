import '../../i18n/indicator';
import { useState } from 'react';
import {
  App,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Segmented,
  Select,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { REPORT_STATES, reportPeriod, type ReportForm } from '@yilian/domain';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { useGenerateForms, useReportForms } from './api';
import { IndicatorTag, useIndicatorLabel } from './parts';

/** '2026-10' for a month, '2026-Q4' for a quarter, from the picker's date. */
export function periodOf(kind: 'month' | 'quarter', d: Dayjs): string {
  return kind === 'month' ? d.format('YYYY-MM') : `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
}

/** The office makes the forms of a period for every current member; existing ones are kept. */
function GenerateButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const onError = useApiError();
  const generate = useGenerateForms();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<'month' | 'quarter'>('month');
  const [date, setDate] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const period = periodOf(kind, date);
  return (
    <>
      <Button
        type="primary"
        icon={<FileAddOutlined />}
        onClick={() => setOpen(true)}
        data-testid="generate-forms"
      >
        {t('indicator.report.generate')}
      </Button>
      <Modal
        open={open}
        title={t('indicator.report.generate')}
        okText={t('indicator.report.generateOk', { period })}
        cancelText={t('common.cancel')}
        confirmLoading={generate.isPending}
        onCancel={() => setOpen(false)}
        onOk={() =>
          generate.mutate(
            { consortiumId: me.consortiumId!, period },
            {
              onSuccess: (r) => {
                void message.success(t('indicator.report.generated', r));
                setOpen(false);
              },
              onError: (e) => onError(e),
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('indicator.report.generateHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('indicator.report.periodKind')}>
            <Segmented
              value={kind}
              onChange={(v) => setKind(v as 'month' | 'quarter')}
              options={[
                { value: 'month', label: t('indicator.report.month') },
                { value: 'quarter', label: t('indicator.report.quarter') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('indicator.field.period')}>
            <DatePicker
              picker={kind}
              value={date}
              allowClear={false}
              onChange={(d) => d && setDate(d)}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 上报表: the forms members fill in each month or quarter, with their review state. */
export default function ReportFormListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useIndicatorLabel();
  const list = useListQuery(['period', 'state', 'institutionId'] as const);
  const { data, isFetching, error, refetch } = useReportForms(list.params);
  const [periodText, setPeriodText] = useState(list.filters.period ?? '');
  const [periodBad, setPeriodBad] = useState(false);
  const applyPeriod = () => {
    const v = periodText
      .trim()
      .toUpperCase()
      .replace(/^(\d{4}-)Q/, '$1Q');
    if (v && !reportPeriod.safeParse(v).success) return setPeriodBad(true);
    setPeriodBad(false);
    list.setFilter('period', v || undefined);
  };

  const columns: TableColumnsType<ReportForm> = [
    {
      title: t('indicator.field.institution'),
      key: 'institution',
      render: (_, r) => (
        <Flex vertical>
          <Link to={`/report-forms/${r.id}`} data-testid="report-form-link">
            <Typography.Text strong>{r.institutionName}</Typography.Text>
          </Link>
          {mobile && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.period}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('indicator.field.period'), dataIndex: 'period', responsive: ['md'] },
    {
      title: t('indicator.field.state'),
      dataIndex: 'state',
      render: (v) => <IndicatorTag ns="reportState" value={v} testId="report-state" />,
    },
    {
      title: t('indicator.report.filled'),
      key: 'filled',
      render: (_, r) => (
        <Flex align="center" gap={8} style={{ minWidth: 120 }}>
          <Progress
            percent={r.total ? Math.round((r.filled / r.total) * 100) : 0}
            size="small"
            showInfo={false}
          />
          <span>
            {r.filled}/{r.total}
          </span>
        </Flex>
      ),
    },
    {
      title: t('indicator.report.submittedAt'),
      dataIndex: 'submittedAt',
      responsive: ['lg'],
      render: (v: string | null, r) => (v ? `${formatDateTime(v)} ${r.submittedBy ?? ''}` : '—'),
    },
    {
      title: t('indicator.report.reviewedAt'),
      dataIndex: 'reviewedAt',
      responsive: ['lg'],
      render: (v: string | null, r) => (v ? `${formatDateTime(v)} ${r.reviewedBy ?? ''}` : '—'),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.reportForms')}
        subtitle={t('indicator.report.subtitle')}
        extra={can('indicator.manage') && me.consortiumId && <GenerateButton />}
      />
      <ListToolbar
        list={list}
        search={false}
        filters={
          <>
            <Input
              allowClear
              value={periodText}
              status={periodBad ? 'error' : undefined}
              onChange={(e) => {
                setPeriodText(e.target.value);
                if (!e.target.value) {
                  setPeriodBad(false);
                  list.setFilter('period', undefined);
                }
              }}
              onPressEnter={applyPeriod}
              onBlur={applyPeriod}
              placeholder={t('indicator.report.periodPlaceholder')}
              style={{ width: mobile ? '100%' : 170 }}
              data-testid="filter-period"
            />
            <Select<string>
              allowClear
              value={list.filters.state}
              onChange={(v) => list.setFilter('state', v)}
              placeholder={t('indicator.field.state')}
              style={{ width: mobile ? '100%' : 140 }}
              options={REPORT_STATES.map((v) => ({ value: v, label: label('reportState', v) }))}
              data-testid="filter-state"
            />
            {me.role !== 'institution_admin' && (
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                value={list.filters.institutionId}
                onChange={(v) => list.setFilter('institutionId', v)}
                placeholder={t('indicator.field.institution')}
                style={{ width: mobile ? '100%' : 220 }}
              />
            )}
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<ReportForm>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="report-form-table"
      />
    </>
  );
}
