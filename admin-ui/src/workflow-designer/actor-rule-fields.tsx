import { type ActorRule, INSTITUTION_ROLES, type InstitutionRole } from '@rapport/schemas';
import { roleLabel, useT } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Form, InputNumber, Radio, Select } from 'antd';
import { usersQuery } from '../api/users';
import { useDesignerT } from './designer-messages';

type Kind = ActorRule['kind'];

/** A sensible rule of each kind, keeping the people already chosen when switching between kinds that have them. */
function ruleOfKind(kind: Kind, current: ActorRule | undefined): ActorRule {
  const userIds =
    current?.kind === 'pool' || current?.kind === 'committee'
      ? current.userIds
      : current?.kind === 'user'
        ? [current.userId]
        : [];
  switch (kind) {
    case 'role':
      return { kind, role: current?.kind === 'role' ? current.role : 'supervisor' };
    case 'subject':
    case 'supervisor':
      return { kind };
    case 'user':
      return { kind, userId: userIds[0] ?? '' };
    case 'pool':
      return { kind, userIds, assignment: 'round-robin' };
    case 'committee':
      return { kind, userIds, required: Math.max(1, Math.min(userIds.length, 2)) };
  }
}

/**
 * Who may act: a role, the subject, the subject's supervisor, one user, a pool sharing the work or a
 * committee voting. `kinds` narrows the choice (an escalation goes to a role, a supervisor or a user).
 */
export function ActorRuleFields<R extends ActorRule>({
  institutionId,
  value,
  onChange,
  kinds,
  testId,
}: {
  institutionId: string;
  value: R;
  onChange: (rule: R) => void;
  kinds: readonly R['kind'][];
  testId: string;
}) {
  const t = useDesignerT();
  const tShared = useT();
  const users = useQuery(usersQuery(institutionId));
  const userOptions = (users.data ?? [])
    .filter((u) => !u.disabled && u.role !== 'platform_admin')
    .map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }));
  const set = (rule: ActorRule) => onChange(rule as R);
  const userSelect = {
    loading: users.isPending,
    options: userOptions,
    showSearch: { optionFilterProp: 'label' },
  } as const;

  return (
    <>
      <Form.Item label={t('actors.kind')} extra={t(`actors.kind.${value.kind}.help`)}>
        <Select<Kind>
          value={value.kind}
          onChange={(kind) => set(ruleOfKind(kind, value))}
          options={kinds.map((k) => ({ value: k, label: t(`actors.kind.${k}`) }))}
          data-testid={`${testId}-kind`}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      {value.kind === 'role' ? (
        <Form.Item label={t('actors.role')}>
          <Select<InstitutionRole>
            value={value.role}
            onChange={(role) => set({ kind: 'role', role })}
            options={INSTITUTION_ROLES.map((r) => ({ value: r, label: roleLabel(tShared, r) }))}
            data-testid={`${testId}-role`}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      ) : null}
      {value.kind === 'user' ? (
        <Form.Item
          label={t('actors.user')}
          validateStatus={value.userId ? undefined : 'error'}
          help={value.userId ? undefined : t('actors.userRequired')}
        >
          <Select<string>
            {...userSelect}
            value={value.userId || undefined}
            onChange={(userId) => set({ kind: 'user', userId })}
            placeholder={t('actors.pickUser')}
            data-testid={`${testId}-user`}
          />
        </Form.Item>
      ) : null}
      {value.kind === 'pool' || value.kind === 'committee' ? (
        <Form.Item
          label={t(value.kind === 'pool' ? 'actors.poolMembers' : 'actors.committeeMembers')}
          validateStatus={value.userIds.length > 0 ? undefined : 'error'}
          help={value.userIds.length > 0 ? undefined : t('actors.membersRequired')}
        >
          <Select<string[]>
            {...userSelect}
            mode="multiple"
            value={value.userIds}
            onChange={(userIds) => set({ ...value, userIds })}
            placeholder={t('actors.pickUsers')}
            data-testid={`${testId}-users`}
          />
        </Form.Item>
      ) : null}
      {value.kind === 'pool' ? (
        <Form.Item label={t('actors.assignment')}>
          <Radio.Group
            value={value.assignment}
            onChange={(e) => set({ ...value, assignment: e.target.value })}
            options={[
              { value: 'round-robin', label: t('actors.assignment.round-robin') },
              { value: 'least-loaded', label: t('actors.assignment.least-loaded') },
            ]}
          />
        </Form.Item>
      ) : null}
      {value.kind === 'committee' ? (
        <Form.Item
          label={t('actors.required')}
          extra={t('actors.requiredHelp', { members: value.userIds.length })}
        >
          <InputNumber
            min={1}
            max={Math.max(1, value.userIds.length)}
            precision={0}
            value={value.required}
            onChange={(required) => set({ ...value, required: required ?? 1 })}
            data-testid={`${testId}-required`}
          />
        </Form.Item>
      ) : null}
    </>
  );
}
