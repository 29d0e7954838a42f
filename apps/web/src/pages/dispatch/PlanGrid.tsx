import { Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LockFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PlanExpert, PlanLock, PlanVersionDetail } from '@yilian/domain';
import { SITE_COLORS, useDispatchLabel } from './parts';

/**
 * Experts down, periods across; an assigned cell shows its site in the site's colour. Clicking an
 * assigned cell locks it for the next solve (or unlocks it) when the plan allows.
 */
export function PlanGrid({
  detail,
  locks,
  onToggle,
  busy,
}: {
  detail: PlanVersionDetail;
  locks: PlanLock[];
  onToggle?: (expertId: string, demandId: string, locked: boolean) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const label = useDispatchLabel();
  const { input, result } = detail;
  const siteIndex = new Map(input.sites.map((s, i) => [s.id, i]));
  const siteName = new Map(input.sites.map((s) => [s.id, s.name]));
  const cell = new Map((result?.assignments ?? []).map((a) => [`${a.expertId}|${a.periodIndex}`, a]));
  const isLocked = (expertId: string, demandId: string) =>
    locks.some((l) => l.expertId === expertId && l.demandId === demandId);

  // Experts with assignments first (most first), so the plan reads from the top.
  const load = (id: string) => (result?.assignments ?? []).filter((a) => a.expertId === id).length;
  const experts = [...input.experts].sort((x, y) => load(y.id) - load(x.id));

  const columns: TableColumnsType<PlanExpert> = [
    {
      title: t('dispatch.plan.expert'),
      key: 'expert',
      fixed: 'left',
      width: 150,
      render: (_, e) => (
        <div>
          <Typography.Text strong>{e.name}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.specialty} · {label('titleRank', e.titleRank)}
          </Typography.Text>
        </div>
      ),
    },
    ...input.periods.map((p) => ({
      title: (
        <Tooltip title={`${p.start} ~ ${p.end}`}>
          <span>{p.start.slice(5)}</span>
        </Tooltip>
      ),
      key: `p${p.index}`,
      width: 110,
      render: (_: unknown, e: PlanExpert) => {
        const a = cell.get(`${e.id}|${p.index}`);
        if (!a) {
          const free = e.availablePeriods.includes(p.index);
          return <span style={{ color: free ? '#bbb' : '#999' }}>{free ? '·' : '—'}</span>;
        }
        const locked = isLocked(e.id, a.demandId);
        const color = SITE_COLORS[(siteIndex.get(a.siteId) ?? 0) % SITE_COLORS.length];
        return (
          <button
            type="button"
            className="plan-cell"
            data-testid="plan-cell"
            data-locked={locked ? 'true' : 'false'}
            data-expert={e.id}
            data-period={p.index}
            disabled={!onToggle || busy}
            title={locked ? t('dispatch.plan.unlock') : t('dispatch.plan.lock')}
            onClick={() => onToggle?.(e.id, a.demandId, !locked)}
            style={{
              background: color,
              color: '#fff',
              border: locked ? '2px solid #000' : '2px solid transparent',
              borderRadius: 4,
              padding: '2px 6px',
              cursor: onToggle ? 'pointer' : 'default',
              maxWidth: 104,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
              fontSize: 12,
            }}
          >
            {locked && <LockFilled style={{ marginInlineEnd: 4 }} />}
            {siteName.get(a.siteId) ?? a.siteId}
          </button>
        );
      },
    })),
  ];

  return (
    <Table<PlanExpert>
      rowKey="id"
      size="small"
      bordered
      columns={columns}
      dataSource={experts}
      pagination={false}
      scroll={{ x: 'max-content', y: 520 }}
      data-testid="plan-grid"
    />
  );
}
