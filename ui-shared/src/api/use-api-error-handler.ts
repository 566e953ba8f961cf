import { App } from 'antd';
import { useCallback } from 'react';
import { useT } from '../i18n/shared-messages';
import { isApiError } from './api-error';

/**
 * Reports a failed mutation with antd's message. A stale `rev` (409 `ERR_CONFLICT`) gets the
 * "someone else changed this" text and `onConflict`, which should reload the data.
 */
export function useApiErrorHandler() {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (error: unknown, options: { onConflict?: () => void } = {}) => {
      if (isApiError(error, 'ERR_CONFLICT')) {
        message.warning(t('error.conflict'));
        options.onConflict?.();
        return;
      }
      message.error(error instanceof Error && error.message ? error.message : t('error.loadFailed'));
    },
    [message, t],
  );
}
