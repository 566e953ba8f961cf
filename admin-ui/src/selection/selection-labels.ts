import {
  DEGREE_LABELS,
  DEGREES,
  type Degree,
  SELECTION_CRITERION_LABELS,
  type SelectionCriterion,
} from '@rapport/schemas';
import { type Language, localisedName } from '@rapport/ui-shared';

export const degreeLabel = (degree: Degree, language: Language) =>
  localisedName(DEGREE_LABELS[degree], language);

export const criterionLabel = (criterion: SelectionCriterion, language: Language) =>
  localisedName(SELECTION_CRITERION_LABELS[criterion], language);

export const degreeOptions = (language: Language) =>
  DEGREES.map((d) => ({ value: d, label: degreeLabel(d, language) }));
