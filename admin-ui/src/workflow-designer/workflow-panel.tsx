import { Form, Typography } from 'antd';
import { useDesignerT } from './designer-messages';
import { LabelFields } from './label-fields';
import type { WorkflowDraft } from './workflow-draft';

/** With nothing selected: the workflow's title and how to draw. */
export function WorkflowPanel({
  draft,
  edit,
}: {
  draft: WorkflowDraft;
  edit: (draft: WorkflowDraft, tag?: string) => void;
}) {
  const t = useDesignerT();
  return (
    <Form layout="vertical" size="small" data-testid="workflow-panel" component="div">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('workflow.title')}
      </Typography.Title>
      <LabelFields
        value={draft.title}
        onChange={(title, language) => edit({ ...draft, title }, `title-${language}`)}
        testId="workflow-title"
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('workflow.counts', { states: draft.states.length, transitions: draft.transitions.length })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        <ol style={{ paddingInlineStart: 18, margin: 0 }}>
          <li>{t('workflow.howto.states')}</li>
          <li>{t('workflow.howto.transitions')}</li>
          <li>{t('workflow.howto.properties')}</li>
          <li>{t('workflow.howto.publish')}</li>
        </ol>
      </Typography.Paragraph>
    </Form>
  );
}
