import { NotFoundPage } from '@rapport/ui-shared';
import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AdminShell } from './components/admin-shell';
import { HomeRedirect } from './components/home-redirect';
import { InstitutionScope } from './components/institution-scope';
import { RequirePlatformAdmin } from './components/require-platform-admin';
import { LoginRoute } from './pages/login-route';

const InstitutionsPage = lazy(() => import('./pages/institutions-page'));
const UsersPage = lazy(() => import('./pages/users-page'));
const EventsPage = lazy(() => import('./pages/events-page'));
const OrgPage = lazy(() => import('./pages/org-page'));
const ManagersPage = lazy(() => import('./pages/managers-page'));
const SelectionPage = lazy(() => import('./pages/selection-page'));
const GradesPage = lazy(() => import('./pages/grades-page'));
const FormsPage = lazy(() => import('./pages/forms-page'));
const FormBuilderPage = lazy(() => import('./pages/form-builder-page'));
const WorkflowsPage = lazy(() => import('./pages/workflows-page'));
const WorkflowDesignerPage = lazy(() => import('./pages/workflow-designer-page'));
const IndicatorsPage = lazy(() => import('./pages/indicators-page'));
const CyclesPage = lazy(() => import('./pages/cycles-page'));
const CyclePage = lazy(() => import('./pages/cycle-page'));
const ReportsPage = lazy(() => import('./pages/reports-page'));
const AuditPlansPage = lazy(() => import('./pages/audit-plans-page'));
const AuditPlanPage = lazy(() => import('./pages/audit-plan-page'));
const PluginsPage = lazy(() => import('./pages/plugins-page'));
const RulesPage = lazy(() => import('./pages/rules-page'));
const NewWorkflowDesignerPage = lazy(() =>
  import('./pages/workflow-designer-page').then((page) => ({ default: page.NewWorkflowDesignerPage })),
);

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginRoute /> },
    {
      path: '/',
      element: <AdminShell />,
      children: [
        { index: true, element: <HomeRedirect /> },
        {
          path: 'institutions',
          element: (
            <RequirePlatformAdmin>
              <InstitutionsPage />
            </RequirePlatformAdmin>
          ),
        },
        {
          path: 'institutions/:institutionId',
          element: <InstitutionScope />,
          children: [
            { index: true, element: <Navigate to="users" replace /> },
            { path: 'users', element: <UsersPage /> },
            { path: 'events', element: <EventsPage /> },
            { path: 'org', element: <OrgPage /> },
            { path: 'managers', element: <ManagersPage /> },
            { path: 'selection', element: <SelectionPage /> },
            { path: 'selection/:driveId', element: <SelectionPage /> },
            { path: 'grades', element: <GradesPage /> },
            { path: 'forms', element: <FormsPage /> },
            { path: 'forms/:formId', element: <FormBuilderPage /> },
            { path: 'workflows', element: <WorkflowsPage /> },
            { path: 'workflows/new', element: <NewWorkflowDesignerPage /> },
            { path: 'workflows/:workflowId', element: <WorkflowDesignerPage /> },
            { path: 'indicators', element: <IndicatorsPage /> },
            { path: 'cycles', element: <CyclesPage /> },
            { path: 'cycles/:cycleId', element: <CyclePage /> },
            { path: 'reports', element: <ReportsPage /> },
            { path: 'audits', element: <AuditPlansPage /> },
            { path: 'audits/:planId', element: <AuditPlanPage /> },
            { path: 'plugins', element: <PluginsPage /> },
            { path: 'rules', element: <RulesPage /> },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
