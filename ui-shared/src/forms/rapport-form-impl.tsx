import { applyComputed } from '@rapport/schemas';
import Form from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import { type RJSFSchema, type UiSchema, useDeepCompareMemo } from '@rjsf/utils';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLanguage } from '../i18n/language';
import { computedPointers, computedValuesDiffer, withComputedReadonly } from './computed-fields';
import { RapportFieldTemplate } from './field-template';
import { localisedUiSchema } from './localised-ui-schema';
import type { RapportFormData, RapportFormProps } from './rapport-form-props';
import { rapportValidator } from './rapport-validator';
import { rjsfStringTranslator } from './rjsf-strings';
import { serverErrorSchema } from './server-errors';

const EMPTY_UI: Record<string, unknown> = {};
/** Module-level, so rjsf sees the same templates on every render. */
const TEMPLATES = { FieldTemplate: RapportFieldTemplate };

/** {@link RapportForm}'s implementation, loaded on first use: rjsf, ajv and jsonata weigh ~600 kB. */
export default function RapportFormImpl({
  schema: schemaProp,
  uiSchema: uiSchemaProp = EMPTY_UI,
  formData,
  onChange,
  onSubmit,
  serverErrors,
  readonly = false,
  disabled = false,
  computeDelayMs = 300,
  children,
}: RapportFormProps) {
  const language = useLanguage();
  // Callers may rebuild equal objects on each render; rjsf must see the same ones (rjsf #1658).
  const schema = useDeepCompareMemo(schemaProp);
  const uiSchemaIn = useDeepCompareMemo(uiSchemaProp);
  const pointers = useMemo(() => computedPointers(schema), [schema]);
  const hasButtons = children !== undefined && children !== null && children !== false;
  const uiSchema = useMemo(() => {
    const ui = withComputedReadonly(localisedUiSchema(schema, uiSchemaIn, language), pointers);
    return (hasButtons ? ui : { ...ui, 'ui:submitButtonOptions': { norender: true } }) as UiSchema;
  }, [schema, uiSchemaIn, pointers, hasButtons, language]);
  const extraErrors = useMemo(() => serverErrorSchema(serverErrors), [serverErrors]);

  // Stable handlers: rjsf compares its props on every render.
  const onChangeRef = useRef(onChange);
  const onSubmitRef = useRef(onSubmit);
  useEffect(() => {
    onChangeRef.current = onChange;
    onSubmitRef.current = onSubmit;
  });
  const handleChange = useCallback((event: IChangeEvent) => {
    onChangeRef.current?.((event.formData ?? {}) as RapportFormData);
  }, []);
  const handleSubmit = useCallback((event: IChangeEvent) => {
    onSubmitRef.current?.((event.formData ?? {}) as RapportFormData);
  }, []);

  // Computed preview: debounced by the cleanup, and a result for data that has since changed is dropped.
  useEffect(() => {
    if (readonly || pointers.length === 0) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      applyComputed(schema, formData).then(
        (next) => {
          if (!cancelled && computedValuesDiffer(pointers, formData, next)) onChangeRef.current?.(next);
        },
        // An expression may fail on half-filled data; the server reports real problems on save.
        () => undefined,
      );
    }, computeDelayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [schema, pointers, formData, readonly, computeDelayMs]);

  return (
    <div data-testid="rjsf-form">
      <Form
        schema={schema as RJSFSchema}
        uiSchema={uiSchema}
        formData={formData}
        validator={rapportValidator(language)}
        translateString={rjsfStringTranslator(language)}
        templates={TEMPLATES}
        onChange={handleChange}
        onSubmit={handleSubmit}
        extraErrors={extraErrors}
        readonly={readonly}
        disabled={disabled}
        noHtml5Validate
        focusOnFirstError
        showErrorList="top"
      >
        {hasButtons ? children : undefined}
      </Form>
    </div>
  );
}
