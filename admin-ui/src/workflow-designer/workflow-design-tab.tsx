import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { addState } from './add-state';
import { useDesignerT } from './designer-messages';
import { problemTargets } from './problem-targets';
import { StatePanel } from './state-panel';
import { TransitionPanel } from './transition-panel';
import { WorkflowCanvas } from './workflow-canvas';
import type { Selection, WorkflowDraft, WorkflowProblem } from './workflow-draft';
import { WorkflowPanel } from './workflow-panel';
import { WorkflowProblemList } from './workflow-problem-list';

/** The graph on a canvas, the selected state's or transition's properties beside it, and every problem below. */
export function WorkflowDesignTab({
  institutionId,
  draft,
  edit,
  selection,
  onSelect,
  problems,
}: {
  institutionId: string;
  draft: WorkflowDraft;
  edit: (draft: WorkflowDraft, tag?: string) => void;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  problems: WorkflowProblem[];
}) {
  const t = useDesignerT();
  const targets = useMemo(() => problemTargets(problems), [problems]);

  const onAddState = () => {
    const added = addState(draft);
    edit(added.draft);
    onSelect({ kind: 'state', index: added.index });
  };

  const selected =
    selection && (selection.kind === 'state' ? draft.states : draft.transitions)[selection.index]
      ? selection
      : undefined;
  const panel =
    selected?.kind === 'state' ? (
      <StatePanel
        key={`state-${selected.index}`}
        institutionId={institutionId}
        draft={draft}
        index={selected.index}
        edit={edit}
        onSelect={onSelect}
        problems={targets.states.get(selected.index) ?? []}
      />
    ) : selected?.kind === 'transition' ? (
      <TransitionPanel
        key={`transition-${selected.index}`}
        institutionId={institutionId}
        draft={draft}
        index={selected.index}
        edit={edit}
        onSelect={onSelect}
        problems={targets.transitions.get(selected.index) ?? []}
      />
    ) : (
      <WorkflowPanel draft={draft} edit={edit} />
    );

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="stretch">
        <Card
          size="small"
          style={{ flex: 1, minWidth: 0 }}
          styles={{ body: { padding: 0, height: 520 } }}
          title={
            <Flex align="center" gap={12}>
              <Button
                type="primary"
                ghost
                icon={<PlusOutlined />}
                onClick={onAddState}
                data-testid="designer-add-state"
              >
                {t('designer.addState')}
              </Button>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                {t('designer.drawHint')}
              </Typography.Text>
            </Flex>
          }
        >
          <WorkflowCanvas
            draft={draft}
            edit={edit}
            selection={selected}
            onSelect={onSelect}
            targets={targets}
          />
        </Card>
        <Card
          size="small"
          style={{ width: 360, flexShrink: 0 }}
          styles={{ body: { maxHeight: 560, overflowY: 'auto' } }}
        >
          {panel}
        </Card>
      </Flex>
      <Card size="small" title={t('problems.title')}>
        <WorkflowProblemList
          draft={draft}
          problems={problems}
          onSelect={onSelect}
          testId="workflow-problems"
        />
      </Card>
    </Flex>
  );
}
