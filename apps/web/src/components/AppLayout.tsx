import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Me, Permission } from '@yilian/domain';
import { useLogout } from '../api/auth';
import { useCurrentUser } from '../hooks/useAuth';
import { useIsMobile } from '../hooks/useIsMobile';
import { LanguageSwitch } from './LanguageSwitch';
import { PageSpinner } from './PageSpinner';

interface NavItem {
  key: string;
  path: string;
  icon: React.ReactNode;
  permission?: Permission;
  show?: (me: Me) => boolean;
}

/** The modules, in order. The menu shows those the user's permissions open. */
function navItems(me: Me): NavItem[] {
  const all: NavItem[] = [
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
    { key: 'institutions', path: '/institutions', icon: <BankOutlined />, permission: 'registry.read' },
    { key: 'departments', path: '/departments', icon: <ClusterOutlined />, permission: 'registry.read' },
    { key: 'staff', path: '/staff', icon: <TeamOutlined />, permission: 'registry.read' },
    { key: 'agreements', path: '/agreements', icon: <FileProtectOutlined />, permission: 'registry.read' },
    { key: 'users', path: '/users', icon: <UserOutlined />, permission: 'user.manage' },
    { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit.read' },
    { key: 'account', path: '/account/password', icon: <KeyOutlined /> },
  ];
  return all.filter(
    (i) => (!i.permission || me.permissions.includes(i.permission)) && (!i.show || i.show(me)),
  );
}

function selectedKey(items: NavItem[], pathname: string): string | undefined {
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
  const menuItems: MenuProps['items'] = items.map((i) => ({
    key: i.key,
    icon: i.icon,
    label: <span data-testid={`nav-${i.key}`}>{t(`nav.${i.key}`)}</span>,
  }));
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
          style={{ borderInlineEnd: '1px solid #f0f0f0', position: 'sticky', top: 0, height: '100vh' }}
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
