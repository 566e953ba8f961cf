import {
  APPRAISAL_STEPS,
  type AppraisalStep,
  EVALUATION_SOURCE_LABELS,
  type EvaluationSource,
  INDICATOR_CATEGORY_LABELS,
  type IndicatorCategory,
  RESULT_LEVEL_LABELS,
  type ResultLevel,
} from '@rapport/schemas';
import type { Translate } from '../i18n/define-messages';
import { localisedName } from '../i18n/format';
import type { Language } from '../i18n/language';
import type { SharedMessageKey } from '../i18n/shared-messages';

export const levelLabel = (level: ResultLevel, language: Language) =>
  localisedName(RESULT_LEVEL_LABELS[level], language);

export const sourceLabel = (source: EvaluationSource, language: Language) =>
  localisedName(EVALUATION_SOURCE_LABELS[source], language);

export const categoryLabel = (category: IndicatorCategory, language: Language) =>
  localisedName(INDICATOR_CATEGORY_LABELS[category], language);

export function isAppraisalStep(state: string): state is AppraisalStep {
  return (APPRAISAL_STEPS as readonly string[]).includes(state);
}

/** A state of the generated appraisal workflow by its key; the key itself for a state it lacks. */
export function appraisalStepLabel(t: Translate<SharedMessageKey>, state: string | null): string {
  if (state === null) return t('appraisalStep.notStarted');
  return isAppraisalStep(state) ? t(`appraisalStep.${state}`) : state;
}
