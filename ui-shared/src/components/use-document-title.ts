import { useEffect } from 'react';
import { useT } from '../i18n/shared-messages';

/** Keeps the browser tab title as "<product> · <subtitle>" in the current UI language. */
export function useDocumentTitle(subtitle?: string): void {
  const t = useT();
  const title = subtitle ? `${t('app.productName')} · ${subtitle}` : t('app.productName');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
