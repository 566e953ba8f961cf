import type { WorkflowContent, WorkflowState, WorkflowTransition } from './workflow-draft';

type Compared = Pick<WorkflowContent, 'title' | 'states' | 'transitions'>;

/** One state or transition that differs, with the properties that changed. */
export interface ElementChange<T> {
  /** A state's key, or a transition's `from/key`. */
  id: string;
  before?: T;
  after?: T;
  /** For a changed element: which of its properties differ. */
  properties: string[];
}

export interface WorkflowDiff {
  titleChanged: boolean;
  states: {
    added: ElementChange<WorkflowState>[];
    removed: ElementChange<WorkflowState>[];
    changed: ElementChange<WorkflowState>[];
  };
  transitions: {
    added: ElementChange<WorkflowTransition>[];
    removed: ElementChange<WorkflowTransition>[];
    changed: ElementChange<WorkflowTransition>[];
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The properties whose values differ, the designer's layout (`position`) aside: moving a node changes nothing that runs. */
function changedProperties(before: object, after: object): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  names.delete('position');
  return [...names]
    .filter((n) => !same((before as Record<string, unknown>)[n], (after as Record<string, unknown>)[n]))
    .sort();
}

function compare<T extends object>(before: readonly T[], after: readonly T[], idOf: (element: T) => string) {
  const old = new Map(before.map((e) => [idOf(e), e]));
  const now = new Map(after.map((e) => [idOf(e), e]));
  const added: ElementChange<T>[] = [];
  const removed: ElementChange<T>[] = [];
  const changed: ElementChange<T>[] = [];
  for (const [id, element] of now) {
    const previous = old.get(id);
    if (!previous) added.push({ id, after: element, properties: [] });
    else {
      const properties = changedProperties(previous, element);
      if (properties.length > 0) changed.push({ id, before: previous, after: element, properties });
    }
  }
  for (const [id, element] of old) if (!now.has(id)) removed.push({ id, before: element, properties: [] });
  return { added, removed, changed };
}

/**
 * What changed from one workflow to another: states matched by key, transitions by their
 * starting state and key (an action's name is only unique among those leaving one state).
 */
export function diffWorkflows(before: Compared, after: Compared): WorkflowDiff {
  return {
    titleChanged: !same(before.title, after.title),
    states: compare(before.states, after.states, (s) => s.key),
    transitions: compare(before.transitions, after.transitions, (t) => `${t.from}/${t.key}`),
  };
}

/** Whether a diff found nothing. */
export function isEmptyDiff(diff: WorkflowDiff): boolean {
  const { states, transitions } = diff;
  return (
    !diff.titleChanged &&
    [
      states.added,
      states.removed,
      states.changed,
      transitions.added,
      transitions.removed,
      transitions.changed,
    ].every((list) => list.length === 0)
  );
}
