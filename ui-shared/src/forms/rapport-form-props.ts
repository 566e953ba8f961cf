import type { SchemaNode } from '@rapport/schemas';
import type { ReactNode } from 'react';
import type { FormProblem } from '../api/forms';

export type RapportFormData = Record<string, unknown>;

export interface RapportFormProps {
  /** JSON Schema draft-07 with `x-rapport-*` keywords (a form version's, or the builder's draft). */
  schema: SchemaNode;
  /** rjsf uiSchema. */
  uiSchema?: Record<string, unknown>;
  /** Controlled data: pass back what `onChange` gave you. */
  formData: RapportFormData;
  onChange?: (data: RapportFormData) => void;
  /** Called only when the data passes client-side validation against `schema`. */
  onSubmit?: (data: RapportFormData) => void;
  /** Problems from a 400 VALIDATION_ERROR; the `in: 'data'` ones show on the fields they point to. */
  serverErrors?: readonly FormProblem[];
  /** Viewing a submission: nothing can be edited and computed fields are not recomputed. */
  readonly?: boolean;
  /** Greys the fields out, e.g. while saving. */
  disabled?: boolean;
  /**
   * Delay before computed fields are previewed after a change (the server recomputes them authoritatively).
   * @defaultValue 300
   */
  computeDelayMs?: number;
  /** Buttons rendered inside the form; a button with `htmlType="submit"` validates, then calls `onSubmit`. Without children there is no submit button. */
  children?: ReactNode;
}
