import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { EscalationTarget } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import {
  Button,
  Divider,
  Flex,
  Form,
  InputNumber,
  List,
  Popconfirm,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { testId } from '../components/test-id';
import { ActorRuleFields } from './actor-rule-fields';
import { addTransition } from './add-transition';
import { useDesignerT } from './designer-messages';
import { ElementProblems } from './element-problems';
import { KeyInput } from './key-input';
import { LabelFields } from './label-fields';
import { removeState } from './remove-state';
import { renameState } from './rename-state';
import { updateState } from './update-state';
import type { Selection, WorkflowDraft, WorkflowProblem, WorkflowState } from './workflow-draft';

const ESCALATION_KINDS = ['role', 'supervisor', 'user'] as const;

/** The selected state: key, names, kind, deadline, and the transitions leaving it (with a way to add one without drawing). */
export function StatePanel({
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
  const [target, setTarget] = useState<string>();
  const state = draft.states[index];
  if (!state) return null;
  const change = (changes: Partial<Omit<WorkflowState, 'key'>>, tag?: string) =>
    edit(updateState(draft, index, changes), tag && `state:${index}:${tag}`);
  const deadline = state.deadline;
  const outgoing = draft.transitions.flatMap((tr, i) =>
    tr.from === state.key ? [{ transition: tr, index: i }] : [],
  );
  const stateName = (key: string) => {
    const found = draft.states.find((s) => s.key === key);
    return found ? localisedName(found.label, language) : key;
  };

  const rename = (key: string) => {
    const renamed = renameState(draft, index, key);
    if ('refused' in renamed) return t(`key.${renamed.refused}`);
    edit(renamed.draft);
    return undefined;
  };

  const addOutgoing = () => {
    if (!target) return;
    const added = addTransition(draft, state.key, target);
    edit(added.draft);
    setTarget(undefined);
    onSelect({ kind: 'transition', index: added.index });
  };

  return (
    <Form layout="vertical" size="small" data-testid="state-panel" component="div">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('state.title')}
      </Typography.Title>
      <ElementProblems problems={problems} testId="state-problems" />
      <KeyInput
        label={t('key.label')}
        help={t('state.keyHelp')}
        value={state.key}
        apply={rename}
        testId="state-key"
      />
      <LabelFields
        value={state.label}
        onChange={(label, lang) => change({ label }, `label-${lang}`)}
        testId="state-label"
      />
      <Form.Item label={t('state.kind')} extra={t(`kind.${state.kind}.help`)}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={state.kind}
          onChange={(e) =>
            change(
              e.target.value === 'final' ? { kind: 'final', deadline: undefined } : { kind: e.target.value },
            )
          }
          options={(['start', 'normal', 'final'] as const).map((kind) => ({
            value: kind,
            label: <span data-testid={`state-kind-${kind}`}>{t(`kind.${kind}`)}</span>,
          }))}
        />
      </Form.Item>

      {state.kind === 'final' ? null : (
        <>
          <Divider size="small" />
          <Form.Item label={t('state.deadline')} extra={t('state.deadlineHelp')}>
            <Switch
              checked={deadline !== undefined}
              onChange={(on) => change({ deadline: on ? { hours: 24 } : undefined })}
              data-testid="state-deadline"
            />
          </Form.Item>
          {deadline ? (
            <>
              <Form.Item label={t('state.hours')}>
                <InputNumber
                  min={0}
                  max={8760}
                  value={deadline.hours}
                  onChange={(hours) => change({ deadline: { ...deadline, hours: hours ?? 0 } }, 'hours')}
                  suffix={t('state.hoursUnit')}
                  style={{ width: '100%' }}
                  data-testid="state-deadline-hours"
                />
              </Form.Item>
              <Form.Item label={t('state.remind')} extra={t('state.remindHelp')}>
                <InputNumber
                  min={0}
                  value={deadline.remindBeforeHours ?? null}
                  onChange={(remind) =>
                    change({ deadline: { ...deadline, remindBeforeHours: remind ?? undefined } }, 'remind')
                  }
                  suffix={t('state.hoursUnit')}
                  placeholder={t('state.noReminder')}
                  style={{ width: '100%' }}
                  data-testid="state-deadline-remind"
                />
              </Form.Item>
              <Form.Item label={t('state.escalate')} extra={t('state.escalateHelp')}>
                <Switch
                  checked={deadline.escalateTo !== undefined}
                  onChange={(on) =>
                    change({ deadline: { ...deadline, escalateTo: on ? { kind: 'supervisor' } : undefined } })
                  }
                  data-testid="state-escalate"
                />
              </Form.Item>
              {deadline.escalateTo ? (
                <ActorRuleFields<EscalationTarget>
                  institutionId={institutionId}
                  value={deadline.escalateTo}
                  onChange={(escalateTo) => change({ deadline: { ...deadline, escalateTo } })}
                  kinds={ESCALATION_KINDS}
                  testId="state-escalate"
                />
              ) : null}
            </>
          ) : null}

          <Divider size="small" />
          <Typography.Text strong>{t('state.outgoing')}</Typography.Text>
          <List
            size="small"
            dataSource={outgoing}
            locale={{ emptyText: t('state.noOutgoing') }}
            renderItem={({ transition, index: i }) => (
              <List.Item>
                <Typography.Link onClick={() => onSelect({ kind: 'transition', index: i })}>
                  {localisedName(transition.label, language)} → {stateName(transition.to)}
                </Typography.Link>
              </List.Item>
            )}
          />
          <Flex gap={8} style={{ margin: '8px 0' }}>
            <Select<string>
              style={{ flex: 1 }}
              value={target}
              onChange={setTarget}
              placeholder={t('state.addTransitionTo')}
              options={draft.states.map((s) => ({
                value: s.key,
                label: `${localisedName(s.label, language)} (${s.key})`,
              }))}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="state-add-transition-to"
            />
            <Button
              icon={<PlusOutlined />}
              disabled={!target}
              onClick={addOutgoing}
              data-testid="state-add-transition"
            >
              {t('state.addTransition')}
            </Button>
          </Flex>
        </>
      )}

      <Divider size="small" />
      <Popconfirm
        title={t('state.removeConfirm', {
          count: draft.transitions.filter((tr) => tr.from === state.key || tr.to === state.key).length,
        })}
        onConfirm={() => {
          onSelect(undefined);
          edit(removeState(draft, index));
        }}
        okButtonProps={{ danger: true, ...testId('state-remove-confirm') }}
      >
        <Button danger icon={<DeleteOutlined />} data-testid="state-remove">
          {t('state.remove')}
        </Button>
      </Popconfirm>
    </Form>
  );
}
