import { GRADE_LABELS, type Grade } from '@rapport/schemas';
import { type Language, localisedName } from '@rapport/ui-shared';

export const gradeName = (grade: Grade, language: Language) => localisedName(GRADE_LABELS[grade], language);
