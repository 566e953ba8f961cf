import {
  FINDING_SEVERITY_LABELS,
  type FindingSeverity,
  INSPECTION_METHOD_LABELS,
  type InspectionMethod,
} from '@rapport/schemas';
import { localisedName } from '../i18n/format';
import type { Language } from '../i18n/language';

// Strings, not the unions: the dashboard's counts are keyed by whatever the server stored.

/** An inspection method by its key; the key itself for one the schemas lack. */
export const methodLabel = (method: string, language: Language) =>
  method in INSPECTION_METHOD_LABELS
    ? localisedName(INSPECTION_METHOD_LABELS[method as InspectionMethod], language)
    : method;

/** A finding's severity by its key; the key itself for one the schemas lack. */
export const severityLabel = (severity: string, language: Language) =>
  severity in FINDING_SEVERITY_LABELS
    ? localisedName(FINDING_SEVERITY_LABELS[severity as FindingSeverity], language)
    : severity;

export const SEVERITY_COLOURS: Record<FindingSeverity, string> = {
  low: 'gold',
  medium: 'orange',
  high: 'red',
};

/** Whether an audit still open is past its due date. */
export const isOverdue = (audit: { dueAt: string; closedAt: string | null }) =>
  !audit.closedAt && new Date(audit.dueAt).getTime() < Date.now();
