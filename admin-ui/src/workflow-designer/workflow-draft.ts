import type { WorkflowContent, WorkflowProblem } from '@rapport/schemas';

export type { WorkflowContent, WorkflowProblem, WorkflowState, WorkflowTransition } from '@rapport/schemas';

/** What the designer edits: a workflow's content without its key, which is fixed at creation. */
export type WorkflowDraft = Omit<WorkflowContent, 'key'>;

/** The state or transition the side panel shows, by its place in the draft; none shows the workflow itself. */
export type Selection = { kind: 'state'; index: number } | { kind: 'transition'; index: number } | undefined;

/** Keys of workflows, states, transitions and forms (the schema's pattern). */
export const KEY_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** The draft as the API takes it. */
export function contentOf(key: string, draft: WorkflowDraft): WorkflowContent {
  return { key, title: draft.title, states: draft.states, transitions: draft.transitions };
}

/** Whether two drafts say the same (their JSON is compared: drafts are small). */
export function sameDraft(a: WorkflowDraft, b: WorkflowDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A problem's message in the UI language. */
export function problemText(problem: WorkflowProblem, language: 'zh-CN' | 'en'): string {
  return language === 'en'
    ? problem.message.en || problem.message.zh
    : problem.message.zh || problem.message.en;
}
