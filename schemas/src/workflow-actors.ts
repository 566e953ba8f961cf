import type { ActorRule, WorkflowTransition } from './workflow-definition.js';

/** Who is asking, as far as who-may-act is concerned. */
export interface ActingUser {
  id: string;
  role: string;
}

/** What of an instance decides who may act on it. */
export interface ActedOn {
  /**
   * `supervisorIds`: the subject's supervisors, resolved from the org tree when the instance
   * started; null when the subject has no place in a tree (then every supervisor counts).
   */
  subject: { userId: string | null; supervisorIds?: readonly string[] | null };
  /** Who holds the current state's task in person (a pool's pick, a reassignment, an escalation). */
  assignees: readonly string[];
}

/**
 * Whether `user` may take a transition of the instance's current state, self-approval aside:
 * a committee's members; else the instance's assignees when it has some; else the rule.
 * The server decides with this, and the portal shows the same actions.
 */
export function mayAct(user: ActingUser, transition: WorkflowTransition, instance: ActedOn): boolean {
  const rule: ActorRule = transition.actors;
  if (rule.kind === 'committee') return rule.userIds.includes(user.id);
  if (instance.assignees.length > 0) return instance.assignees.includes(user.id);
  switch (rule.kind) {
    case 'role':
      return user.role === rule.role;
    case 'subject':
      return instance.subject.userId === user.id;
    case 'supervisor':
      return isSubjectSupervisor(user, instance);
    case 'user':
      return rule.userId === user.id;
    case 'pool':
      return rule.userIds.includes(user.id);
  }
}

/** Whether `user` is the subject's supervisor (any supervisor when the subject has no place in the tree). */
export function isSubjectSupervisor(user: ActingUser, instance: ActedOn): boolean {
  const named = instance.subject.supervisorIds;
  return named ? named.includes(user.id) : user.role === 'supervisor';
}

/** Whether the instance is about `user` themself. */
export function isOwnSubject(user: ActingUser, instance: ActedOn): boolean {
  return instance.subject.userId === user.id;
}

/** Whether `user` may take the transition, their own subject excluded unless it allows self-approval. */
export function mayTake(user: ActingUser, transition: WorkflowTransition, instance: ActedOn): boolean {
  return (
    mayAct(user, transition, instance) && (transition.allowSelf === true || !isOwnSubject(user, instance))
  );
}
