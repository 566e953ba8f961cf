import { Flex, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { RapportFormProps } from './rapport-form-props';

export type { RapportFormData, RapportFormProps } from './rapport-form-props';

const RapportFormImpl = lazy(() => import('./rapport-form-impl'));

/**
 * The one way the platform renders a form: rjsf with the antd theme, the platform's keywords,
 * localised messages, previewed computed fields and the server's errors on their fields.
 * Keep `formData` controlled; schema and uiSchema may be rebuilt freely (they are compared deeply).
 */
export function RapportForm(props: RapportFormProps) {
  return (
    <Suspense
      fallback={
        <Flex justify="center" style={{ padding: 48 }} data-testid="rjsf-form-loading">
          <Spin />
        </Flex>
      }
    >
      <RapportFormImpl {...props} />
    </Suspense>
  );
}
