import { formatDateTime } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { auditPreviewQuery } from '../api/audits';
import { serverProblemsOf } from '../plan-editor/server-problems';
import { useAuditT } from './audit-messages';
import { type PlanValues, previewContentOf } from './plan-values';

/** How many managers the plan covers and samples now, and when it next triggers, asked as the admin types. */
export function PlanPreview({
  institutionId,
  values,
}: {
  institutionId: string;
  values: PlanValues | undefined;
}) {
  const t = useAuditT();
  const content = useMemo(() => previewContentOf(values), [values]);
  // Asked once typing pauses, not on every keystroke.
  const [asked, setAsked] = useState(content);
  const key = JSON.stringify(content);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `content`, compared by value.
  useEffect(() => {
    const timer = setTimeout(() => setAsked(content), 300);
    return () => clearTimeout(timer);
  }, [key]);
  const preview = useQuery(auditPreviewQuery(institutionId, asked));
  if (!asked) return <Typography.Text type="secondary">{t('preview.waiting')}</Typography.Text>;
  if (preview.isError) {
    const problems = serverProblemsOf(preview.error);
    return (
      <Alert
        type="warning"
        showIcon
        title={t('preview.failed')}
        data-testid="plan-preview-error"
        description={
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {(problems.length > 0 ? problems.map((p) => p.message) : [preview.error.message]).map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        }
      />
    );
  }
  const data = preview.data;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="plan-preview">
      <Descriptions.Item label={t('preview.population')}>
        <span data-testid="preview-population">{data ? data.population : '…'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('preview.sampleSize')}>
        <span data-testid="preview-sample-size">{data ? data.sampleSize : '…'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('preview.nextTriggers')}>
        <span data-testid="preview-next-triggers">
          {data ? data.nextTriggers.map((d) => formatDateTime(d)).join('，') : '…'}
        </span>
      </Descriptions.Item>
      {asked.kind === 'random' ? (
        <Descriptions.Item span={3}>
          <Typography.Text type="secondary">
            {t('preview.randomNote', { days: asked.schedule.windowDays })}
          </Typography.Text>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
