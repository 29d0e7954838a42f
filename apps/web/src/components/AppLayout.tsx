import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  AimOutlined,
  ApiOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  IssuesCloseOutlined,
  ClusterOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  DesktopOutlined,
  EnvironmentOutlined,
  FileAddOutlined,
  FileProtectOutlined,
  FormOutlined,
  FundOutlined,
  IdcardOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  SendOutlined,
  SwapOutlined,
  TeamOutlined,
  UserAddOutlined,
  UserOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Me, Permission } from '@yilian/domain';
import { useLogout } from '../api/auth';
import { useCurrentUser } from '../hooks/useAuth';
import { useIsMobile } from '../hooks/useIsMobile';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { PageSpinner } from './PageSpinner';

interface NavItem {
  key: string;
  path: string;
  icon: React.ReactNode;
  permission?: Permission;
  show?: (me: Me) => boolean;
  /** A heading the item is shown under (`nav.groups.<group>`). */
  group?:
    | 'referral'
    | 'sharing'
    | 'consultation'
    | 'dispatch'
    | 'training'
    | 'governance'
    | 'indicators'
    | 'registry'
    | 'system';
}

/** Refers patients from, or receives them at, an institution of its own. */
const refersOrReceives = (u: Me) =>
  !!u.institutionId &&
  (u.permissions.includes('referral.create') || u.permissions.includes('referral.handle'));

/** Shares equipment (lists, books or runs it), or asks for or gives remote consultations. */
const sharesResources = (u: Me) => u.permissions.some((p) => p.startsWith('sharing.'));
const consults = (u: Me) =>
  u.permissions.includes('consultation.request') || u.permissions.includes('consultation.handle');

/** Runs expert dispatch: the office, a sending or host institution's administrator, a supervisor. */
const runsDispatch = (u: Me) =>
  u.role === 'commission_supervisor' ||
  u.permissions.some((p) => p === 'dispatch.manage' || p === 'dispatch.demand' || p === 'dispatch.plan');

