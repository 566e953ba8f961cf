import { formatDateTime, useLanguage } from '@rapport/ui-shared';
import { Tag, Timeline, Typography } from 'antd';
import type { GradeChangeView } from '../api/org';
import { useOrgT } from '../org/org-messages';
import { gradeLabel } from '../org/vocabulary-labels';

/** A manager's grade changes, newest first, each with its reason and who decided. */
export function GradeHistory({ history }: { history: readonly GradeChangeView[] }) {
  const t = useOrgT();
  const language = useLanguage();
  const newestFirst = [...history].reverse();
  return (
    <Timeline
      data-testid="grade-history"
      items={newestFirst.map((change, index) => ({
        key: `${change.at}-${index}`,
        color: index === 0 ? 'blue' : 'gray',
        content: (
          <div data-testid="grade-history-entry">
            <Typography.Text strong>
              {change.from === null
                ? t('managers.historyInitial', { to: gradeLabel(change.to, language) })
                : t('managers.historyChange', {
                    from: gradeLabel(change.from, language),
                    to: gradeLabel(change.to, language),
                  })}
            </Typography.Text>
            {change.instanceId ? (
              <Tag style={{ marginInlineStart: 8 }}>{t('managers.viaWorkflow')}</Tag>
            ) : null}
            <Typography.Paragraph style={{ margin: '4px 0' }} data-testid="grade-history-reason">
              {change.reason}
            </Typography.Paragraph>
            <Typography.Text type="secondary">
              {formatDateTime(change.at)} · {t('managers.decidedBy', { name: change.decidedBy.name })}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
