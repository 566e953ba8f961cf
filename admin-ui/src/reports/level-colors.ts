import type { Message, ResultLevel } from '@rapport/schemas';
import type { Language } from '@rapport/ui-shared';

/** One colour per result level, the same in every chart. */
export const LEVEL_COLORS: Record<ResultLevel, string> = {
  excellent: '#389e0d',
  good: '#1677ff',
  qualified: '#d4b106',
  unqualified: '#cf1322',
};

/** A bilingual label in the UI language. */
export const inLanguage = (message: Message, language: Language) =>
  language === 'en' ? message.en : message.zh;
