import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Progress,
  Select,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { PlayCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DispatchPlan } from '@yilian/domain';
import { api } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { useApply, useLock, usePlanVersion, usePlanVersions, useSolve } from './api';
import { PlanCompare } from './PlanCompare';
import { PlanGrid } from './PlanGrid';
import { PlanUnmetTable } from './PlanUnmet';
import { BatchSelect, DispatchTag, SITE_COLORS, XlsxButton, useDispatchLabel } from './parts';

/** One plan: solve with progress, the grid with locks, unmet demand, versions and applying. */
export default function PlanDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const qc = useQueryClient();
  const label = useDispatchLabel();
  const onError = useApiError();
  const plan = useQuery({
    queryKey: ['dispatch-plans', 'one', id],
    queryFn: ({ signal }) => api.get<DispatchPlan>(`/dispatch/plans/${id}`, undefined, signal),
    refetchInterval: (q) => (q.state.data?.status === 'solving' ? 1000 : false),
  });
  const solving = plan.data?.status === 'solving';
  const versions = usePlanVersions(id, solving);
  const [picked, setPicked] = useState<number | undefined>();
  const latestDone = versions.data?.find((v) => v.status !== 'solving')?.version;
  const shown = picked ?? latestDone;
  const detail = usePlanVersion(id, shown);
  const solve = useSolve(id);
  const lock = useLock(id);
  const applyPlan = useApply(id);
  const [applyOpen, setApplyOpen] = useState(false);
  const [form] = Form.useForm<{ batchId?: string }>();

  // When a solve ends, show its version.
  useEffect(() => {
    if (!solving) setPicked(undefined);
    void qc.invalidateQueries({ queryKey: ['dispatch-plans', 'versions', id] });
  }, [solving, id, qc]);

  if (plan.isLoading) return <PageSpinner />;
  if (!plan.data) return <LoadError error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  const planner = can('dispatch.plan');
  const running = versions.data?.find((v) => v.status === 'solving');
  const d = detail.data;
  const canLock = planner && (p.status === 'draft' || p.status === 'solved');
  // A solve still "running" long after its time limit was lost with a server restart: allow another.
  const stale = !!running && Date.now() - Date.parse(running.startedAt) > (p.timeLimitSeconds + 120) * 1000;

  const onSolve = () =>
    solve.mutate(undefined, {
      onSuccess: () => void message.info(t('dispatch.plan.solveStarted')),
      onError: (e) => onError(e),
    });
  const onApply = (v: { batchId?: string }) =>
    applyPlan.mutate(
      { batchId: v.batchId!, version: shown },
      {
        onSuccess: (r) => {
          setApplyOpen(false);
          void message.success(t('dispatch.plan.applied', { created: r.created }));
          if (r.skipped.length)
            Modal.info({
              title: t('dispatch.plan.skipped'),
              content: r.skipped.map((s) => `${s.expertName}: ${label('skipReason', s.reason)}`).join('；'),
            });
        },
        onError: (e) => onError(e, form),
      },
    );

  return (
    <>
      <PageHeader
        title={p.name}
        subtitle={
          <Space size={8} wrap>
            <DispatchTag ns="planStatus" value={p.status} />
            <span>
              {p.horizonStart} ~ {p.horizonEnd} · {label('periodKind', p.periodKind)}
            </span>
            {p.locks.length > 0 && <span>{t('dispatch.plan.locks', { n: p.locks.length })}</span>}
          </Space>
        }
        extra={
          <>
            {shown && d?.result && (
              <XlsxButton
                path={`/dispatch/plans/${id}/export`}
                query={{ version: shown }}
                testId="plan-export"
              />
            )}
            {planner && p.status !== 'applied' && (
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                loading={(solving && !stale) || solve.isPending}
                disabled={solving && !stale}
                onClick={onSolve}
                data-testid="plan-solve"
              >
                {solving
                  ? t('dispatch.plan.solving')
                  : p.currentVersion
                    ? t('dispatch.plan.solveAgain')
                    : t('dispatch.plan.solve')}
              </Button>
            )}
            {planner && p.status === 'solved' && d?.status === 'solved' && (
              <Button icon={<SendOutlined />} onClick={() => setApplyOpen(true)} data-testid="plan-apply">
                {t('dispatch.plan.apply')}
              </Button>
            )}
          </>
        }
      />
      {running && !stale && (
        <Alert
          type="info"
          showIcon
          data-testid="solve-progress"
          style={{ marginBottom: 16 }}
          message={`${t('dispatch.plan.versionValue', { n: running.version })} · ${label('phase', running.progress?.phase ?? 'building')}`}
          description={
            <Progress
              percent={Math.min(
                99,
                Math.round(((running.progress?.elapsedSeconds ?? 0) / p.timeLimitSeconds) * 100),
              )}
              status="active"
              format={() => `${(running.progress?.elapsedSeconds ?? 0).toFixed(1)} s`}
            />
          }
        />
      )}
      {!shown && !running && <Alert type="info" showIcon message={t('dispatch.plan.noVersion')} />}
      <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
      {d && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Space wrap style={{ marginBottom: 8 }}>
              <Select
                style={{ width: 160 }}
                value={shown}
                onChange={setPicked}
                data-testid="version-select"
                options={(versions.data ?? [])
                  .filter((v) => v.status !== 'solving')
                  .map((v) => ({
                    value: v.version,
                    label: t('dispatch.plan.versionValue', { n: v.version }),
                  }))}
              />
              <DispatchTag ns="versionStatus" value={d.status} />
              {d.result && <Typography.Text>{label('solveStatus', d.result.status)}</Typography.Text>}
            </Space>
            {d.result?.message && d.status === 'failed' && (
              <Alert
                type="error"
                showIcon
                message={t('dispatch.plan.failed', { message: d.result.message })}
                style={{ marginBottom: 8 }}
              />
            )}
            {d.result && (
              <Descriptions size="small" column={{ xs: 1, md: 4 }}>
                <Descriptions.Item label={t('dispatch.plan.coverage')}>
                  <span data-testid="plan-coverage">
                    {t('dispatch.plan.coverageValue', d.result.coverage)}
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label={t('dispatch.plan.objective')}>
                  {d.result.objective?.toFixed(2) ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('dispatch.plan.gap')}>
                  {d.result.gap === null ? '—' : `${(d.result.gap * 100).toFixed(2)}%`}
                </Descriptions.Item>
                <Descriptions.Item label={t('dispatch.plan.solvedBy')}>
                  {d.solvedBy} · {formatDateTime(d.startedAt)} · {d.result.stats.seconds.toFixed(1)} s
                </Descriptions.Item>
              </Descriptions>
            )}
            <Space size={4} wrap>
              {d.input.sites.map((s, i) => (
                <span
                  key={s.id}
                  style={{
                    background: SITE_COLORS[i % SITE_COLORS.length],
                    color: '#fff',
                    borderRadius: 4,
                    padding: '0 6px',
                    fontSize: 12,
                  }}
                >
                  {s.name}
                </span>
              ))}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {canLock ? t('dispatch.plan.lockHint') : t('dispatch.plan.legend')}
              </Typography.Text>
            </Space>
          </Card>
          <Tabs
            items={[
              {
                key: 'grid',
                label: t('dispatch.plan.grid'),
                children: (
                  <PlanGrid
                    detail={d}
                    locks={p.locks}
                    busy={lock.isPending}
                    onToggle={
                      canLock
                        ? (expertId, demandId, locked) =>
                            lock.mutate({ expertId, demandId, locked }, { onError: (e) => onError(e) })
                        : undefined
                    }
                  />
                ),
              },
              {
                key: 'unmet',
                label: `${t('dispatch.plan.unmet')}${d.result ? ` (${d.result.unmet.length})` : ''}`,
                children: <PlanUnmetTable detail={d} />,
              },
              {
                key: 'compare',
                label: t('dispatch.plan.compare'),
                children: <PlanCompare planId={id} versions={versions.data ?? []} />,
              },
            ]}
          />
        </>
      )}
      <Modal
        open={applyOpen}
        title={t('dispatch.plan.apply')}
        onCancel={() => setApplyOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={applyPlan.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('dispatch.plan.applyConfirm', { n: shown })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={onApply}>
          <Form.Item name="batchId" label={t('dispatch.plan.applyBatch')} rules={[{ required: true }]}>
            <BatchSelect />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
