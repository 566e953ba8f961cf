import { mayTake } from '@rapport/schemas';
import {
  formatDateTime,
  type Instance,
  isNoteAction,
  localisedName,
  useCurrentUser,
  useLanguage,
  type WorkflowTransition,
  type WorkflowVersion,
} from '@rapport/ui-shared';
import { Button, Card, Descriptions, Flex, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { usePortalT } from '../../portal-messages';
import { ActionModal } from './action-modal';
import { CommentBox } from './comment-box';

/** A workflow instance as its actor sees it: where it stands, what they may do now, and its history with comments. */
export function InstanceView({
  institutionId,
  instance,
  definition,
  onReload,
}: {
  institutionId: string;
  instance: Instance;
  definition: WorkflowVersion;
  onReload: () => void;
}) {
  const t = usePortalT();
  const language = useLanguage();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [acting, setActing] = useState<WorkflowTransition | null>(null);
  const workflow = localisedName(instance.workflowTitle, language);
  const stateLabel = (key: string | null) => {
    if (key === null) return '';
    const state = definition.states.find((s) => s.key === key);
    return state ? localisedName(state.label, language) : key;
  };
  const actionLabel = (action: string, from: string | null) => {
    if (action === 'start' && from === null) return t('instance.started');
    if (isNoteAction(action)) return t(`instance.note.${action}`);
    const transition = definition.transitions.find((tr) => tr.key === action && tr.from === from);
    return transition ? localisedName(transition.label, language) : action;
  };
  const transitions = instance.closedAt
    ? []
    : definition.transitions.filter(
        (tr) =>
          tr.from === instance.state &&
          mayTake(user, tr, instance) &&
          !instance.approvals.some((a) => a.action === tr.key && a.userIds.includes(user.id)),
      );
  const overdue = instance.dueAt !== null && !instance.closedAt && Date.parse(instance.dueAt) < Date.now();

  return (
    <>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="instance-title">
          {workflow}
        </Typography.Title>
        <Tag color={instance.closedAt ? 'default' : 'processing'} data-testid="instance-state">
          {stateLabel(instance.state)}
        </Tag>
        <Button style={{ marginInlineStart: 'auto' }} onClick={() => navigate('/inbox')}>
          {t('instance.back')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'subject',
            label: t('inbox.subject'),
            children: (
              <span data-testid="instance-subject">{`${instance.subject.kind} · ${instance.subject.id}`}</span>
            ),
          },
          { key: 'startedAt', label: t('inbox.startedAt'), children: formatDateTime(instance.createdAt) },
          {
            key: 'dueAt',
            label: t('inbox.dueAt'),
            children: instance.dueAt ? (
              <Flex gap={8} align="center">
                {formatDateTime(instance.dueAt)}
                {overdue ? (
                  <Tag color="error" data-testid={`overdue-${instance.id}`}>
                    {t('inbox.overdue')}
                  </Tag>
                ) : null}
              </Flex>
            ) : (
              '—'
            ),
          },
          ...(instance.closedAt
            ? [
                {
                  key: 'closedAt',
                  label: t('instance.closedAt'),
                  children: formatDateTime(instance.closedAt),
                },
              ]
            : []),
        ]}
      />
      <Card title={t('instance.actions')} size="small" style={{ marginBottom: 16 }} data-testid="actions">
        {transitions.length === 0 ? (
          <Typography.Text type="secondary">{t('instance.noActions')}</Typography.Text>
        ) : (
          <Flex gap={12} wrap>
            {transitions.map((tr) => {
              const committee = tr.actors.kind === 'committee' ? tr.actors : null;
              const gathered = instance.approvals.find((a) => a.action === tr.key)?.userIds ?? [];
              return (
                <Flex key={tr.key} gap={8} align="center">
                  <Button type="primary" onClick={() => setActing(tr)} data-testid={`action-${tr.key}`}>
                    {localisedName(tr.label, language)}
                  </Button>
                  {committee ? (
                    <Tag data-testid={`approvals-${tr.key}`}>
                      {t('instance.approvals', { count: gathered.length, required: committee.required })}
                    </Tag>
                  ) : null}
                </Flex>
              );
            })}
          </Flex>
        )}
      </Card>
      <Card title={t('instance.history')} size="small">
        <Timeline
          data-testid="history"
          items={instance.history.map((entry, index) => ({
            key: `${entry.at}-${index}`,
            children: (
              <div data-testid="history-entry">
                <Typography.Text strong>{entry.by?.name ?? t('instance.platform')}</Typography.Text>{' '}
                <Tag>{actionLabel(entry.action, entry.from)}</Tag>
                {isNoteAction(entry.action)
                  ? (entry.assignees ?? []).map((a) => a.name).join(t('instance.listSeparator'))
                  : entry.from === null
                    ? stateLabel(entry.to)
                    : `${stateLabel(entry.from)} → ${stateLabel(entry.to)}`}
                <div>
                  <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
                </div>
                {entry.comment ? (
                  <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="history-comment">
                    {entry.comment}
                  </Typography.Paragraph>
                ) : null}
              </div>
            ),
          }))}
        />
        <CommentBox institutionId={institutionId} instanceId={instance.id} />
      </Card>
      {acting ? (
        <ActionModal
          institutionId={institutionId}
          instance={instance}
          transition={acting}
          workflow={workflow}
          onClose={() => setActing(null)}
          onReload={() => {
            setActing(null);
            onReload();
          }}
        />
      ) : null}
    </>
  );
}
