import type { Selection, WorkflowProblem } from './workflow-draft';

/** Where problems are drawn: on a state's node, on a transition's edge, or about the workflow as a whole. */
export interface ProblemTargets {
  states: ReadonlyMap<number, WorkflowProblem[]>;
  transitions: ReadonlyMap<number, WorkflowProblem[]>;
  workflow: WorkflowProblem[];
}

const ELEMENT = /^\/(states|transitions)\/(\d+)(?:\/|$)/;

/** The state or transition a problem's path (`/states/2/label`, `/transitions/0/guard`) is about, if any. */
export function problemSelection(path: string): Selection {
  const match = ELEMENT.exec(path);
  if (!match) return undefined;
  return { kind: match[1] === 'states' ? 'state' : 'transition', index: Number(match[2]) };
}

/** Sorts problems by the state or transition they concern. */
export function problemTargets(problems: readonly WorkflowProblem[]): ProblemTargets {
  const states = new Map<number, WorkflowProblem[]>();
  const transitions = new Map<number, WorkflowProblem[]>();
  const workflow: WorkflowProblem[] = [];
  for (const problem of problems) {
    const target = problemSelection(problem.path);
    const into = target?.kind === 'state' ? states : target?.kind === 'transition' ? transitions : undefined;
    if (!target || !into) {
      workflow.push(problem);
      continue;
    }
    into.set(target.index, [...(into.get(target.index) ?? []), problem]);
  }
  return { states, transitions, workflow };
}