/** The modules, in order. The menu shows those the user's permissions open. */
function navItems(me: Me): NavItem[] {
  const all: NavItem[] = [
    // 我的待办: what waits on the user across modules.
    { key: 'myWork', path: '/my-work', icon: <CheckSquareOutlined /> },
    {
      key: 'overview',
      path: `/consortia/${me.consortiumId}`,
      icon: <DashboardOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId,
    },
    {
      key: 'consortia',
      path: '/consortia',
      icon: <ApartmentOutlined />,
      permission: 'registry.read',
      show: (u) => !u.consortiumId || u.permissions.includes('consortium.create'),
    },
    {
      key: 'referralInbox',
      path: '/referrals/inbox',
      icon: <InboxOutlined />,
      permission: 'referral.handle',
      show: (u) => !!u.institutionId,
      group: 'referral',
    },
    {
      key: 'referralOutbox',
      path: '/referrals/outbox',
      icon: <SendOutlined />,
      permission: 'referral.create',
      show: (u) => !!u.institutionId,
      group: 'referral',
    },
    {
      key: 'referralNew',
      path: '/referrals/new',
      icon: <FormOutlined />,
      permission: 'referral.create',
      show: (u) => !!u.institutionId,
      group: 'referral',
    },
    {
      key: 'referralAll',
      path: '/referrals/all',
      icon: <SwapOutlined />,
      permission: 'referral.read',
      show: (u) => !refersOrReceives(u),
      group: 'referral',
    },
    {
      key: 'capacity',
      path: '/capacity',
      icon: <ScheduleOutlined />,
      permission: 'referral.read',
      show: (u) => u.permissions.includes('capacity.manage') || u.permissions.includes('referral.handle'),
      group: 'referral',
    },
    {
      key: 'followUps',
      path: '/follow-ups',
      icon: <CarryOutOutlined />,
      permission: 'referral.handle',
      show: (u) => !!u.institutionId,
      group: 'referral',
    },
    {
      key: 'sharingResources',
      path: '/resources',
      icon: <MedicineBoxOutlined />,
      permission: 'registry.read',
      show: sharesResources,
      group: 'sharing',
    },
    {
      key: 'sharingBookings',
      path: '/bookings/ours',
      icon: <CalendarOutlined />,
      permission: 'sharing.book',
      show: (u) => !!u.institutionId,
      group: 'sharing',
    },
    {
      key: 'sharingAtOurs',
      path: '/bookings/at-ours',
      icon: <DesktopOutlined />,
      permission: 'sharing.handle',
      show: (u) => !!u.institutionId,
      group: 'sharing',
    },
    {
      key: 'sharingFigures',
      path: '/sharing/figures',
      icon: <FundOutlined />,
      permission: 'registry.read',
      show: sharesResources,
      group: 'sharing',
    },
    {
      key: 'dispatchHost',
      path: '/dispatch/host',
      icon: <EnvironmentOutlined />,
      permission: 'dispatch.read',
      show: (u) => !!u.institutionId,
      group: 'dispatch',
    },
    {
      key: 'dispatchProgrammes',
      path: '/dispatch/programmes',
      icon: <DeploymentUnitOutlined />,
      permission: 'dispatch.read',
      show: runsDispatch,
      group: 'dispatch',
    },
    {
      key: 'dispatchBatches',
      path: '/dispatch/batches',
      icon: <TeamOutlined />,
      permission: 'dispatch.read',
      show: runsDispatch,
      group: 'dispatch',
    },
    {
      key: 'dispatchDemand',
      path: '/dispatch/demand',
      icon: <AimOutlined />,
      permission: 'dispatch.read',
      show: runsDispatch,
      group: 'dispatch',
    },
    {
      key: 'dispatchExperts',
      path: '/dispatch/experts',
      icon: <IdcardOutlined />,
      permission: 'dispatch.read',
      show: runsDispatch,
      group: 'dispatch',
    },
    {
      key: 'dispatchPlans',
      path: '/dispatch/plans',
      icon: <ScheduleOutlined />,
      permission: 'dispatch.plan',
      group: 'dispatch',
    },
    // The work stationed experts log, its summary and the assessment figures; training up (进修培训).
    {
      key: 'activities',
      path: '/activities',
      icon: <FormOutlined />,
      permission: 'registry.read',
      show: (u) => u.permissions.includes('activity.record') || runsDispatch(u),
      group: 'dispatch',
    },
    {
      key: 'activitySummary',
      path: '/activities/summary',
      icon: <BarChartOutlined />,
      permission: 'registry.read',
      show: runsDispatch,
      group: 'dispatch',
    },
    {
      key: 'personnelFigures',
      path: '/personnel/figures',
      icon: <FundOutlined />,
      permission: 'registry.read',
      show: runsDispatch,
      group: 'dispatch',
    },
    {
      key: 'trainingProgrammes',
      path: '/training/programmes',
      icon: <SolutionOutlined />,
      permission: 'registry.read',
      show: (u) => u.permissions.some((p) => p.startsWith('training.')) || u.role === 'commission_supervisor',
      group: 'training',
    },
    {
      key: 'trainingEnrolments',
      path: '/training/enrolments',
      icon: <TeamOutlined />,
      permission: 'registry.read',
      show: (u) => u.permissions.some((p) => p.startsWith('training.')) || u.role === 'commission_supervisor',
      group: 'training',
    },
    {
      key: 'consultationNew',
      path: '/consultations/new',
      icon: <FileAddOutlined />,
      permission: 'consultation.request',
      show: (u) => !!u.institutionId,
      group: 'consultation',
    },
    {
      key: 'consultationRequested',
      path: '/consultations/requested',
      icon: <VideoCameraOutlined />,
      permission: 'consultation.request',
      show: (u) => !!u.institutionId,
      group: 'consultation',
    },
    {
      key: 'consultationIncoming',
      path: '/consultations/incoming',
      icon: <SolutionOutlined />,
      permission: 'consultation.handle',
      show: (u) => !!u.institutionId,
      group: 'consultation',
    },
    // 协同治理 (governance): the council and its documents, goals and key projects.
    {
      key: 'council',
      path: '/council',
      icon: <BankOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'governance',
    },
    {
      key: 'councilDocuments',
      path: '/council/documents',
      icon: <FileProtectOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'governance',
    },
    {
      key: 'goals',
      path: '/goals',
      icon: <AimOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'governance',
    },
    {
      key: 'keyProjects',
      path: '/key-projects',
      icon: <SafetyCertificateOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'governance',
    },
    // Meetings and the problem ledger (问题清单台账).
    {
      key: 'meetings',
      path: '/meetings',
      icon: <CommentOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'governance',
    },
    {
      key: 'problems',
      path: '/problems',
      icon: <IssuesCloseOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'governance',
    },
    {
      key: 'consultationAll',
      path: '/consultations/all',
      icon: <VideoCameraOutlined />,
      permission: 'registry.read',
      show: (u) => !consults(u) && (u.role === 'consortium_office' || u.role === 'platform_admin'),
      group: 'consultation',
    },
    {
      key: 'consultationFigures',
      path: '/consultations/figures',
      icon: <BarChartOutlined />,
      permission: 'registry.read',
      show: (u) => consults(u) || u.role === 'consortium_office' || u.role === 'platform_admin',
      group: 'consultation',
    },
    // 考核与监测: the dashboards first (the commission's is its landing page), then the data behind them.
    {
      key: 'dashboardCommission',
      path: '/dashboards/commission',
      icon: <FundOutlined />,
      permission: 'registry.read',
      show: (u) => u.role === 'commission_supervisor' || u.role === 'platform_admin',
      group: 'indicators',
    },
    {
      key: 'dashboardConsortium',
      path: `/dashboards/consortia/${me.consortiumId}`,
      icon: <FundOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId && (u.role === 'consortium_office' || !u.institutionId),
      group: 'indicators',
    },
    {
      key: 'dashboardMember',
      path: `/dashboards/institutions/${me.institutionId}`,
      icon: <FundOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.institutionId,
      group: 'indicators',
    },
    {
      key: 'indicators',
      path: '/indicators',
      icon: <AimOutlined />,
      permission: 'registry.read',
      group: 'indicators',
    },
    {
      key: 'reportForms',
      path: '/report-forms',
      icon: <FormOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'indicators',
    },
    {
      key: 'assessmentSchemes',
      path: '/assessment/schemes',
      icon: <CarryOutOutlined />,
      permission: 'registry.read',
      show: (u) => !!u.consortiumId || u.role === 'platform_admin',
      group: 'indicators',
    },
    {
      key: 'institutions',
      path: '/institutions',
      icon: <BankOutlined />,
      permission: 'registry.read',
      group: 'registry',
    },
    {
      key: 'departments',
      path: '/departments',
      icon: <ClusterOutlined />,
      permission: 'registry.read',
      group: 'registry',
    },
    { key: 'staff', path: '/staff', icon: <TeamOutlined />, permission: 'registry.read', group: 'registry' },
    {
      key: 'agreements',
      path: '/agreements',
      icon: <FileProtectOutlined />,
      permission: 'registry.read',
      group: 'registry',
    },
    {
      // Joining takes both sides: the office invites, the institution's administrator answers.
      key: 'invitations',
      path: '/invitations',
      icon: <UserAddOutlined />,
      permission: 'registry.read',
      show: (u) =>
        u.role === 'platform_admin' || u.role === 'consortium_office' || u.role === 'institution_admin',
      group: 'registry',
    },
    { key: 'users', path: '/users', icon: <UserOutlined />, permission: 'user.manage', group: 'system' },
    // Hospital systems that call the FHIR API with their own keys (SMART Backend Services).
    { key: 'clients', path: '/clients', icon: <ApiOutlined />, permission: 'client.manage', group: 'system' },
    { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit.read', group: 'system' },
    { key: 'account', path: '/account/password', icon: <KeyOutlined />, group: 'system' },
  ];
  return all.filter(
    (i) => (!i.permission || me.permissions.includes(i.permission)) && (!i.show || i.show(me)),
  );
}

function selectedKey(items: NavItem[], pathname: string): string | undefined {
  // A referral's own pages belong to the referral lists (the inbox, else the outbox or all).
  if (/^\/referrals\/(?!inbox|outbox|all|new)[^/]+/.test(pathname))
    return items.find(
      (i) => i.key === 'referralInbox' || i.key === 'referralOutbox' || i.key === 'referralAll',
    )?.key;
  // A consultation's own pages belong to its lists (the centre's first, else the requester's, else all).
  if (/^\/consultations\/(?!requested|incoming|all|new|figures)[^/]+/.test(pathname))
    return ['consultationIncoming', 'consultationRequested', 'consultationAll'].find((k) =>
      items.some((i) => i.key === k),
    );
  // The longest path that the location starts with (overview beats the consortium list).
  let best: NavItem | undefined;
  for (const i of items) {
    if (pathname === i.path || pathname.startsWith(`${i.path}/`)) {
      if (!best || i.path.length > best.path.length) best = i;
    }
  }
  return best?.key;
}

/** The signed-in shell: side menu (a drawer on phones), header with language and user menu. */
export default function AppLayout() {
  return (
    <App component={false}>
      <Shell />
    </App>
  );
}

function Shell() {
  const me = useCurrentUser();
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const items = useMemo(() => navItems(me), [me]);
  const selected = selectedKey(items, location.pathname);
  const toMenuItem = (i: NavItem) => ({
    key: i.key,
    icon: i.icon,
    label: <span data-testid={`nav-${i.key}`}>{t(`nav.${i.key}`)}</span>,
  });
  // Ungrouped items first, then each group under its heading (a divider when the menu is folded).
  const menuItems: MenuProps['items'] = [
    ...items.filter((i) => !i.group).map(toMenuItem),
    ...(
      [
        'referral',
        'sharing',
        'consultation',
        'dispatch',
        'training',
        'governance',
        'indicators',
        'registry',
        'system',
      ] as const
    ).flatMap((g): NonNullable<MenuProps['items']> => {
      const children = items.filter((i) => i.group === g).map(toMenuItem);
      if (children.length === 0) return [];
      return collapsed && !mobile
        ? [{ type: 'divider' as const, key: `divider-${g}` }, ...children]
        : [{ type: 'group' as const, key: `group-${g}`, label: t(`nav.groups.${g}`), children }];
    }),
  ];
  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    const item = items.find((i) => i.key === key);
    if (item) navigate(item.path);
    setDrawerOpen(false);
  };
  const menu = (
    <Menu
      mode="inline"
      items={menuItems}
      selectedKeys={selected ? [selected] : []}
      onClick={onMenuClick}
      aria-label={t('nav.main')}
      data-testid="main-menu"
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const doLogout = () =>
    logout.mutate(undefined, {
      onSettled: () => navigate('/login', { replace: true, state: { loggedOut: true } }),
    });

  const brand = (
    <div className="app-brand">
      <img src="/favicon.svg" alt="" />
      {(!collapsed || mobile) && <span>{t('app.name')}</span>}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      {!mobile && (
        <Layout.Sider
          width={216}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          style={{
            borderInlineEnd: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            height: '100vh',
            overflowY: 'auto',
          }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', padding: '0 20px' }}>{brand}</div>
          {menu}
        </Layout.Sider>
      )}
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={brand}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="app-header">
          {mobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.open')}
              data-testid="nav-toggle"
            />
          )}
          {mobile && brand}
          {!mobile && (me.consortiumName || me.institutionName) && (
            <Typography.Text type="secondary" ellipsis style={{ minWidth: 0 }}>
              <SafetyCertificateOutlined /> {me.consortiumName ?? ''}
              {me.institutionName ? ` · ${me.institutionName}` : ''}
            </Typography.Text>
          )}
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  disabled: true,
                  label: (
                    <div>
                      <div>{me.displayName}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {me.username} · {t(`enums.role.${me.role}`)}
                      </Typography.Text>
                    </div>
                  ),
                },
                { type: 'divider' },
                {
                  key: 'password',
                  icon: <KeyOutlined />,
                  label: <span data-testid="menu-change-password">{t('auth.changePassword')}</span>,
                  onClick: () => navigate('/account/password'),
                },
                {
                  key: 'logout',
                  icon: <LogoutOutlined />,
                  danger: true,
                  label: <span data-testid="menu-logout">{t('auth.logout')}</span>,
                  onClick: doLogout,
                },
              ],
            }}
          >
            <Button
              type="text"
              data-testid="user-menu"
              aria-label={t('header.userMenu')}
              style={{ paddingInline: 6 }}
            >
              <Avatar size="small" style={{ backgroundColor: '#0b6e4f' }} icon={<UserOutlined />} />
              {!mobile && <span style={{ marginInlineStart: 6 }}>{me.displayName}</span>}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className={mobile ? 'app-content app-content-mobile' : 'app-content'}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
