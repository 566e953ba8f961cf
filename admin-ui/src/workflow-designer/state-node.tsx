import { ClockCircleOutlined, WarningFilled } from '@ant-design/icons';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Tooltip } from 'antd';
import { memo } from 'react';
import { useDesignerT } from './designer-messages';
import type { WorkflowState } from './workflow-draft';

export interface StateNodeData extends Record<string, unknown> {
  state: WorkflowState;
  label: string;
  /** The problems with this state, in the UI language. */
  problems: string[];
}

export type StateFlowNode = Node<StateNodeData, 'state'>;

const HIDDEN = { opacity: 0, pointerEvents: 'none' } as const;
const KIND_COLORS = { start: '#52c41a', normal: '#1677ff', final: '#595959' } as const;

/** One state on the canvas: where transitions come in (left) and leave (right; final states have no way out). */
export const StateNode = memo(function StateNode({ data, selected }: NodeProps<StateFlowNode>) {
  const t = useDesignerT();
  const { state, label, problems } = data;
  const color = KIND_COLORS[state.kind];
  const invalid = problems.length > 0;
  return (
    <div
      data-testid={`state-node-${state.key}`}
      data-invalid={invalid ? 'true' : undefined}
      style={{
        minWidth: 150,
        maxWidth: 220,
        padding: '8px 12px',
        background: '#fff',
        borderRadius: state.kind === 'normal' ? 8 : 24,
        border: `2px ${state.kind === 'final' ? 'double' : 'solid'} ${invalid ? '#ff4d4f' : color}`,
        borderWidth: state.kind === 'final' ? 4 : 2,
        boxShadow: selected ? '0 0 0 3px rgba(22,119,255,0.35)' : '0 1px 3px rgba(0,0,0,0.12)',
        textAlign: 'center',
      }}
    >
      <Handle
        id="in"
        type="target"
        position={Position.Left}
        data-testid={`handle-in-${state.key}`}
        style={{ width: 12, height: 12, background: color }}
      />
      <div style={{ fontSize: 11, color, fontWeight: 600 }}>{t(`kind.${state.kind}`)}</div>
      <div style={{ fontWeight: 600, wordBreak: 'break-word' }}>{label}</div>
      <div style={{ fontSize: 11, color: '#8c8c8c', fontFamily: 'monospace' }}>{state.key}</div>
      {state.deadline ? (
        <div style={{ fontSize: 11, color: '#d46b08' }}>
          <ClockCircleOutlined /> {t('state.deadlineShort', { hours: state.deadline.hours })}
        </div>
      ) : null}
      {invalid ? (
        <Tooltip title={problems.map((p) => <div key={p}>{p}</div>)}>
          <WarningFilled
            data-testid={`state-problem-${state.key}`}
            style={{
              position: 'absolute',
              top: -8,
              right: -8,
              color: '#ff4d4f',
              fontSize: 16,
              background: '#fff',
              borderRadius: 8,
            }}
          />
        </Tooltip>
      ) : null}
      {/* Where transitions leading back leave and arrive, below the states; not for drawing. */}
      <Handle id="back-in" type="target" position={Position.Bottom} isConnectable={false} style={HIDDEN} />
      <Handle id="back-out" type="source" position={Position.Bottom} isConnectable={false} style={HIDDEN} />
      {state.kind === 'final' ? null : (
        <Handle
          id="out"
          type="source"
          position={Position.Right}
          data-testid={`handle-out-${state.key}`}
          style={{ width: 12, height: 12, background: color }}
        />
      )}
    </div>
  );
});
