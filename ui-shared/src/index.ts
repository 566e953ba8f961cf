export { api, apiRequest } from './api/api-client';
export { ApiError, isApiError } from './api/api-error';
export * from './api/appraisals';
export { createQueryClient } from './api/create-query-client';
export * from './api/forms';
export * from './api/types';
export { useApiErrorHandler } from './api/use-api-error-handler';
export { showValidationErrors } from './api/validation-fields';
export * from './api/workflows';
export {
  appraisalStepLabel,
  categoryLabel,
  isAppraisalStep,
  levelLabel,
  sourceLabel,
} from './appraisals/appraisal-labels';
export { AppraisalStepTag } from './appraisals/appraisal-step-tag';
export { CalibrationTimeline } from './appraisals/calibration-timeline';
export { LevelTag, type LevelTagProps } from './appraisals/level-tag';
export { ScoreComputation, type ScoreComputationProps } from './appraisals/score-computation';
export { useCurrentUser } from './auth/current-user';
export { ME_QUERY_KEY, meQuery } from './auth/me-query';
export { type Credentials, useLogin } from './auth/use-login';
export { useLogout } from './auth/use-logout';
export { useMe } from './auth/use-me';
export { AppFrame, type AppFrameProps, type NavItem } from './components/app-frame';
export { AppProviders } from './components/app-providers';
export { FullPageSpinner } from './components/full-page-spinner';
export { LanguageSwitch } from './components/language-switch';
export { LoadError } from './components/load-error';
export { LoginPage, type LoginPageProps } from './components/login-page';
export { mountApp } from './components/mount-app';
export { NotFoundPage } from './components/not-found-page';
export { RequireAuth, type RequireAuthProps } from './components/require-auth';
export { computedPointers, withComputedReadonly } from './forms/computed-fields';
export { RapportForm, type RapportFormData, type RapportFormProps } from './forms/rapport-form';
export { serverErrorSchema } from './forms/server-errors';
export { defineMessages, type MessageBundle, type MessageVars, type Translate } from './i18n/define-messages';
export { formatDateTime, industryLabel, localisedName, roleLabel } from './i18n/format';
export { I18nProvider } from './i18n/i18n-provider';
export { getLanguage, LANGUAGES, type Language, setLanguage, useLanguage } from './i18n/language';
export { type SharedMessageKey, translate, useT } from './i18n/shared-messages';
