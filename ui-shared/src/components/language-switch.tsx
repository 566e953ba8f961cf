import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { setLanguage, useLanguage } from '../i18n/language';
import { useT } from '../i18n/shared-messages';

/** Toggles between zh-CN and English; the label names the language you switch to. */
export function LanguageSwitch() {
  const language = useLanguage();
  const t = useT();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      aria-label={t('lang.switchLabel')}
      title={t('lang.switchLabel')}
      data-testid="lang-switch"
      onClick={() => setLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
