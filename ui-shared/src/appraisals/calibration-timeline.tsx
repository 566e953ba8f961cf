import { Timeline, Typography } from 'antd';
import type { CalibrationView } from '../api/appraisals';
import { formatDateTime } from '../i18n/format';
import { useT } from '../i18n/shared-messages';

/** An appraisal's calibrations, oldest first: who moved the total from what to what, when and why. */
export function CalibrationTimeline({
  calibrations,
  testId,
}: {
  calibrations: CalibrationView[];
  testId?: string;
}) {
  const t = useT();
  return (
    <Timeline
      data-testid={testId}
      items={calibrations.map((c) => ({
        key: c.at,
        children: (
          <>
            <Typography.Text strong>
              {t('calibration.line', { by: c.by.name, from: c.from ?? '—', to: c.to })}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">{formatDateTime(c.at)}</Typography.Text>
            </div>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{c.reason}</Typography.Paragraph>
          </>
        ),
      }))}
    />
  );
}
