import { Button, Result } from 'antd';
import { useT } from '../i18n/shared-messages';

/** What a page shows when its data could not be loaded. */
export function LoadError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const t = useT();
  return (
    <Result
      status="warning"
      title={t('error.loadFailed')}
      subTitle={error.message}
      data-testid="load-error"
      extra={
        onRetry ? (
          <Button onClick={onRetry} data-testid="load-error-retry">
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
