import { useState } from 'react';
import { Descriptions, Empty, Flex, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanChange, PlanVersionSummary } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { usePlanCompare } from './api';
import { DispatchTag } from './parts';

/** Two finished versions side by side: objective, coverage and what moved. */
export function PlanCompare({ planId, versions }: { planId: string; versions: PlanVersionSummary[] }) {
  const { t } = useTranslation();
  const done = versions.filter((v) => v.status !== 'solving' && v.coverage);
  const [a, setA] = useState<number | undefined>(done[1]?.version);
  const [b, setB] = useState<number | undefined>(done[0]?.version);
  const cmp = usePlanCompare(planId, a, b);
  const options = done.map((v) => ({
    value: v.version,
    label: t('dispatch.plan.versionValue', { n: v.version }),
  }));
  const columns: TableColumnsType<PlanChange> = [
    { title: '', key: 'kind', render: (_, c) => <DispatchTag ns="changeKind" value={c.kind} /> },
    { title: t('dispatch.plan.expert'), dataIndex: 'expertName' },
    { title: t('dispatch.common.period'), key: 'p', render: (_, c) => c.periodIndex + 1 },
    { title: t('dispatch.plan.compareA'), dataIndex: 'fromSiteName' },
    { title: t('dispatch.plan.compareB'), dataIndex: 'toSiteName' },
  ];
  const figures = (f: {
    version: number;
    objective: number | null;
    gap: number | null;
    coverage: { filled: number; demanded: number };
  }) =>
    `${t('dispatch.plan.versionValue', { n: f.version })}: ${t('dispatch.plan.objective')} ${f.objective?.toFixed(2) ?? '—'} · ${t('dispatch.plan.coverageValue', f.coverage)}`;
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 140 }}
          value={a}
          onChange={setA}
          options={options}
          placeholder={t('dispatch.plan.compareA')}
          data-testid="compare-a"
        />
        <span>→</span>
        <Select
          style={{ width: 140 }}
          value={b}
          onChange={setB}
          options={options}
          placeholder={t('dispatch.plan.compareB')}
          data-testid="compare-b"
        />
      </Flex>
      <LoadError error={cmp.error} onRetry={() => void cmp.refetch()} />
      {cmp.data && (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 8 }}>
            <Descriptions.Item label={t('dispatch.plan.compareA')}>{figures(cmp.data.a)}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.plan.compareB')}>{figures(cmp.data.b)}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">
            {t('dispatch.plan.unchanged', { n: cmp.data.unchanged })}
          </Typography.Text>
          {cmp.data.changes.length === 0 ? (
            <Empty description={t('dispatch.plan.noChanges')} />
          ) : (
            <Table<PlanChange>
              rowKey={(c) => `${c.kind}${c.expertId}${c.periodIndex}`}
              size="small"
              columns={columns}
              dataSource={cmp.data.changes}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              data-testid="compare-table"
            />
          )}
        </>
      )}
    </>
  );
}
