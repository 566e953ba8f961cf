import type { EngineParts, WorkflowEngine } from './engine.js';

// `app.workflows`: what the routes and other capabilities call of the workflows capability, one façade
// over its parts (composed in plugin.ts), so callers need not know which part answers.

// Other capabilities and the deadline tests import these from here.
export type { InstanceDoc } from './model.js';
export { WORKFLOW_QUEUE } from './model.js';

/** The workflows capability, cut along its seams. */
export interface WorkflowParts extends EngineParts {
  engine: WorkflowEngine;
}

/** The methods `names` of `part`, bound to it, to be handed out as they are. */
function methodsOf<T extends object, K extends keyof T>(part: T, names: readonly K[]): Pick<T, K> {
  return Object.fromEntries(
    names.map((name) => [name, (part[name] as (...args: unknown[]) => unknown).bind(part)]),
  ) as Pick<T, K>;
}

/** The parts' methods that routes and other capabilities call, as one object. */
export function workflowsFacade(parts: WorkflowParts) {
  return {
    ...methodsOf(parts.definitions, [
      'check',
      'list',
      'get',
      'listVersions',
      'getVersion',
      'create',
      'update',
      'publish',
      'removeMany',
    ]),
    ...methodsOf(parts.engine, ['start', 'getInstance', 'getInstances', 'act', 'comment', 'onEntered']),
    ...methodsOf(parts.assignment, ['reassign']),
    ...methodsOf(parts.timers, ['onTimer']),
    ...methodsOf(parts.inbox, ['inbox', 'readInstance', 'listInstances', 'countInstances']),
  };
}

export type WorkflowsService = ReturnType<typeof workflowsFacade>;
