import { lazy, Suspense, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Result,
  Row,
  Segmented,
  Space,
  Statistic,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import {
  AppstoreOutlined,
  BankOutlined,
  ClusterOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FileProtectOutlined,
  PartitionOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MEMBER_ROLES, type ConsortiumOverview, type MemberRole, type Membership } from '@yilian/domain';
import { isApiError } from '../../api/client';
import { useConsortiumOverview } from '../../api/registry';
import { EnumTag, useEnumLabel, useLevelGrade } from '../../components/EnumSelect';
import { LoadError } from '../../components/LoadError';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan } from '../../hooks/useAuth';
import { AgreementTable } from './AgreementTable';
import { ConsortiumFormDrawer } from './ConsortiumFormDrawer';
import { MembershipTable } from './MembershipTable';

const StructureChart = lazy(() => import('./StructureChart'));
const ReferralRulesPanel = lazy(() => import('../referral/ReferralRulesPanel'));

const ROLE_BORDER: Record<MemberRole, string> = {
  lead: '#cf1322',
  backbone: '#d46b08',
  member: '#0958d9',
  branch: '#531dab',
};

function MemberCard({ m }: { m: Membership }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const levelGrade = useLevelGrade();
  return (
    <Card
      size="small"
      className="structure-card"
      style={{ borderInlineStart: `3px solid ${ROLE_BORDER[m.role]}`, height: '100%' }}
      data-testid="structure-card"
    >
      <Typography.Text strong>{m.institutionName}</Typography.Text>
      <div style={{ marginTop: 6 }}>
        <Tag>{label('institutionKind', m.institutionKind)}</Tag>
        <Tag color="blue">{levelGrade(m.institutionLevel, m.institutionGrade)}</Tag>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('overview.joinedOn', { date: m.joinedOn })}
      </Typography.Text>
    </Card>
  );
}

function StructureGroups({ overview }: { overview: ConsortiumOverview }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={20}>
      {MEMBER_ROLES.map((role) => {
        const members = overview.structure[role];
        return (
          <section key={role} data-testid={`structure-${role}`} aria-label={t(`enums.memberRole.${role}`)}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              <span style={{ color: ROLE_BORDER[role] }}>●</span> {t(`enums.memberRole.${role}`)}{' '}
              <Typography.Text type="secondary">({members.length})</Typography.Text>
            </Typography.Title>
            {members.length === 0 ? (
              <Typography.Text type="secondary">{t('overview.noneInGroup')}</Typography.Text>
            ) : (
              <Row gutter={[12, 12]}>
                {members.map((m) => (
                  <Col key={m.id} xs={24} sm={12} lg={8} xxl={6}>
                    <MemberCard m={m} />
                  </Col>
                ))}
              </Row>
            )}
          </section>
        );
      })}
    </Flex>
  );
}

function StructurePanel({ overview }: { overview: ConsortiumOverview }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'cards' | 'chart'>('cards');
  const empty = MEMBER_ROLES.every((r) => overview.structure[r].length === 0);
  if (empty) return <Empty description={t('overview.noMembers')} />;
  return (
    <>
      <Segmented
        value={view}
        onChange={(v) => setView(v as 'cards' | 'chart')}
        style={{ marginBottom: 16 }}
        options={[
          { value: 'cards', label: t('overview.viewCards'), icon: <AppstoreOutlined /> },
          { value: 'chart', label: t('overview.viewChart'), icon: <PartitionOutlined /> },
        ]}
        data-testid="structure-view"
      />
      {view === 'cards' ? (
        <StructureGroups overview={overview} />
      ) : (
        <Suspense fallback={<PageSpinner />}>
          <StructureChart overview={overview} />
        </Suspense>
      )}
    </>
  );
}

