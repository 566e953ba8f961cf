import { type FormVersion, useForms, useFormVersion } from '@rapport/ui-shared';

export interface KeyedForm {
  /** Still looking the form up. */
  loading: boolean;
  /** The version to render; undefined when there is no form or the user may not read it. */
  version: FormVersion | undefined;
}

/**
 * An institution's form named by key in the customer settings (file, visit or weekly form), at
 * `version` or its latest published one. The portal reaches forms through the list the user may
 * fill, so a form not fillable by the user's role is not found (the caller shows the raw data).
 */
export function useKeyedForm(
  institutionId: string,
  key: string | null | undefined,
  version?: number | null,
): KeyedForm {
  const forms = useForms(institutionId);
  const form = key ? forms.data?.find((f) => f.key === key) : undefined;
  const wanted = form ? (version ?? form.latestVersion) : null;
  const loaded = useFormVersion(institutionId, form?.id ?? '', wanted);
  if (!key) return { loading: false, version: undefined };
  if (forms.isPending) return { loading: true, version: undefined };
  if (!form || wanted === null) return { loading: false, version: undefined };
  if (loaded.isPending) return { loading: !loaded.isError, version: undefined };
  return { loading: false, version: loaded.data };
}
