import { FullPageSpinner, NotFoundPage } from '@rapport/ui-shared';
import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { PortalShell } from './components/portal-shell';
import { LoginRoute } from './pages/login-route';

const HomePage = lazy(() => import('./pages/home-page'));
const FormsPage = lazy(() => import('./pages/forms-page'));
const FillFormPage = lazy(() => import('./pages/fill-form-page'));
const SubmissionsPage = lazy(() => import('./pages/submissions-page'));
const SubmissionPage = lazy(() => import('./pages/submission-page'));
const InboxPage = lazy(() => import('./pages/inbox-page'));
const InstancePage = lazy(() => import('./pages/instance-page'));
const MyAppraisalsPage = lazy(() => import('./pages/my-appraisals-page'));
const AppraisalPage = lazy(() => import('./pages/appraisal-page'));
const EvaluatePage = lazy(() => import('./pages/evaluate-page'));
const CustomersPage = lazy(() => import('./pages/customers-page'));
const CustomerPage = lazy(() => import('./pages/customer-page'));
const WeeklyEntryPage = lazy(() => import('./pages/weekly-entry-page'));
const CoreCustomersPage = lazy(() => import('./pages/core-customers-page'));
const AuditsPage = lazy(() => import('./pages/audits-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  // A sampled customer's one-time link: no sign-in.
  {
    path: '/evaluate/:token',
    element: (
      <Suspense fallback={<FullPageSpinner />}>
        <EvaluatePage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: <PortalShell />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'forms', element: <FormsPage /> },
      { path: 'forms/:formId/fill', element: <FillFormPage /> },
      { path: 'submissions', element: <SubmissionsPage /> },
      { path: 'submissions/:submissionId', element: <SubmissionPage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'inbox/:instanceId', element: <InstancePage /> },
      { path: 'appraisals', element: <MyAppraisalsPage /> },
      { path: 'appraisals/:appraisalId', element: <AppraisalPage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:customerId', element: <CustomerPage /> },
      { path: 'weekly-entry', element: <WeeklyEntryPage /> },
      { path: 'core-customers', element: <CoreCustomersPage /> },
      { path: 'audits', element: <AuditsPage /> },
      { path: 'audits/:auditId', element: <AuditPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
