import dayjs from 'dayjs';
import type { Industry, LocalisedName, Role } from '../api/types';
import type { Translate } from './define-messages';
import type { Language } from './language';
import type { SharedMessageKey } from './shared-messages';

export function formatDateTime(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm');
}

export function roleLabel(t: Translate<SharedMessageKey>, role: Role): string {
  return t(`role.${role}`);
}

export function industryLabel(t: Translate<SharedMessageKey>, industry: Industry): string {
  return t(`industry.${industry}`);
}

/** Picks the name in the UI language, falling back to the other one when it is empty. */
export function localisedName(name: LocalisedName, language: Language): string {
  return (language === 'en' ? name.en || name.zh : name.zh || name.en) ?? '';
}
