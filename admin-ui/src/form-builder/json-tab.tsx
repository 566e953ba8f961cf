import type { SchemaNode } from '@rapport/schemas';
import type { FormProblem } from '@rapport/ui-shared';
import { Alert, Col, Row } from 'antd';
import type { FormDraft } from '../builder/form-draft';
import { useBuilderT } from './builder-messages';
import { JsonEditor } from './json-editor';
import { ProblemList } from './problem-list';

/** The draft's schema and uiSchema as text, for everything the palette cannot do; server problems inline. */
export function JsonTab({
  draft,
  edit,
  problems,
}: {
  draft: FormDraft;
  edit: (draft: FormDraft, tag?: string) => void;
  problems: readonly FormProblem[];
}) {
  const t = useBuilderT();
  const byDocument = (name: string) => problems.filter((p) => p.in === name);
  const others = problems.filter((p) => p.in !== 'schema' && p.in !== 'uiSchema');
  return (
    <>
      {problems.length === 0 ? (
        <Alert type="success" showIcon title={t('json.noProblems')} style={{ marginBottom: 12 }} />
      ) : null}
      {others.length > 0 ? <ProblemList problems={others} testId="json-problems" /> : null}
      <Row gutter={16}>
        <Col span={14}>
          <JsonEditor
            label={t('json.schema')}
            value={draft.schema}
            onChange={(schema) => edit({ ...draft, schema: schema as SchemaNode }, 'json:schema')}
            testId="json-schema"
          />
          {byDocument('schema').length > 0 ? (
            <ProblemList problems={byDocument('schema')} testId="json-schema-problems" />
          ) : null}
        </Col>
        <Col span={10}>
          <JsonEditor
            label={t('json.uiSchema')}
            value={draft.uiSchema}
            onChange={(uiSchema) => edit({ ...draft, uiSchema }, 'json:uiSchema')}
            testId="json-ui-schema"
          />
          {byDocument('uiSchema').length > 0 ? (
            <ProblemList problems={byDocument('uiSchema')} testId="json-ui-schema-problems" />
          ) : null}
        </Col>
      </Row>
    </>
  );
}
