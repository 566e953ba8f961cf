import { compileExpression } from './form-expressions.js';
import { INSTITUTION_ROLES, type InstitutionRole, type Message } from './vocabulary.js';

/** Who may take a transition. */
export type ActorRule =
  | { kind: 'role'; role: InstitutionRole }
  | { kind: 'subject' }
  | { kind: 'supervisor' }
  | { kind: 'user'; userId: string }
  | { kind: 'pool'; userIds: string[]; assignment: 'round-robin' | 'least-loaded' }
  /** N approvals out of the members before the transition fires. */
  | { kind: 'committee'; userIds: string[]; required: number };

/** Who a state's overdue task escalates to: they get it and may then act on it. */
export type EscalationTarget = Extract<ActorRule, { kind: 'role' | 'supervisor' | 'user' }>;

export interface WorkflowState {
  key: string;
  label: Message;
  kind: 'start' | 'normal' | 'final';
  /** Hours allowed in this state; a reminder may go out before and an escalation after. */
  deadline?: { hours: number; remindBeforeHours?: number; escalateTo?: EscalationTarget };
  /** Where the designer draws the state; no meaning to the engine. */
  position?: { x: number; y: number };
}

export interface WorkflowTransition {
  /** The action's name, unique among the transitions leaving `from`. */
  key: string;
  label: Message;
  from: string;
  to: string;
  actors: ActorRule;
  /** Key of a form to fill while acting. */
  form?: string;
  /** JSONata over `{instance, comment, data, score}` (data and score: the form filled while acting); the transition is refused unless it is truthy. */
  guard?: string;
  /** Acting on your own subject is refused unless this is true. */
  allowSelf?: boolean;
}

export interface WorkflowContent {
  key: string;
  title: Message;
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}

const text = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength: 1, maxLength: 200 },
    en: { type: 'string', minLength: 1, maxLength: 200 },
  },
};
const key = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' };
const roleRule = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'role'],
  properties: { kind: { const: 'role' }, role: { enum: [...INSTITUTION_ROLES] } },
} as const;
const supervisorRule = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: { kind: { const: 'supervisor' } },
} as const;
const userRule = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'userId'],
  properties: {
    kind: { const: 'user' },
    userId: { type: 'string', pattern: '^[0-9a-f]{24}$' },
  },
} as const;
const ids = {
  type: 'array',
  items: { type: 'string', pattern: '^[0-9a-f]{24}$' },
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
};

/** JSON Schema (draft-07) of a workflow definition. */
export const workflowDefinitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'title', 'states', 'transitions'],
  properties: {
    key,
    title: text,
    states: {
      type: 'array',
      minItems: 2,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'label', 'kind'],
        properties: {
          key,
          label: text,
          kind: { enum: ['start', 'normal', 'final'] },
          position: {
            type: 'object',
            additionalProperties: false,
            required: ['x', 'y'],
            properties: {
              x: { type: 'number', minimum: -100000, maximum: 100000 },
              y: { type: 'number', minimum: -100000, maximum: 100000 },
            },
          },
          deadline: {
            type: 'object',
            additionalProperties: false,
            required: ['hours'],
            properties: {
              hours: { type: 'number', exclusiveMinimum: 0, maximum: 8760 },
              remindBeforeHours: { type: 'number', exclusiveMinimum: 0 },
              escalateTo: { oneOf: [roleRule, supervisorRule, userRule] },
            },
          },
        },
      },
    },
    transitions: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'label', 'from', 'to', 'actors'],
        properties: {
          key,
          label: text,
          from: key,
          to: key,
          form: key,
          guard: { type: 'string', maxLength: 2000 },
          allowSelf: { type: 'boolean' },
          actors: {
            oneOf: [
              roleRule,
              supervisorRule,
              userRule,
              {
                type: 'object',
                additionalProperties: false,
                required: ['kind'],
                properties: { kind: { const: 'subject' } },
              },
              {
                type: 'object',
                additionalProperties: false,
                required: ['kind', 'userIds', 'assignment'],
                properties: {
                  kind: { const: 'pool' },
                  userIds: ids,
                  assignment: { enum: ['round-robin', 'least-loaded'] },
                },
              },
              {
                type: 'object',
                additionalProperties: false,
                required: ['kind', 'userIds', 'required'],
                properties: {
                  kind: { const: 'committee' },
                  userIds: ids,
                  required: { type: 'integer', minimum: 1 },
                },
              },
            ],
          },
        },
      },
    },
  },
} as const;

/** One thing wrong with a workflow, where it is, in both languages. */
export interface WorkflowProblem {
  path: string;
  message: Message;
}

