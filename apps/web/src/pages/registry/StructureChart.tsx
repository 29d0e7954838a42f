import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { TreeChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { MEMBER_ROLES, type ConsortiumOverview } from '@yilian/domain';

// Only what the tree needs: this file is loaded on demand, and echarts/core keeps it small.
echarts.use([TreeChart, TooltipComponent, CanvasRenderer]);

const ROLE_COLORS: Record<string, string> = {
  lead: '#cf1322',
  backbone: '#d46b08',
  member: '#0958d9',
  branch: '#531dab',
};

/** The consortium as a tree: consortium -> member roles -> institutions. */
export default function StructureChart({
  overview,
  height,
}: {
  overview: ConsortiumOverview;
  height?: number;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const leaves = MEMBER_ROLES.reduce((n, r) => n + Math.max(overview.structure[r].length, 1), 0);
  const h = height ?? Math.max(320, leaves * 34);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    const narrow = el.clientWidth < 600;
    const data = {
      name: overview.consortium.name,
      itemStyle: { color: '#0b6e4f' },
      // On a phone there is no room left of the root; the page title names it already.
      label: narrow ? { show: false } : undefined,
      children: MEMBER_ROLES.filter((r) => overview.structure[r].length > 0).map((r) => ({
        name: `${t(`enums.memberRole.${r}`)} (${overview.structure[r].length})`,
        itemStyle: { color: ROLE_COLORS[r] },
        children: overview.structure[r].map((m) => ({
          name: m.institutionName,
          value: m.joinedOn,
          itemStyle: { color: ROLE_COLORS[r] },
        })),
      })),
    };
    chart.setOption({
      tooltip: { trigger: 'item', triggerOn: 'mousemove' },
      series: [
        {
          type: 'tree',
          data: [data],
          top: 16,
          bottom: 16,
          left: narrow ? 8 : '12%',
          right: narrow ? 120 : '28%',
          orient: 'LR',
          symbolSize: 10,
          initialTreeDepth: -1,
          expandAndCollapse: true,
          label: {
            position: 'left',
            verticalAlign: 'middle',
            align: 'right',
            fontSize: 12,
            width: narrow ? 90 : 220,
            overflow: 'truncate',
          },
          leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
          animationDuration: 300,
        },
      ],
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [overview, t]);

  return (
    <div
      ref={ref}
      style={{ width: '100%', height: h }}
      role="img"
      aria-label={t('overview.chartLabel', { name: overview.consortium.name })}
      data-testid="structure-chart"
    />
  );
}
