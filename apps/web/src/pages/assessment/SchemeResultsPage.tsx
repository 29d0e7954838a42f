import '../../i18n/indicator';
import { useParams } from 'react-router';
import { Alert, App, Button, Popconfirm, Progress, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AssessmentScheme, MemberResult, SchemeItem } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { schemes, usePublishScheme, useSchemeResults } from '../indicator/api';
import { IndicatorTag, XlsxButton, formatNumber, useIndicatorName } from '../indicator/parts';

type Line = MemberResult['lines'][number] & { item: SchemeItem | undefined };

/** One member's marks item by item: the value, the rule's terms and what it earned. */
function Breakdown({ scheme, member }: { scheme: AssessmentScheme; member: MemberResult }) {
  const { t } = useTranslation();
  const name = useIndicatorName();
  const lines: Line[] = member.lines.map((l) => ({
    ...l,
    item: scheme.items.find((i) => i.code === l.code),
  }));
  const columns: TableColumnsType<Line> = [
    { title: t('indicator.scheme.indicator'), key: 'name', render: (_, l) => name(l.item, l.code) },
    {
      title: t('indicator.scheme.rule'),
      key: 'rule',
      render: (_, l) => <IndicatorTag ns="rule" value={l.item?.rule} />,
    },
    {
      title: t('indicator.scheme.terms'),
      key: 'terms',
      responsive: ['md'],
      render: (_, l) =>
        l.item?.rule === 'policy'
          ? '—'
          : [
              l.item?.floor !== null && l.item?.floor !== undefined
                ? formatNumber(l.item.floor, l.item.unit)
                : null,
              formatNumber(l.item?.target, l.item?.unit),
            ]
              .filter(Boolean)
              .join(' → '),
    },
    {
      title: t('indicator.scheme.value'),
      key: 'value',
      align: 'right',
      render: (_, l) =>
        l.value === null ? (
          <Typography.Text type="secondary">{t('indicator.scheme.missing')}</Typography.Text>
        ) : (
          formatNumber(l.value, l.item?.unit)
        ),
    },
    {
      title: t('indicator.scheme.marks'),
      key: 'marks',
      align: 'right',
      render: (_, l) => `${formatNumber(l.marks)} / ${l.weight}`,
    },
  ];
  return (
    <Table<Line>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={lines}
      pagination={false}
      data-testid="result-breakdown"
    />
  );
}

/** 考核结果: the ranking of the members, each row opening to its breakdown; publish freezes it. */
export default function SchemeResultsPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const onError = useApiError();
  const scheme = schemes.useOne(id);
  const results = useSchemeResults(id);
  const publish = usePublishScheme();
  if (scheme.error || results.error)
    return (
      <LoadError
        error={scheme.error ?? results.error}
        onRetry={() => void Promise.all([scheme.refetch(), results.refetch()])}
      />
    );
  if (!scheme.data) return <PageSpinner />;
  const s = scheme.data;

  const columns: TableColumnsType<MemberResult> = [
    { title: t('indicator.scheme.rank'), dataIndex: 'rank', width: 80 },
    { title: t('indicator.field.institution'), dataIndex: 'institutionName' },
    {
      title: t('indicator.scheme.total'),
      dataIndex: 'total',
      align: 'right',
      render: (v: number) => <span data-testid="result-total">{formatNumber(v)}</span>,
    },
    {
      title: t('indicator.scheme.ofTotal', { total: s.totalWeight }),
      key: 'bar',
      responsive: ['md'],
      render: (_, m) => (
        <Progress
          percent={s.totalWeight ? Math.round((m.total / s.totalWeight) * 100) : 0}
          size="small"
          style={{ minWidth: 160 }}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={s.name}
        subtitle={
          <>
            {s.year} · <IndicatorTag ns="schemeState" value={s.state} testId="scheme-state" />
          </>
        }
        extra={
          <>
            <XlsxButton path={`/assessment-schemes/${s.id}/results.xlsx`} testId="results-xlsx" />
            {can('indicator.manage') && s.state === 'draft' && (
              <Popconfirm
                title={t('indicator.scheme.confirmPublish')}
                description={t('indicator.scheme.confirmPublishHint')}
                okText={t('indicator.scheme.publish')}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  publish.mutateAsync(s.id).then(
                    () => void message.success(t('indicator.scheme.published')),
                    (e) => onError(e),
                  )
                }
              >
                <Button
                  type="primary"
                  icon={<LockOutlined />}
                  loading={publish.isPending}
                  data-testid="publish-scheme"
                >
                  {t('indicator.scheme.publish')}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      {results.data && (
        <Alert
          type={results.data.basis === 'snapshot' ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            results.data.basis === 'snapshot'
              ? t('indicator.scheme.snapshot', {
                  at: formatDateTime(s.publishedAt ?? results.data.computedAt),
                  who: s.publishedBy ?? '',
                })
              : t('indicator.scheme.live', { at: formatDateTime(results.data.computedAt) })
          }
        />
      )}
      <Table<MemberResult>
        rowKey="institutionId"
        size="middle"
        columns={columns}
        dataSource={results.data?.members}
        loading={results.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (m) => <Breakdown scheme={s} member={m} /> }}
        data-testid="result-table"
      />
    </>
  );
}
