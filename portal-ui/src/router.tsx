import { NotFoundPage } from '@rapport/ui-shared';
import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { PortalShell } from './components/portal-shell';
import { LoginRoute } from './pages/login-route';

const HomePage = lazy(() => import('./pages/home-page'));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  {
    path: '/',
    element: <PortalShell />,
    children: [
      { index: true, element: <HomePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
