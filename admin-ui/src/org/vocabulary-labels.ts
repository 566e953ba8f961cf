import {
  GRADE_LABELS,
  type Grade,
  ORG_UNIT_KIND_LABELS,
  type OrgUnitKind,
  TEAM_ROLE_LABELS,
  type TeamRole,
} from '@rapport/schemas';
import { type Language, localisedName } from '@rapport/ui-shared';

export const kindLabel = (kind: OrgUnitKind, language: Language) =>
  localisedName(ORG_UNIT_KIND_LABELS[kind], language);

export const gradeLabel = (grade: Grade, language: Language) => localisedName(GRADE_LABELS[grade], language);

export const teamRoleLabel = (role: TeamRole, language: Language) =>
  localisedName(TEAM_ROLE_LABELS[role], language);
