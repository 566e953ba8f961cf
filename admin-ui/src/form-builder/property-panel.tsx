import { KEYWORDS } from '@rapport/schemas';
import type { FormProblem } from '@rapport/ui-shared';
import { Alert, Card, Empty, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { findTreeField, type TreeField } from '../builder/derive-tree';
import { fieldAt, isObj, type Obj } from '../builder/draft-access';
import { otherKeywordsOf } from '../builder/field-types';
import { BuilderError, type FieldPath, type FormDraft } from '../builder/form-draft';
import { problemField } from '../builder/problem-field';
import { renameField } from '../builder/rename-field';
import { type FieldPatch, updateField } from '../builder/update-field';
import { type BuilderMessageKey, useBuilderT } from './builder-messages';
import { type ChoiceOption, OptionsEditor } from './options-editor';

export interface PropertyPanelProps {
  draft: FormDraft;
  tree: TreeField[];
  selected: FieldPath | undefined;
  edit: (draft: FormDraft, tag?: string) => void;
  onSelect: (path: FieldPath | undefined) => void;
  problems: readonly FormProblem[];
}

const NUMERIC = new Set(['number', 'integer', 'score', 'computed']);
const TEXTUAL = new Set(['text', 'long-text', 'email', 'phone']);
const CHOICE = new Set(['single-select', 'radio', 'multi-select']);
const NO_VALUE = new Set(['section', 'static-text']);

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const num = (value: unknown) => (typeof value === 'number' ? value : null);
const blankToUndefined = (value: string) => (value === '' ? undefined : value);

function KeyInput({
  field,
  draft,
  edit,
  onSelect,
}: { field: TreeField } & Pick<PropertyPanelProps, 'draft' | 'edit' | 'onSelect'>) {
  const t = useBuilderT();
  const [text, setText] = useState(field.key);
  const [error, setError] = useState<BuilderMessageKey>();
  const commit = () => {
    try {
      const result = renameField(draft, field.path, text.trim());
      setError(undefined);
      if (result.draft !== draft) {
        edit(result.draft);
        onSelect(result.path);
      }
    } catch (e) {
      if (!(e instanceof BuilderError)) throw e;
      setError(`builder.error.${e.code}`);
    }
  };
  return (
    <Form.Item
      label={t('prop.key')}
      extra={t('prop.keyHelp')}
      validateStatus={error ? 'error' : undefined}
      help={error ? t(error) : undefined}
    >
      <Input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onPressEnter={commit}
        data-testid="prop-key"
      />
    </Form.Item>
  );
}

/** Edits the selected field; every change is one schema/uiSchema transformation (and one undo step per input). */
export function PropertyPanel({ draft, tree, selected, edit, onSelect, problems }: PropertyPanelProps) {
  const t = useBuilderT();
  const field = selected ? findTreeField(tree, selected) : undefined;
  if (!field) {
    return (
      <Card size="small" title={t('prop.title')}>
        <Empty description={t('builder.noSelection')} />
      </Card>
    );
  }
  const { node: rawNode, ui: rawUi } = fieldAt(draft, field.path);
  const node: Obj = isObj(rawNode) ? rawNode : {};
  const ui: Obj = rawUi ?? {};
  const options: Obj = isObj(ui['ui:options']) ? ui['ui:options'] : {};
  const items: Obj = isObj(node.items) ? node.items : {};
  const itemsUi: Obj = isObj(ui.items) ? ui.items : {};
  const pathKey = field.path.join('/');
  const set = (patch: FieldPatch, tag: string) =>
    edit(updateField(draft, field.path, patch), `${pathKey}:${tag}`);
  const kind = field.kind;
  const fieldProblems = problems.filter((p) => problemField(p.path)?.join('/') === pathKey);

  const header = (
    <Space>
      {t('prop.title')}
      <Tag>{t(`type.${kind}`)}</Tag>
    </Space>
  );

  if (kind === 'advanced') {
    return (
      <Card size="small" title={header} data-testid="property-panel">
        <Alert type="info" showIcon title={t('prop.advanced', { keywords: field.advanced.join(', ') })} />
        <Typography.Paragraph>
          <pre style={{ maxHeight: 360, overflow: 'auto', fontSize: 12 }}>
            {JSON.stringify(rawNode, null, 2)}
          </pre>
        </Typography.Paragraph>
      </Card>
    );
  }

  const isMulti = kind === 'multi-select';
  const choiceValues: unknown[] = (isMulti ? items.enum : node.enum) as unknown[];
  const namesZh = (isMulti ? itemsUi['ui:enumNames'] : ui['ui:enumNames']) as unknown;
  const namesEn = options.enumNamesEn as unknown;
  const choiceOptions: ChoiceOption[] = Array.isArray(choiceValues)
    ? choiceValues.map((value, i) => ({
        value: String(value),
        zh: Array.isArray(namesZh) ? str(namesZh[i]) : '',
        en: Array.isArray(namesEn) ? str(namesEn[i]) : '',
      }))
    : [];
  const setChoices = (next: ChoiceOption[]) => {
    const values = next.map((o) => o.value);
    const zh = next.some((o) => o.zh) ? next.map((o) => o.zh || o.value) : undefined;
    const en = next.some((o) => o.en) ? next.map((o) => o.en || o.zh || o.value) : undefined;
    set(
      isMulti
        ? { items: { enum: values }, itemsUi: { 'ui:enumNames': zh }, uiOptions: { enumNamesEn: en } }
        : { schema: { enum: values }, ui: { 'ui:enumNames': zh }, uiOptions: { enumNamesEn: en } },
      'options',
    );
  };

  const isStatic = kind === 'static-text';
  return (
    <Card size="small" title={header} data-testid="property-panel" key={pathKey}>
      <Form layout="vertical" size="small" component="div">
        {fieldProblems.length > 0 ? (
          <Alert
            type="error"
            style={{ marginBottom: 8 }}
            title={fieldProblems.map((p) => `${p.path}: ${p.message}`).join('\n')}
          />
        ) : null}
        <KeyInput key={pathKey} field={field} draft={draft} edit={edit} onSelect={onSelect} />
        <Form.Item label={t('prop.titleZh')}>
          <Input
            value={str(node.title)}
            onChange={(e) => set({ schema: { title: blankToUndefined(e.target.value) } }, 'title')}
            data-testid="prop-title-zh"
          />
        </Form.Item>
        <Form.Item label={t('prop.titleEn')}>
          <Input
            value={str(options.titleEn)}
            onChange={(e) => set({ uiOptions: { titleEn: blankToUndefined(e.target.value) } }, 'titleEn')}
            data-testid="prop-title-en"
          />
        </Form.Item>
        <Form.Item label={t(isStatic ? 'prop.textZh' : 'prop.helpZh')}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 6 }}
            value={str(node.description)}
            onChange={(e) =>
              set(
                { schema: { description: isStatic ? e.target.value : blankToUndefined(e.target.value) } },
                'description',
              )
            }
            data-testid="prop-help-zh"
          />
        </Form.Item>
        <Form.Item label={t(isStatic ? 'prop.textEn' : 'prop.helpEn')}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 6 }}
            value={str(options.descriptionEn)}
            onChange={(e) =>
              set({ uiOptions: { descriptionEn: blankToUndefined(e.target.value) } }, 'descriptionEn')
            }
            data-testid="prop-help-en"
          />
        </Form.Item>
        {!isStatic && kind !== 'computed' ? (
          <Form.Item label={t('prop.required')}>
            <Switch
              checked={field.required}
              onChange={(required) => set({ required }, 'required')}
              data-testid="prop-required"
            />
          </Form.Item>
        ) : null}
        {CHOICE.has(kind) ? (
          <Form.Item label={t('prop.options')}>
            <OptionsEditor options={choiceOptions} onChange={setChoices} />
          </Form.Item>
        ) : null}
        {TEXTUAL.has(kind) || kind === 'single-select' || kind === 'radio' ? (
          <Form.Item label={t('prop.default')}>
            {kind === 'single-select' || kind === 'radio' ? (
              <Select
                allowClear
                value={typeof node.default === 'string' ? node.default : undefined}
                options={choiceOptions.map((o) => ({ value: o.value, label: o.zh || o.value }))}
                onChange={(value?: string) => set({ schema: { default: value } }, 'default')}
                data-testid="prop-default"
              />
            ) : (
              <Input
                value={str(node.default)}
                onChange={(e) => set({ schema: { default: blankToUndefined(e.target.value) } }, 'default')}
                data-testid="prop-default"
              />
            )}
          </Form.Item>
        ) : null}
        {kind === 'yes-no' ? (
          <Form.Item label={t('prop.default')}>
            <Select
              value={typeof node.default === 'boolean' ? String(node.default) : ''}
              options={[
                { value: '', label: t('prop.none') },
                { value: 'true', label: t('prop.yes') },
                { value: 'false', label: t('prop.no') },
              ]}
              onChange={(value: string) =>
                set({ schema: { default: value === '' ? undefined : value === 'true' } }, 'default')
              }
              data-testid="prop-default"
            />
          </Form.Item>
        ) : null}
        {NUMERIC.has(kind) ? (
          <>
            {kind !== 'computed' ? (
              <Form.Item label={t('prop.default')}>
                <InputNumber
                  style={{ width: '100%' }}
                  value={num(node.default)}
                  onChange={(value) => set({ schema: { default: value ?? undefined } }, 'default')}
                  data-testid="prop-default"
                />
              </Form.Item>
            ) : null}
            <Space.Compact block>
              <Form.Item label={t('prop.minimum')} style={{ flex: 1 }}>
                <InputNumber
                  style={{ width: '100%' }}
                  value={num(node.minimum)}
                  onChange={(value) => set({ schema: { minimum: value ?? undefined } }, 'minimum')}
                  data-testid="prop-minimum"
                />
              </Form.Item>
              <Form.Item label={t('prop.maximum')} style={{ flex: 1 }}>
                <InputNumber
                  style={{ width: '100%' }}
                  value={num(node.maximum)}
                  onChange={(value) => set({ schema: { maximum: value ?? undefined } }, 'maximum')}
                  data-testid="prop-maximum"
                />
              </Form.Item>
            </Space.Compact>
          </>
        ) : null}
        {TEXTUAL.has(kind) ? (
          <Space.Compact block>
            <Form.Item label={t('prop.minLength')} style={{ flex: 1 }}>
              <InputNumber
                min={0}
                precision={0}
                style={{ width: '100%' }}
                value={num(node.minLength)}
                onChange={(value) => set({ schema: { minLength: value ?? undefined } }, 'minLength')}
                data-testid="prop-min-length"
              />
            </Form.Item>
            <Form.Item label={t('prop.maxLength')} style={{ flex: 1 }}>
              <InputNumber
                min={0}
                precision={0}
                style={{ width: '100%' }}
                value={num(node.maxLength)}
                onChange={(value) => set({ schema: { maxLength: value ?? undefined } }, 'maxLength')}
                data-testid="prop-max-length"
              />
            </Form.Item>
          </Space.Compact>
        ) : null}
        {kind === 'text' || kind === 'phone' ? (
          <Form.Item label={t('prop.pattern')}>
            <Input
              value={str(node.pattern)}
              onChange={(e) => set({ schema: { pattern: blankToUndefined(e.target.value) } }, 'pattern')}
              data-testid="prop-pattern"
            />
          </Form.Item>
        ) : null}
        {kind === 'repeating-group' || isMulti ? (
          <Space.Compact block>
            <Form.Item label={t('prop.minItems')} style={{ flex: 1 }}>
              <InputNumber
                min={0}
                precision={0}
                style={{ width: '100%' }}
                value={num(node.minItems)}
                onChange={(value) => set({ schema: { minItems: value ?? undefined } }, 'minItems')}
                data-testid="prop-min-items"
              />
            </Form.Item>
            <Form.Item label={t('prop.maxItems')} style={{ flex: 1 }}>
              <InputNumber
                min={0}
                precision={0}
                style={{ width: '100%' }}
                value={num(node.maxItems)}
                onChange={(value) => set({ schema: { maxItems: value ?? undefined } }, 'maxItems')}
                data-testid="prop-max-items"
              />
            </Form.Item>
          </Space.Compact>
        ) : null}
        {kind === 'computed' ? (
          <Form.Item label={t('prop.computed')} extra={t('prop.computedHelp')}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 8 }}
              value={str(node[KEYWORDS.computed])}
              onChange={(e) => set({ schema: { [KEYWORDS.computed]: e.target.value } }, 'computed')}
              style={{ fontFamily: 'monospace' }}
              data-testid="prop-computed"
            />
          </Form.Item>
        ) : null}
        {!NO_VALUE.has(kind) && kind !== 'repeating-group' ? (
          <Space.Compact block>
            <Form.Item label={t('term.weight')} style={{ flex: 1 }}>
              <InputNumber
                min={0}
                style={{ width: '100%' }}
                value={num(node[KEYWORDS.weight])}
                onChange={(value) => set({ schema: { [KEYWORDS.weight]: value ?? undefined } }, 'weight')}
                data-testid="prop-weight"
              />
            </Form.Item>
            <Form.Item label={t('prop.indicator')} style={{ flex: 1 }}>
              <Input
                value={str(node[KEYWORDS.indicator])}
                onChange={(e) =>
                  set({ schema: { [KEYWORDS.indicator]: blankToUndefined(e.target.value) } }, 'indicator')
                }
                data-testid="prop-indicator"
              />
            </Form.Item>
          </Space.Compact>
        ) : null}
        <Form.Item label={t('prop.visibleIf')} extra={t('prop.visibleIfHelp')}>
          <Input
            value={str(options.visibleIf)}
            onChange={(e) => set({ uiOptions: { visibleIf: blankToUndefined(e.target.value) } }, 'visibleIf')}
            style={{ fontFamily: 'monospace' }}
            data-testid="prop-visible-if"
          />
        </Form.Item>
        {otherKeywordsOf(rawNode).length > 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('prop.otherKeywords', { keywords: otherKeywordsOf(rawNode).join(', ') })}
          </Typography.Text>
        ) : null}
      </Form>
    </Card>
  );
}
