import { RapportForm, type RapportFormData } from '@rapport/ui-shared';
import { Alert, App, Button } from 'antd';
import { useState } from 'react';
import type { FormDraft } from '../builder/form-draft';
import { useBuilderT } from './builder-messages';
import { RenderBoundary } from './render-boundary';

/** The current draft rendered by the real renderer, to fill in and validate. */
export function PreviewTab({ draft }: { draft: FormDraft }) {
  const t = useBuilderT();
  const { message } = App.useApp();
  const [data, setData] = useState<RapportFormData>({});
  return (
    <div data-testid="builder-preview" style={{ maxWidth: 820 }}>
      <Alert type="info" showIcon title={t('preview.hint')} style={{ marginBottom: 16 }} />
      <RenderBoundary
        resetKey={JSON.stringify(draft)}
        message={(error) => t('preview.failed', { message: error.message })}
      >
        <RapportForm
          schema={draft.schema}
          uiSchema={draft.uiSchema}
          formData={data}
          onChange={setData}
          onSubmit={() => message.success(t('preview.valid'))}
        >
          <Button type="primary" htmlType="submit" data-testid="preview-validate">
            {t('preview.validate')}
          </Button>
        </RapportForm>
      </RenderBoundary>
    </div>
  );
}
