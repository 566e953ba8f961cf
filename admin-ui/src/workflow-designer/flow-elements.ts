import { type Edge, MarkerType } from '@xyflow/react';
import type { ProblemTargets } from './problem-targets';
import type { StateFlowNode } from './state-node';
import { problemText, type Selection, type WorkflowDraft } from './workflow-draft';

type Language = 'zh-CN' | 'en';

const localised = (m: { zh: string; en: string }, language: Language) =>
  (language === 'en' ? m.en || m.zh : m.zh || m.en) || '';

/** Where a state without a stored position is drawn: a row, in the order of the states. */
const fallbackPosition = (index: number) => ({ x: index * 260, y: 0 });

/**
 * The states as xyflow nodes (id = state key), keeping the size xyflow measured for each node
 * already drawn so that a re-render does not hide them until they are measured again.
 */
export function toNodes(
  draft: WorkflowDraft,
  selection: Selection,
  targets: ProblemTargets,
  language: Language,
  previous: readonly StateFlowNode[] = [],
): StateFlowNode[] {
  const measured = new Map(previous.map((n) => [n.id, n.measured]));
  return draft.states.map((state, index) => {
    const size = measured.get(state.key);
    return {
      id: state.key,
      type: 'state',
      position: state.position ?? fallbackPosition(index),
      selected: selection?.kind === 'state' && selection.index === index,
      data: {
        state,
        label: localised(state.label, language),
        problems: (targets.states.get(index) ?? []).map((p) => problemText(p, language)),
      },
      ...(size ? { measured: size } : {}),
    };
  });
}

/** The transitions as xyflow edges (id = `t` + index: a transition's key is only unique per starting state). */
export function toEdges(
  draft: WorkflowDraft,
  selection: Selection,
  targets: ProblemTargets,
  language: Language,
): Edge[] {
  const x = new Map(draft.states.map((s, i) => [s.key, (s.position ?? fallbackPosition(i)).x]));
  return draft.transitions.map((transition, index) => {
    // A transition leading back (leftwards) is routed around the states, not across the forward ones.
    const back = (x.get(transition.to) ?? 0) <= (x.get(transition.from) ?? 0);
    const selected = selection?.kind === 'transition' && selection.index === index;
    const invalid = targets.transitions.has(index);
    const color = invalid ? '#ff4d4f' : selected ? '#1677ff' : '#8c8c8c';
    return {
      id: `t${index}`,
      source: transition.from,
      ...(back
        ? {
            sourceHandle: 'back-out',
            targetHandle: 'back-in',
            type: 'smoothstep',
            pathOptions: { offset: 30, borderRadius: 12 },
          }
        : { sourceHandle: 'out', targetHandle: 'in' }),
      target: transition.to,
      label: localised(transition.label, language) + (invalid ? ' ⚠' : ''),
      selected,
      markerEnd: { type: MarkerType.ArrowClosed, color, width: 18, height: 18 },
      style: { stroke: color, strokeWidth: selected ? 3 : 2 },
      labelStyle: { fill: invalid ? '#ff4d4f' : '#262626', fontWeight: 500 },
      labelBgPadding: [6, 3] as [number, number],
      labelBgBorderRadius: 4,
      data: { index },
    };
  });
}
