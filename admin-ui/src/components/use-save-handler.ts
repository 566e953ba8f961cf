import { showValidationErrors, useApiErrorHandler } from '@rapport/ui-shared';
import { App, type FormInstance } from 'antd';

export interface SaveHandlerOptions {
  form: FormInstance;
  /** Fields of the form that a 400 `VALIDATION_ERROR` is shown next to; other errors become a message. */
  fields?: readonly string[];
  onClose: () => void;
  /** On a stale `rev` (409), reloads the data and closes the modal; without it, only the warning shows. */
  reload?: () => unknown;
}

/**
 * The submit of a modal form: runs `save`, shows the success text it returns and closes; on failure
 * puts validation errors next to their fields or reports the error.
 */
export function useSaveHandler({ form, fields, onClose, reload }: SaveHandlerOptions) {
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  return async (save: () => Promise<string>) => {
    try {
      message.success(await save());
      onClose();
    } catch (error) {
      if (fields && showValidationErrors(form, error, fields)) return;
      onError(error, {
        onConflict: reload
          ? () => {
              void reload();
              onClose();
            }
          : undefined,
      });
    }
  };
}
