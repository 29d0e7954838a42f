import '../../i18n/governance';
import { useState } from 'react';
import { Button, Card, Checkbox, Col, Flex, Row, Select, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES, PROBLEM_STATES, type LedgerProblem } from '@yilian/domain';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { DepartmentSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { currentLanguage } from '../../i18n';
import { ledgerExportUrl, useLedgerFigures, useProblemList } from './api';
import { GovTag, useGovLabel } from './parts';
import { RaiseProblemDrawer } from './RaiseProblemDrawer';

const FILTERS = ['status', 'category', 'source', 'ownerDepartmentId', 'overdue', 'mine'] as const;

/** 问题清单台账: figures on top, the filtered list, and the sheet of that list. */
export default function ProblemListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useGovLabel();
  const list = useListQuery(FILTERS);
  const { data, isFetching, error, refetch } = useProblemList(list.params);
  const figures = useLedgerFigures(me.consortiumId ?? undefined);
  const [raising, setRaising] = useState(false);
  const w = mobile ? '100%' : 130;

  const columns: TableColumnsType<LedgerProblem> = [
    { title: t('ledger.number'), dataIndex: 'number', width: 100 },
    {
      title: t('ledger.title'),
      key: 'title',
      render: (_, p) => (
        <Flex vertical gap={2} style={{ minWidth: 0, maxWidth: 420 }}>
          <Link to={`/problems/${p.id}`} onClick={(e) => e.stopPropagation()} data-testid="problem-link">
            <Typography.Text strong>{p.title}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {label('problemSource', p.source)}
            {p.meetingTitle ? ` · ${p.meetingTitle}` : ''}
          </Typography.Text>
          {mobile && (
            <Flex gap={4} wrap>
              <GovTag ns="problemStatus" value={p.status} />
              {p.overdue && <GovTag ns="problemPriority" value="high" />}
            </Flex>
          )}
        </Flex>
      ),
    },
    {
      title: t('ledger.category'),
      dataIndex: 'category',
      responsive: ['md'],
      render: (v) => <GovTag ns="problemCategory" value={v} />,
    },
    {
      title: t('ledger.owner'),
      key: 'owner',
      responsive: ['md'],
      render: (_, p) => [p.ownerInstitutionName, p.ownerDepartmentName].filter(Boolean).join(' ') || '—',
    },
    {
      title: t('ledger.responsible'),
      dataIndex: 'responsibleName',
      responsive: ['lg'],
      render: (v) => v ?? '—',
    },
    {
      title: t('ledger.deadline'),
      dataIndex: 'deadline',
      responsive: ['md'],
      render: (v, p) => (
        <span>
          {v ?? '—'} {p.overdue && <Typography.Text type="danger">{t('ledger.overdue')}</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('ledger.status'),
      dataIndex: 'status',
      responsive: ['md'],
      render: (v) => <GovTag ns="problemStatus" value={v} testId="problem-status" />,
    },
  ];

  const f = figures.data;
  return (
    <>
      <PageHeader
        title={t('ledger.list')}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              href={ledgerExportUrl(list.params, currentLanguage())}
              data-testid="ledger-export"
            >
              {t('ledger.export')}
            </Button>
            {can('ledger.raise') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setRaising(true)}
                data-testid="new-problem"
              >
                {t('ledger.raise')}
              </Button>
            )}
          </>
        }
      />
      {f && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="ledger-figures">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('ledger.total')} value={f.total} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('ledger.closureRate')}
                value={f.closureRate === null ? '—' : (f.closureRate * 100).toFixed(1)}
                suffix={f.closureRate === null ? '' : '%'}
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('ledger.overdueCount')}
                value={f.overdue}
                valueStyle={f.overdue ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('ledger.avgDays')}
                value={(() => {
                  const d = f.byDepartment.filter((x) => x.averageDaysToClose !== null);
                  return d.length
                    ? (
                        d.reduce((a, x) => a + x.averageDaysToClose! * x.closed, 0) /
                        d.reduce((a, x) => a + x.closed, 0)
                      ).toFixed(1)
                    : '—';
                })()}
              />
            </Card>
          </Col>
        </Row>
      )}
      <ListToolbar
        list={list}
        placeholder={t('ledger.searchPlaceholder')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.status}
              onChange={(v) => list.setFilter('status', v)}
              placeholder={t('ledger.status')}
              style={{ width: w }}
              options={PROBLEM_STATES.map((s) => ({ value: s, label: label('problemStatus', s) }))}
              data-testid="filter-status"
            />
            <Select<string>
              allowClear
              value={list.filters.category}
              onChange={(v) => list.setFilter('category', v)}
              placeholder={t('ledger.category')}
              style={{ width: w }}
              options={PROBLEM_CATEGORIES.map((s) => ({ value: s, label: label('problemCategory', s) }))}
            />
            <Select<string>
              allowClear
              value={list.filters.source}
              onChange={(v) => list.setFilter('source', v)}
              placeholder={t('ledger.source')}
              style={{ width: w }}
              options={PROBLEM_SOURCES.map((s) => ({ value: s, label: label('problemSource', s) }))}
            />
            <DepartmentSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.ownerDepartmentId}
              onChange={(v) => list.setFilter('ownerDepartmentId', v)}
              placeholder={t('ledger.owner')}
              style={{ width: mobile ? '100%' : 180 }}
            />
            <Checkbox
              checked={list.filters.overdue === '1'}
              onChange={(e) => list.setFilter('overdue', e.target.checked ? '1' : null)}
            >
              {t('ledger.overdueOnly')}
            </Checkbox>
            <Checkbox
              checked={list.filters.mine === '1'}
              onChange={(e) => list.setFilter('mine', e.target.checked ? '1' : null)}
            >
              {t('ledger.mine')}
            </Checkbox>
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<LedgerProblem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        onRow={(p) => ({ onClick: () => navigate(`/problems/${p.id}`), style: { cursor: 'pointer' } })}
        data-testid="problem-table"
      />
      <RaiseProblemDrawer open={raising} onClose={() => setRaising(false)} />
    </>
  );
}
