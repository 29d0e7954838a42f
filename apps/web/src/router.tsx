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
const InvitationListPage = lazy(() => import('./pages/registry/InvitationListPage'));
const UserListPage = lazy(() => import('./pages/users/UserListPage'));
const ClientListPage = lazy(() => import('./pages/clients/ClientListPage'));
const ClientDetailPage = lazy(() => import('./pages/clients/ClientDetailPage'));
const AuditLogPage = lazy(() => import('./pages/audit/AuditLogPage'));
const ReferralListPage = lazy(() => import('./pages/referral/ReferralListPage'));
const NewReferralPage = lazy(() => import('./pages/referral/NewReferralPage'));
const ReferralDetailPage = lazy(() => import('./pages/referral/ReferralDetailPage'));
const ReferralPrintPage = lazy(() => import('./pages/referral/ReferralPrintPage'));
const CapacityPage = lazy(() => import('./pages/referral/CapacityPage'));
const FollowUpPage = lazy(() => import('./pages/referral/FollowUpPage'));
// Remote consultation (远程会诊) and shared resources (医疗资源共享).
const ConsultationListPage = lazy(() => import('./pages/consultation/ConsultationListPage'));
const NewConsultationPage = lazy(() => import('./pages/consultation/NewConsultationPage'));
const ConsultationDetailPage = lazy(() => import('./pages/consultation/ConsultationDetailPage'));
const ConsultationPrintPage = lazy(() => import('./pages/consultation/ConsultationPrintPage'));
const ConsultationFiguresPage = lazy(() => import('./pages/consultation/ConsultationFiguresPage'));
const ResourceListPage = lazy(() => import('./pages/sharing/ResourceListPage'));
const ResourceDetailPage = lazy(() => import('./pages/sharing/ResourceDetailPage'));
const BookingListPage = lazy(() => import('./pages/sharing/BookingListPage'));
const SharingFiguresPage = lazy(() => import('./pages/sharing/SharingFiguresPage'));
const ProgrammeListPage = lazy(() => import('./pages/dispatch/ProgrammeListPage'));
const BatchListPage = lazy(() => import('./pages/dispatch/BatchListPage'));
const BatchDetailPage = lazy(() => import('./pages/dispatch/BatchDetailPage'));
const HostViewPage = lazy(() => import('./pages/dispatch/HostViewPage'));
// Governance (协同治理): the council and its documents, goals and key projects.
const CouncilPage = lazy(() => import('./pages/council/CouncilPage'));
const DocumentListPage = lazy(() => import('./pages/council/DocumentListPage'));
const DocumentDetailPage = lazy(() => import('./pages/council/DocumentDetailPage'));
const GoalPage = lazy(() => import('./pages/goal/GoalPage'));
const ProjectListPage = lazy(() => import('./pages/goal/ProjectListPage'));
const ProjectDetailPage = lazy(() => import('./pages/goal/ProjectDetailPage'));
// Meetings, the problem ledger (问题清单台账) and 我的待办.
const MeetingListPage = lazy(() => import('./pages/meeting/MeetingListPage'));
const MeetingDetailPage = lazy(() => import('./pages/meeting/MeetingDetailPage'));
const MeetingCheckInPage = lazy(() => import('./pages/meeting/MeetingCheckInPage'));
const ProblemListPage = lazy(() => import('./pages/ledger/ProblemListPage'));
const ProblemDetailPage = lazy(() => import('./pages/ledger/ProblemDetailPage'));
const MyWorkPage = lazy(() => import('./pages/mywork/MyWorkPage'));
const DemandPage = lazy(() => import('./pages/dispatch/DemandPage'));
const ExpertPage = lazy(() => import('./pages/dispatch/ExpertPage'));
const PlanListPage = lazy(() => import('./pages/dispatch/PlanListPage'));
const PlanDetailPage = lazy(() => import('./pages/dispatch/PlanDetailPage'));
// The activity log of stationed experts, its summary, the personnel figures; training up.
const ActivityLogPage = lazy(() => import('./pages/activity/ActivityLogPage'));
const ActivitySummaryPage = lazy(() => import('./pages/activity/ActivitySummaryPage'));
const PersonnelFiguresPage = lazy(() => import('./pages/activity/PersonnelFiguresPage'));
const TrainingProgrammeListPage = lazy(() => import('./pages/training/TrainingProgrammeListPage'));
const TrainingProgrammeDetailPage = lazy(() => import('./pages/training/TrainingProgrammeDetailPage'));
const EnrolmentListPage = lazy(() => import('./pages/training/EnrolmentListPage'));
// Indicators, report forms, assessment schemes (考核) and the dashboards.
const IndicatorListPage = lazy(() => import('./pages/indicator/IndicatorListPage'));
const ReportFormListPage = lazy(() => import('./pages/indicator/ReportFormListPage'));
const ReportFormPage = lazy(() => import('./pages/indicator/ReportFormPage'));
const SchemeListPage = lazy(() => import('./pages/assessment/SchemeListPage'));
const SchemeResultsPage = lazy(() => import('./pages/assessment/SchemeResultsPage'));
const ConsortiumDashboardPage = lazy(() => import('./pages/dashboard/ConsortiumDashboardPage'));
const MemberDashboardPage = lazy(() => import('./pages/dashboard/MemberDashboardPage'));
const CommissionPage = lazy(() => import('./pages/dashboard/CommissionPage'));
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
      // The printable referral slip: an A4 sheet, no menu or header around it.
      {
        path: 'referrals/:id/print',
        element: <Page component={ReferralPrintPage} permission="referral.read" />,
      },
      // The signed remote-consultation report (远程会诊报告), an A4 sheet like the referral slip.
      {
        path: 'consultations/:id/print',
        element: <Page component={ConsultationPrintPage} permission="registry.read" />,
      },
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
          {
            path: 'invitations',
            element: <Page component={InvitationListPage} permission="registry.read" />,
          },
          { path: 'users', element: <Page component={UserListPage} permission="user.manage" /> },
          { path: 'clients', element: <Page component={ClientListPage} permission="client.manage" /> },
          { path: 'clients/:id', element: <Page component={ClientDetailPage} permission="client.manage" /> },
          { path: 'audit', element: <Page component={AuditLogPage} permission="audit.read" /> },
          // The three lists are one page that reads its box from the path.
          {
            path: 'referrals/inbox',
            element: <Page component={ReferralListPage} permission="referral.read" />,
          },
          {
            path: 'referrals/outbox',
            element: <Page component={ReferralListPage} permission="referral.read" />,
          },
          {
            path: 'referrals/all',
            element: <Page component={ReferralListPage} permission="referral.read" />,
          },
          {
            path: 'referrals/new',
            element: <Page component={NewReferralPage} permission="referral.create" />,
          },
          {
            path: 'referrals/:id',
            element: <Page component={ReferralDetailPage} permission="referral.read" />,
          },
          { path: 'capacity', element: <Page component={CapacityPage} permission="referral.read" /> },
          { path: 'follow-ups', element: <Page component={FollowUpPage} permission="referral.read" /> },
          // Remote consultation: the three lists are one page that reads its box from the path.
          {
            path: 'consultations/requested',
            element: <Page component={ConsultationListPage} permission="consultation.request" />,
          },
          {
            path: 'consultations/incoming',
            element: <Page component={ConsultationListPage} permission="consultation.handle" />,
          },
          {
            path: 'consultations/all',
            element: <Page component={ConsultationListPage} permission="registry.read" />,
          },
          {
            path: 'consultations/new',
            element: <Page component={NewConsultationPage} permission="consultation.request" />,
          },
          {
            path: 'consultations/figures',
            element: <Page component={ConsultationFiguresPage} permission="registry.read" />,
          },
          {
            path: 'consultations/:id',
            element: <Page component={ConsultationDetailPage} permission="registry.read" />,
          },
          // Shared resources: the catalogue, a resource's slots, the two booking lists, the figures.
          { path: 'resources', element: <Page component={ResourceListPage} permission="registry.read" /> },
          {
            path: 'resources/:id',
            element: <Page component={ResourceDetailPage} permission="registry.read" />,
          },
          { path: 'bookings/ours', element: <Page component={BookingListPage} permission="sharing.book" /> },
          {
            path: 'bookings/at-ours',
            element: <Page component={BookingListPage} permission="sharing.handle" />,
          },
          {
            path: 'sharing/figures',
            element: <Page component={SharingFiguresPage} permission="registry.read" />,
          },
          // Expert dispatch (人员下沉): programmes, batches, the host's view, demand, the pool, plans.
          {
            path: 'dispatch/programmes',
            element: <Page component={ProgrammeListPage} permission="dispatch.read" />,
          },
          {
            path: 'dispatch/batches',
            element: <Page component={BatchListPage} permission="dispatch.read" />,
          },
          {
            path: 'dispatch/batches/:id',
            element: <Page component={BatchDetailPage} permission="dispatch.read" />,
          },
          { path: 'dispatch/host', element: <Page component={HostViewPage} permission="dispatch.read" /> },
          { path: 'dispatch/demand', element: <Page component={DemandPage} permission="dispatch.read" /> },
          { path: 'dispatch/experts', element: <Page component={ExpertPage} permission="dispatch.read" /> },
          { path: 'dispatch/plans', element: <Page component={PlanListPage} permission="dispatch.read" /> },
          {
            path: 'dispatch/plans/:id',
            element: <Page component={PlanDetailPage} permission="dispatch.read" />,
          },
          { path: 'activities', element: <Page component={ActivityLogPage} permission="registry.read" /> },
          {
            path: 'activities/summary',
            element: <Page component={ActivitySummaryPage} permission="registry.read" />,
          },
          {
            path: 'personnel/figures',
            element: <Page component={PersonnelFiguresPage} permission="registry.read" />,
          },
          {
            path: 'training/programmes',
            element: <Page component={TrainingProgrammeListPage} permission="registry.read" />,
          },
          {
            path: 'training/programmes/:id',
            element: <Page component={TrainingProgrammeDetailPage} permission="registry.read" />,
          },
          {
            path: 'training/enrolments',
            element: <Page component={EnrolmentListPage} permission="registry.read" />,
          },
          { path: 'my-work', element: <Page component={MyWorkPage} /> },
          { path: 'meetings', element: <Page component={MeetingListPage} permission="registry.read" /> },
          {
            path: 'meetings/:id',
            element: <Page component={MeetingDetailPage} permission="registry.read" />,
          },
          // The door's QR code leads here: a phone signs its user in at once.
          {
            path: 'meetings/:id/check-in',
            element: <Page component={MeetingCheckInPage} permission="registry.read" />,
          },
          { path: 'problems', element: <Page component={ProblemListPage} permission="registry.read" /> },
          {
            path: 'problems/:id',
            element: <Page component={ProblemDetailPage} permission="registry.read" />,
          },
          { path: 'council', element: <Page component={CouncilPage} permission="registry.read" /> },
          {
            path: 'council/documents',
            element: <Page component={DocumentListPage} permission="registry.read" />,
          },
          {
            path: 'council/documents/:id',
            element: <Page component={DocumentDetailPage} permission="registry.read" />,
          },
          { path: 'goals', element: <Page component={GoalPage} permission="registry.read" /> },
          { path: 'key-projects', element: <Page component={ProjectListPage} permission="registry.read" /> },
          {
            path: 'key-projects/:id',
            element: <Page component={ProjectDetailPage} permission="registry.read" />,
          },
          { path: 'indicators', element: <Page component={IndicatorListPage} permission="registry.read" /> },
          {
            path: 'report-forms',
            element: <Page component={ReportFormListPage} permission="registry.read" />,
          },
          {
            path: 'report-forms/:id',
            element: <Page component={ReportFormPage} permission="registry.read" />,
          },
          {
            path: 'assessment/schemes',
            element: <Page component={SchemeListPage} permission="registry.read" />,
          },
          {
            path: 'assessment/schemes/:id',
            element: <Page component={SchemeResultsPage} permission="registry.read" />,
          },
          {
            path: 'dashboards/consortia/:id',
            element: <Page component={ConsortiumDashboardPage} permission="registry.read" />,
          },
          {
            path: 'dashboards/institutions/:id',
            element: <Page component={MemberDashboardPage} permission="registry.read" />,
          },
          {
            path: 'dashboards/commission',
            element: <Page component={CommissionPage} permission="registry.read" />,
          },
          { path: 'account/password', element: <Page component={ChangePasswordPage} /> },
          { path: '*', element: <Page component={NotFoundPage} /> },
        ],
      },
    ],
  },
]);
