import '../../i18n/governance';
import { Badge, Card, Empty, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MyWork } from '@yilian/domain';
import { api } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../utils/form';

/** 我的待办: what waits on me across modules, the overdue first, then what is due soonest. */
export default function MyWorkPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string>('all');
  const { data, error, refetch, isFetching } = useQuery({
    queryKey: ['my-work'],
    queryFn: ({ signal }) => api.get<MyWork>('/my-work', undefined, signal),
    refetchInterval: 60_000,
  });
  const kinds = Object.keys(data?.counts ?? {});
  const items = (data?.items ?? []).filter((i) => kind === 'all' || i.kind === kind);
  return (
    <>
      <PageHeader title={t('myWork.title')} />
      <LoadError error={error} onRetry={() => void refetch()} />
      {kinds.length > 1 && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={kind}
          onChange={(v) => setKind(String(v))}
          options={[
            { value: 'all', label: `${t('myWork.all')} ${data?.items.length ?? 0}` },
            ...kinds.map((k) => ({
              value: k,
              label: `${t(`myWork.kind.${k}`, { defaultValue: k })} ${data!.counts[k]}`,
            })),
          ]}
        />
      )}
      <Card size="small">
        <List
          loading={isFetching && !data}
          dataSource={items}
          data-testid="my-work"
          locale={{ emptyText: <Empty description={t('myWork.empty')} /> }}
          renderItem={(i) => (
            <List.Item data-testid="my-work-item" data-kind={i.kind} data-id={i.id}>
              <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Flex gap={6} wrap align="center">
                  <Tag color="blue">{t(`myWork.kind.${i.kind}`, { defaultValue: i.kind })}</Tag>
                  <Link to={i.path}>
                    <Typography.Text strong>{i.title}</Typography.Text>
                  </Link>
                  {i.overdue && <Badge status="error" text={t('ledger.overdue')} />}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`myWork.reason.${i.reason}`, { defaultValue: i.reason })}
                  {i.subtitle ? ` · ${i.subtitle}` : ''}
                  {i.dueAt ? ` · ${t('myWork.due')} ${formatDateTime(i.dueAt)}` : ''}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
