import { DeleteOutlined } from '@ant-design/icons';
import type { ActorRule } from '@rapport/schemas';
import { localisedName, useForms, useLanguage } from '@rapport/ui-shared';
import { Button, Divider, Form, Input, Popconfirm, Select, Switch, Typography } from 'antd';
import { testId } from '../components/test-id';
import { ActorRuleFields } from './actor-rule-fields';
import { useDesignerT } from './designer-messages';
import { ElementProblems } from './element-problems';
import { KeyInput } from './key-input';
import { LabelFields } from './label-fields';
import { removeTransition } from './remove-transition';
import { updateTransition } from './update-transition';
import {
  KEY_PATTERN,
  type Selection,
  type WorkflowDraft,
  type WorkflowProblem,
  type WorkflowTransition,
} from './workflow-draft';

const ACTOR_KINDS = ['role', 'subject', 'supervisor', 'user', 'pool', 'committee'] as const;

/** The selected transition: the action's key and names, its ends, who may take it, its form, guard and self-approval. */
export function TransitionPanel({
  institutionId,
  draft,
  index,
  edit,
  onSelect,
  problems,
}: {
  institutionId: string;
  draft: WorkflowDraft;
  index: number;
  edit: (draft: WorkflowDraft, tag?: string) => void;
  onSelect: (selection: Selection) => void;
  problems: readonly WorkflowProblem[];
}) {
  const t = useDesignerT();
  const language = useLanguage();
  const forms = useForms(institutionId);
  const transition = draft.transitions[index];
  if (!transition) return null;
  const change = (changes: Partial<WorkflowTransition>, tag?: string) =>
    edit(updateTransition(draft, index, changes), tag && `transition:${index}:${tag}`);
  const stateOptions = draft.states.map((s) => ({
    value: s.key,
    label: `${localisedName(s.label, language)} (${s.key})`,
  }));

  const rekey = (key: string) => {
    if (!KEY_PATTERN.test(key)) return t('key.invalid');
    if (draft.transitions.some((tr, i) => i !== index && tr.from === transition.from && tr.key === key))
      return t('transition.keyTaken');
    change({ key });
    return undefined;
  };

  return (
    <Form layout="vertical" size="small" data-testid="transition-panel" component="div">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('transition.title')}
      </Typography.Title>
      <ElementProblems problems={problems} testId="transition-problems" />
      <KeyInput
        label={t('key.label')}
        help={t('transition.keyHelp')}
        value={transition.key}
        apply={rekey}
        testId="transition-key"
      />
      <LabelFields
        value={transition.label}
        onChange={(label, lang) => change({ label }, `label-${lang}`)}
        testId="transition-label"
      />
      <Form.Item label={t('transition.from')}>
        <Select<string>
          value={transition.from}
          onChange={(from) => change({ from })}
          options={stateOptions}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="transition-from"
        />
      </Form.Item>
      <Form.Item label={t('transition.to')}>
        <Select<string>
          value={transition.to}
          onChange={(to) => change({ to })}
          options={stateOptions}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="transition-to"
        />
      </Form.Item>
      <Divider size="small" />
      <ActorRuleFields<ActorRule>
        institutionId={institutionId}
        value={transition.actors}
        onChange={(actors) => change({ actors })}
        kinds={ACTOR_KINDS}
        testId="transition-actors"
      />
      <Form.Item label={t('transition.allowSelf')} extra={t('transition.allowSelfHelp')}>
        <Switch
          checked={transition.allowSelf === true}
          onChange={(on) => change({ allowSelf: on ? true : undefined })}
          data-testid="transition-allow-self"
        />
      </Form.Item>
      <Divider size="small" />
      <Form.Item label={t('transition.form')} extra={t('transition.formHelp')}>
        <Select<string>
          allowClear
          value={transition.form}
          onChange={(form) => change({ form: form || undefined })}
          loading={forms.isPending}
          placeholder={t('transition.noForm')}
          options={(forms.data ?? []).map((f) => ({
            value: f.key,
            label: `${localisedName(f.title, language)} (${f.key})${f.status === 'published' ? '' : ` · ${t('transition.formUnpublished')}`}`,
          }))}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="transition-form"
        />
      </Form.Item>
      <Form.Item label={t('transition.guard')} extra={t('transition.guardHelp')}>
        <Input.TextArea
          value={transition.guard ?? ''}
          onChange={(e) => change({ guard: e.target.value.trim() ? e.target.value : undefined }, 'guard')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          placeholder="data.amount <= 500000"
          style={{ fontFamily: 'monospace' }}
          data-testid="transition-guard"
        />
      </Form.Item>
      <Divider size="small" />
      <Popconfirm
        title={t('transition.removeConfirm')}
        onConfirm={() => {
          onSelect(undefined);
          edit(removeTransition(draft, index));
        }}
        okButtonProps={{ danger: true, ...testId('transition-remove-confirm') }}
      >
        <Button danger icon={<DeleteOutlined />} data-testid="transition-remove">
          {t('transition.remove')}
        </Button>
      </Popconfirm>
    </Form>
  );
}
