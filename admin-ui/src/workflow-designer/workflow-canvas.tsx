import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  MiniMap,
  type NodeChange,
  ReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useLanguage } from '@rapport/ui-shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { addTransition } from './add-transition';
import { toEdges, toNodes } from './flow-elements';
import { moveStates } from './move-states';
import type { ProblemTargets } from './problem-targets';
import { type StateFlowNode, StateNode } from './state-node';
import type { Selection, WorkflowDraft } from './workflow-draft';

const nodeTypes = { state: StateNode };

/**
 * The graph: states are nodes to drag around, transitions are edges drawn from a state's right
 * handle to another state's left handle. Clicking selects what the side panel shows.
 */
export function WorkflowCanvas({
  draft,
  edit,
  selection,
  onSelect,
  targets,
}: {
  draft: WorkflowDraft;
  edit: (draft: WorkflowDraft, tag?: string) => void;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  targets: ProblemTargets;
}) {
  const language = useLanguage();
  const [nodes, setNodes] = useState<StateFlowNode[]>(() => toNodes(draft, selection, targets, language));
  useEffect(() => {
    setNodes((previous) => toNodes(draft, selection, targets, language, previous));
  }, [draft, selection, targets, language]);
  const edges = useMemo(
    () => toEdges(draft, selection, targets, language),
    [draft, selection, targets, language],
  );

  // Selection and removal belong to the designer: only sizes and drag positions are xyflow's to change.
  const onNodesChange = useCallback((changes: NodeChange<StateFlowNode>[]) => {
    const own = changes.filter((c) => c.type === 'dimensions' || c.type === 'position');
    if (own.length > 0) setNodes((current) => applyNodeChanges(own, current));
  }, []);

  const onNodeDragStop = useCallback(
    (_: unknown, __: StateFlowNode, moved: StateFlowNode[]) => {
      edit(moveStates(draft, new Map(moved.map((n) => [n.id, n.position]))));
    },
    [draft, edit],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const added = addTransition(draft, connection.source, connection.target);
      edit(added.draft);
      onSelect({ kind: 'transition', index: added.index });
    },
    [draft, edit, onSelect],
  );

  return (
    <div data-testid="workflow-canvas" style={{ height: '100%', minHeight: 480 }}>
      <ReactFlow<StateFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onNodeClick={(_, node) =>
          onSelect({ kind: 'state', index: draft.states.findIndex((s) => s.key === node.id) })
        }
        onEdgeClick={(_, edge) =>
          onSelect({ kind: 'transition', index: (edge.data as { index: number }).index })
        }
        onPaneClick={() => onSelect(undefined)}
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ padding: 0.3, maxZoom: 1.2 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable style={{ height: 90, width: 140 }} />
      </ReactFlow>
    </div>
  );
}
