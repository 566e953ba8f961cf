import { useCallback } from 'react';
import { type Language, useLanguage } from './language';

export type MessageVars = Record<string, string | number>;

export type Translate<K extends string> = (key: K, vars?: MessageVars) => string;

export interface MessageBundle<K extends string> {
  /** Translates outside React (e.g. in the API client). */
  translate: (language: Language, key: K, vars?: MessageVars) => string;
  /** Hook returning `t(key, vars)` bound to the current UI language. */
  useT: () => Translate<K>;
  /** Whether `key` is in the dictionary, for keys built from open-ended data (event actions). */
  has: (key: string) => key is K;
}

function interpolate(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/**
 * Declares a typed dictionary. zh-CN is the reference: `en` must carry exactly the same keys,
 * so a string missing in one language fails the type check.
 */
export function defineMessages<const Z extends Record<string, string>>(
  zhCN: Z,
  en: { [K in keyof Z]: string },
): MessageBundle<Extract<keyof Z, string>> {
  type K = Extract<keyof Z, string>;
  const dictionaries: Record<Language, Record<K, string>> = { 'zh-CN': zhCN, en };
  const translate = (language: Language, key: K, vars?: MessageVars) =>
    interpolate(dictionaries[language][key] ?? key, vars);
  const useT = () => {
    const language = useLanguage();
    return useCallback((key: K, vars?: MessageVars) => translate(language, key, vars), [language]);
  };
  const has = (key: string): key is K => Object.hasOwn(zhCN, key);
  return { translate, useT, has };
}
