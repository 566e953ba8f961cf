import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, type RouterProviderProps } from 'react-router';
import { AppProviders } from './app-providers';

/** Renders an app's router, inside the shared providers, into index.html's #root element. */
export function mountApp(router: RouterProviderProps['router']) {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');

  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  );
}