/**
 * Every problem of a workflow at once: duplicate or missing states, not exactly one start state,
 * unreachable states, states with no way to a final state, transitions naming missing states or
 * forms, duplicate actions, committees asking for more approvals than members, guards that do not compile.
 */
export function checkWorkflow(workflow: WorkflowContent, formKeys: ReadonlySet<string>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const add = (path: string, en: string, zh: string) => problems.push({ path, message: { en, zh } });
  const states = new Map<string, number>();
  workflow.states.forEach((s, i) => {
    if (states.has(s.key))
      add(`/states/${i}/key`, `state "${s.key}" is defined twice`, `状态 "${s.key}" 重复定义`);
    states.set(s.key, i);
    const remind = s.deadline?.remindBeforeHours;
    if (s.deadline && remind !== undefined && remind >= s.deadline.hours)
      add(
        `/states/${i}/deadline/remindBeforeHours`,
        `the reminder (${remind} h before) must come after the state is entered (deadline ${s.deadline.hours} h)`,
        `提醒（提前 ${remind} 小时）须晚于进入状态（期限 ${s.deadline.hours} 小时）`,
      );
    if (s.kind === 'final' && s.deadline)
      add(
        `/states/${i}/deadline`,
        `final state "${s.key}" cannot have a deadline`,
        `结束状态 "${s.key}" 不能设期限`,
      );
  });
  const starts = workflow.states.filter((s) => s.kind === 'start');
  if (starts.length !== 1)
    add(
      '/states',
      `a workflow has exactly one start state (found ${starts.length})`,
      `流程须有且只有一个开始状态（现有 ${starts.length} 个）`,
    );
  if (!workflow.states.some((s) => s.kind === 'final'))
    add('/states', 'a workflow needs at least one final state', '流程至少需要一个结束状态');

  const actions = new Set<string>();
  workflow.transitions.forEach((t, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!states.has(t[end]))
        add(`/transitions/${i}/${end}`, `no state "${t[end]}"`, `没有状态 "${t[end]}"`);
    }
    if (workflow.states[states.get(t.from) ?? -1]?.kind === 'final')
      add(
        `/transitions/${i}/from`,
        `"${t.from}" is a final state: nothing leaves it`,
        `"${t.from}" 是结束状态，不能再流转`,
      );
    if (actions.has(`${t.from}/${t.key}`))
      add(
        `/transitions/${i}/key`,
        `"${t.from}" already has an action "${t.key}"`,
        `状态 "${t.from}" 已有动作 "${t.key}"`,
      );
    actions.add(`${t.from}/${t.key}`);
    if (t.form && !formKeys.has(t.form))
      add(`/transitions/${i}/form`, `no form "${t.form}" in this institution`, `本机构没有表单 "${t.form}"`);
    if (t.actors.kind === 'committee' && t.actors.required > t.actors.userIds.length) {
      add(
        `/transitions/${i}/actors/required`,
        `${t.actors.required} approvals asked of ${t.actors.userIds.length} members`,
        `要求 ${t.actors.required} 票批准，但只有 ${t.actors.userIds.length} 名成员`,
      );
    }
    if (t.guard !== undefined) {
      try {
        compileExpression(t.guard);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        add(`/transitions/${i}/guard`, `the guard does not compile: ${why}`, `条件表达式无法编译：${why}`);
      }
    }
  });

  const next = new Map<string, string[]>();
  for (const t of workflow.transitions) next.set(t.from, [...(next.get(t.from) ?? []), t.to]);
  const reachable = new Set<string>(starts.map((s) => s.key));
  const queue = [...reachable];
  while (queue.length > 0) {
    for (const to of next.get(queue.shift() as string) ?? []) {
      if (!reachable.has(to)) {
        reachable.add(to);
        queue.push(to);
      }
    }
  }
  const finishes = new Set(workflow.states.filter((s) => s.kind === 'final').map((s) => s.key));
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of workflow.transitions) {
      if (finishes.has(t.to) && !finishes.has(t.from)) {
        finishes.add(t.from);
        grew = true;
      }
    }
  }
  workflow.states.forEach((s, i) => {
    if (!reachable.has(s.key))
      add(
        `/states/${i}`,
        `state "${s.key}" cannot be reached from the start`,
        `从开始状态无法到达状态 "${s.key}"`,
      );
    if (!finishes.has(s.key))
      add(
        `/states/${i}`,
        `state "${s.key}" has no way to a final state`,
        `状态 "${s.key}" 无法到达任何结束状态`,
      );
  });
  return problems;
}
