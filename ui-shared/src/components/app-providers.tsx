import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp } from 'antd';
import { type ReactNode, useState } from 'react';
import { createQueryClient } from '../api/create-query-client';
import { I18nProvider } from '../i18n/i18n-provider';

/** Query cache, i18n (antd locale included) and antd's message/modal context, in that order. */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdApp>{children}</AntdApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
