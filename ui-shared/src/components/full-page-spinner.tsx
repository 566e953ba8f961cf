import { Flex, Spin } from 'antd';
import { useT } from '../i18n/shared-messages';

export function FullPageSpinner() {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }} data-testid="page-loading">
      <Spin size="large" description={t('app.loading')} />
    </Flex>
  );
}
