import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect } from 'react';
import { useLanguage } from './language';

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } as const;
const DAYJS_LOCALES = { 'zh-CN': 'zh-cn', en: 'en' } as const;

/** Keeps antd, dayjs and `<html lang>` on the current UI language. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const language = useLanguage();
  dayjs.locale(DAYJS_LOCALES[language]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <ConfigProvider locale={ANTD_LOCALES[language]}>{children}</ConfigProvider>;
}
