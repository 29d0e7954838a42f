import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import type { Permission } from '@yilian/domain';
import { useMe } from './api/auth';
import { CurrentUserContext, homePath, useCan } from './hooks/useAuth';
import { PageSpinner } from './components/PageSpinner';
import { loadShell, rememberSignedIn } from './shell';

// Every page is its own chunk.
const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/auth/ChangePasswordPage'));
const ConsortiumListPage = lazy(() => import('./pages/registry/ConsortiumListPage'));
const ConsortiumOverviewPage = lazy(() => import('./pages/registry/ConsortiumOverviewPage'));
const InstitutionListPage = lazy(() => import('./pages/registry/InstitutionListPage'));
const DepartmentListPage = lazy(() => import('./pages/registry/DepartmentListPage'));
const StaffListPage = lazy(() => import('./pages/registry/StaffListPage'));
const AgreementListPage = lazy(() => import('./pages/registry/AgreementListPage'));
const UserListPage = lazy(() => import('./pages/users/UserListPage'));
const AuditLogPage = lazy(() => import('./pages/audit/AuditLogPage'));
const NotFoundPage = lazy(() => import('./pages/system/NotFoundPage'));
const ForbiddenPage = lazy(() => import('./pages/system/ForbiddenPage'));
const LoadFailedPage = lazy(() => import('./pages/system/LoadFailedPage'));
const AppLayout = lazy(loadShell);

function Page({ component: C, permission }: { component: ComponentType; permission?: Permission }) {
  return (
    <RequirePermission permission={permission}>
      <Suspense fallback={<PageSpinner />}>
        <C />
      </Suspense>
    </RequirePermission>
  );
}

function RequirePermission({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const can = useCan();
  if (permission && !can(permission)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** Signed in, or off to the sign-in page (coming back here afterwards). */
function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSpinner />;
  if (me.isError)
    return (
      <Suspense fallback={<PageSpinner />}>
        <LoadFailedPage error={me.error} onRetry={() => void me.refetch()} />
      </Suspense>
    );
  if (!me.data) {
    rememberSignedIn(false);
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== '/account/password')
    return <Navigate to="/account/password" replace />;
  return (
    <CurrentUserContext.Provider value={me.data}>
      <Suspense fallback={<PageSpinner />}>
        <Outlet />
      </Suspense>
    </CurrentUserContext.Provider>
  );
}

function HomeRedirect() {
  const me = useMe();
  return me.data ? <Navigate to={homePath(me.data)} replace /> : null;
}

function LoginRoute() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <LoginPage />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'consortia', element: <Page component={ConsortiumListPage} permission="registry.read" /> },
          {
            path: 'consortia/:id',
            element: <Page component={ConsortiumOverviewPage} permission="registry.read" />,
          },
          {
            path: 'institutions',
            element: <Page component={InstitutionListPage} permission="registry.read" />,
          },
          {
            path: 'departments',
            element: <Page component={DepartmentListPage} permission="registry.read" />,
          },
          { path: 'staff', element: <Page component={StaffListPage} permission="registry.read" /> },
          { path: 'agreements', element: <Page component={AgreementListPage} permission="registry.read" /> },
          { path: 'users', element: <Page component={UserListPage} permission="user.manage" /> },
          { path: 'audit', element: <Page component={AuditLogPage} permission="audit.read" /> },
          { path: 'account/password', element: <Page component={ChangePasswordPage} /> },
          { path: '*', element: <Page component={NotFoundPage} /> },
        ],
      },
    ],
  },
]);
