import type { Message } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Empty, List, Tag, Typography } from 'antd';
import { type ChangeKind, ChangeTag } from '../document-shell/change-tag';
import { useDesignerT } from './designer-messages';
import { type ElementChange, isEmptyDiff, type WorkflowDiff } from './diff-workflows';

interface Row {
  kind: ChangeKind;
  element: 'state' | 'transition';
  change: ElementChange<{ label: Message }>;
}

/** What changed between two versions of a workflow, state by state and transition by transition. */
export function WorkflowDiffView({ diff }: { diff: WorkflowDiff }) {
  const t = useDesignerT();
  const language = useLanguage();
  if (isEmptyDiff(diff))
    return <Empty description={t('versions.noDiff')} data-testid="workflow-diff-empty" />;
  const rows: Row[] = (['state', 'transition'] as const).flatMap((element) => {
    const changes = element === 'state' ? diff.states : diff.transitions;
    return (['added', 'removed', 'changed'] as const).flatMap((kind) =>
      changes[kind].map((change) => ({ kind, element, change: change as ElementChange<{ label: Message }> })),
    );
  });
  const property = (name: string) => t(`property.${name}` as 'property.label');
  return (
    <div data-testid="workflow-diff">
      {diff.titleChanged ? (
        <Typography.Paragraph>
          <ChangeTag kind="changed" />
          {t('versions.titleChanged')}
        </Typography.Paragraph>
      ) : null}
      <List
        size="small"
        dataSource={rows}
        renderItem={({ kind, element, change }) => {
          const shown = change.after ?? change.before;
          return (
            <List.Item data-testid={`diff-${element}-${kind}`}>
              <span>
                <ChangeTag kind={kind} />
                <Tag>{t(`versions.${element}`)}</Tag>
                {shown ? localisedName(shown.label, language) : ''}{' '}
                <Typography.Text code>{change.id}</Typography.Text>
                {change.properties.length > 0 ? (
                  <Typography.Text type="secondary">
                    {' '}
                    {t('versions.properties', {
                      names: change.properties.map(property).join(language === 'en' ? ', ' : '、'),
                    })}
                  </Typography.Text>
                ) : null}
              </span>
            </List.Item>
          );
        }}
      />
    </div>
  );
}