function Counts({ overview }: { overview: ConsortiumOverview }) {
  const { t } = useTranslation();
  const can = useCan();
  const id = overview.consortium.id;
  const c = overview.counts;
  const items = [
    {
      key: 'institutions',
      value: c.institutions,
      icon: <BankOutlined />,
      to: `/institutions?consortiumId=${id}`,
    },
    {
      key: 'departments',
      value: c.departments,
      icon: <ClusterOutlined />,
      to: `/departments?consortiumId=${id}`,
    },
    { key: 'staff', value: c.staff, icon: <TeamOutlined />, to: `/staff?consortiumId=${id}` },
    {
      key: 'midLevelOrHigherStaff',
      value: c.midLevelOrHigherStaff,
      icon: <SolutionOutlined />,
      to: undefined,
    },
    {
      key: 'agreementsActive',
      value: c.agreementsActive,
      icon: <FileProtectOutlined />,
      to: '?tab=agreements',
    },
    {
      key: 'users',
      value: c.users,
      icon: <UserOutlined />,
      to: can('user.manage') ? `/users?consortiumId=${id}` : undefined,
    },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {items.map((i) => {
        const stat = <Statistic title={t(`overview.counts.${i.key}`)} value={i.value} prefix={i.icon} />;
        return (
          <Col key={i.key} xs={12} sm={8} xl={4}>
            <Card size="small" hoverable={!!i.to} data-testid={`count-${i.key}`} style={{ height: '100%' }}>
              {i.to ? (
                <Link to={i.to} style={{ color: 'inherit', display: 'block' }}>
                  {stat}
                </Link>
              ) : (
                stat
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

export default function ConsortiumOverviewPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const can = useCan();
  const [sp, setSp] = useSearchParams();
  const { data, error, isPending, refetch } = useConsortiumOverview(id);
  const [editing, setEditing] = useState(false);
  const tab = sp.get('tab') ?? 'structure';

  if (isPending) return <PageSpinner />;
  if (isApiError(error) && (error.status === 404 || error.status === 403))
    return (
      <Result
        status="404"
        title={t('overview.notFound')}
        subTitle={t('overview.notFoundHint')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  if (error || !data) return <LoadError error={error} onRetry={() => void refetch()} />;

  const c = data.consortium;
  return (
    <div data-testid="consortium-overview">
      <Flex justify="space-between" align="flex-start" wrap gap={8} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="consortium-name">
            {c.name}
          </Typography.Title>
          <Space size={8} wrap style={{ marginTop: 6 }}>
            <EnumTag ns="consortiumKind" value={c.kind} />
            <Typography.Text type="secondary">
              <EnvironmentOutlined /> {c.regionName ?? c.regionCode}
            </Typography.Text>
            {c.establishedOn && (
              <Typography.Text type="secondary">
                {t('overview.establishedOn', { date: c.establishedOn })}
              </Typography.Text>
            )}
            <Typography.Text type="secondary">{c.code}</Typography.Text>
          </Space>
          {c.description && (
            <Typography.Paragraph
              type="secondary"
              style={{ marginTop: 8, marginBottom: 0 }}
              ellipsis={{ rows: 2, expandable: true }}
            >
              {c.description}
            </Typography.Paragraph>
          )}
        </div>
        {can('consortium.manage') && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )}
      </Flex>
      <Counts overview={data} />
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) =>
            setSp(
              (prev) => {
                const next = new URLSearchParams();
                // Each tab keeps its own list parameters; others are dropped with the tab.
                for (const [key, v] of prev)
                  if (key.startsWith(k === 'members' ? 'm_' : 'a_')) next.set(key, v);
                if (k !== 'structure') next.set('tab', k);
                return next;
              },
              { replace: true },
            )
          }
          items={[
            {
              key: 'structure',
              label: <span data-testid="tab-structure">{t('overview.tabs.structure')}</span>,
              children: <StructurePanel overview={data} />,
            },
            {
              key: 'members',
              label: <span data-testid="tab-members">{t('overview.tabs.members')}</span>,
              children: <MembershipTable consortiumId={c.id} />,
            },
            {
              key: 'agreements',
              label: <span data-testid="tab-agreements">{t('overview.tabs.agreements')}</span>,
              children: <AgreementTable consortiumId={c.id} prefix="a_" />,
            },
            ...(can('referral.read')
              ? [
                  {
                    key: 'referralRules',
                    label: <span data-testid="tab-referral-rules">{t('overview.tabs.referralRules')}</span>,
                    children: (
                      <Suspense fallback={<PageSpinner />}>
                        <ReferralRulesPanel consortiumId={c.id} />
                      </Suspense>
                    ),
                  },
                ]
              : []),
          ]}
          destroyOnHidden
        />
      </Card>
      <ConsortiumFormDrawer open={editing} record={c} onClose={() => setEditing(false)} />
    </div>
  );
}
