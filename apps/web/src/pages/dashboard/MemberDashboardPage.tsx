import '../../i18n/indicator';
import { Link, useParams } from 'react-router';
import { Button, Card, Col, Flex, Row, Statistic } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { formatNumber } from '../indicator/parts';
import { useMemberDashboard } from './api';
import { PeriodPicker, usePeriod } from './parts';
import { downloadXlsx, type Cell } from './xlsx-lite';
import { FlowsCard, MonthsCard } from './ReferralCards';

/**
 * 成员单位看板: the referrals a member sent and received, its partners, the experts stationed
 * there, its open problems and its place in the last published assessment.
 */
export default function MemberDashboardPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const period = usePeriod();
  const { data, error, refetch, isFetching } = useMemberDashboard(id, period.from, period.to);
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!data) return <PageSpinner />;
  const sum = (k: 'up' | 'down' | 'lateral') => data.months.reduce((s, m) => s + m[k], 0);
  const last = data.lastAssessment;
  // The member view's tables are written in the browser (see xlsx-lite): headers as on screen.
  const sheet = (title: string, keys: string[], rows: Cell[][]) =>
    downloadXlsx(
      `${data.institution.name}-${title} ${data.from}~${data.to}.xlsx`,
      title,
      keys.map((k) => t(`indicator.dashboard.${k}`)),
      rows,
    );

  return (
    <>
      <PageHeader
        title={t('indicator.dashboard.memberTitle', { name: data.institution.name })}
        subtitle={
          <>
            <Link to={`/dashboards/consortia/${data.consortium.id}`}>{data.consortium.name}</Link>
            {' · '}
            {t('indicator.dashboard.periodShown', { from: data.from, to: data.to })}
          </>
        }
        extra={<PeriodPicker period={period} shown={data} />}
      />
      <Flex vertical gap={16} style={{ opacity: isFetching ? 0.7 : 1 }}>
        <Card size="small">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.up')} value={sum('up')} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.down')} value={sum('down')} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.lateral')} value={sum('lateral')} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.stationedHere')} value={data.stationedHere} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('indicator.dashboard.openProblems')} value={data.openProblems} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={last ? `${last.name}` : t('indicator.dashboard.lastAssessment')}
                value={last ? t('indicator.dashboard.rankOf', { rank: last.rank, of: last.of }) : '—'}
                suffix={last ? `· ${formatNumber(last.total)}` : undefined}
              />
            </Col>
          </Row>
        </Card>
        <MonthsCard
          months={data.months}
          extra={
            <Button
              size="small"
              icon={<DownloadOutlined />}
              data-testid="xlsx-months"
              onClick={() =>
                sheet(
                  t('indicator.dashboard.monthsTitle'),
                  ['month', 'up', 'down', 'lateral', 'accepted', 'green', 'greenOnTime'],
                  data.months.map((m) => [
                    m.month,
                    m.up,
                    m.down,
                    m.lateral,
                    m.accepted,
                    m.green,
                    m.greenOnTime,
                  ]),
                )
              }
            >
              {t('indicator.common.exportXlsx')}
            </Button>
          }
        />
        <FlowsCard
          flows={data.partners}
          extra={
            <Button
              size="small"
              icon={<DownloadOutlined />}
              data-testid="xlsx-flows"
              onClick={() =>
                sheet(
                  t('indicator.dashboard.flowsTitle'),
                  ['from', 'to', 'direction', 'count'],
                  data.partners.map((f) => [
                    f.fromName,
                    f.toName,
                    t(`indicator.dashboard.${f.direction}`),
                    f.count,
                  ]),
                )
              }
            >
              {t('indicator.common.exportXlsx')}
            </Button>
          }
        />
      </Flex>
    </>
  );
}
